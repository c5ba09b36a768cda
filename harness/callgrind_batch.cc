#include "harness/callgrind_batch.h"

#include <fmt/format.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "harness/callgrind_dump.h"
#include "harness/measure.h"
#include "reports/errors.h"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif

namespace sigheap {

namespace {

// The client requests are macros that expand to an instruction sequence valgrind recognises and
// that does nothing elsewhere; these wrappers keep them out of the rest of the file. A build
// without valgrind's header has none, and `run --time-counter instructions` refuses to start.
#ifdef CALLGRIND_START_INSTRUMENTATION
constexpr bool kCallgrindRequests = true;
void start_instrumentation() { CALLGRIND_START_INSTRUMENTATION; }
void zero_counters() { CALLGRIND_ZERO_STATS; }
void dump_counters(const char* label) { CALLGRIND_DUMP_STATS_AT(label); }
#else
constexpr bool kCallgrindRequests = false;
void start_instrumentation() {}
void zero_counters() {}
void dump_counters(const char*) {}
#endif

// Zeroes callgrind's counters before a chunk and dumps them under the chunk's label after it.
// The labels are formatted beforehand, so that formatting one is not counted.
class CallgrindProbe final : public ChunkProbe {
 public:
  CallgrindProbe(std::size_t cell, std::uint64_t repetitions) {
    for (std::uint64_t s = 0; s < repetitions; ++s) labels_.push_back(sample_label(cell, s));
  }
  void start() override { zero_counters(); }
  double stop() override {
    dump_counters(labels_.at(next_++).c_str());
    return 0;  // the count is in the dump file
  }

 private:
  std::vector<std::string> labels_;
  std::size_t next_ = 0;
};

std::string exit_label(int status) {
  if (WIFSIGNALED(status)) {
    const char* abbrev = ::sigabbrev_np(WTERMSIG(status));
    return abbrev != nullptr ? fmt::format("ended by SIG{}", abbrev)
                             : fmt::format("ended by signal {}", WTERMSIG(status));
  }
  return fmt::format("exited with status {}", WEXITSTATUS(status));
}

}  // namespace

std::string batch_to_json(const CallgrindBatch& b) {
  nlohmann::json cells = nlohmann::json::array();
  for (const BatchCell& c : b.cells) {
    cells.push_back({{"impl", c.impl},
                     {"scenario", c.scenario},
                     {"params", c.param_values},
                     {"iterations", c.iterations}});
  }
  return nlohmann::json{{"repetitions", b.repetitions}, {"cells", cells}}.dump();
}

CallgrindBatch batch_from_json(const std::string& text, const std::string& source) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    CallgrindBatch b;
    b.repetitions = j.at("repetitions").get<std::uint64_t>();
    for (const auto& c : j.at("cells")) {
      b.cells.push_back({c.at("impl").get<std::string>(), c.at("scenario").get<std::string>(),
                         c.at("params").get<std::vector<std::int64_t>>(),
                         c.at("iterations").get<std::uint64_t>()});
    }
    return b;
  } catch (const nlohmann::json::exception& e) {
    throw BadInput(fmt::format("{}: not a callgrind batch ({})", source, e.what()));
  }
}

bool callgrind_requests_compiled() { return kCallgrindRequests; }

int run_callgrind_batch(const Matrix& m, const CallgrindBatch& b) {
  std::vector<const Cell*> cells;
  std::vector<ParamValues> params;
  for (const BatchCell& c : b.cells) {
    const std::ptrdiff_t impl = m.impl_index(c.impl);
    const std::ptrdiff_t scenario = m.scenario_index(c.scenario);
    const Cell* cell = impl < 0 || scenario < 0
                           ? nullptr
                           : m.cell(static_cast<std::size_t>(impl), static_cast<std::size_t>(scenario));
    if (cell == nullptr) throw BadInput(fmt::format("no cell {} {} in this build", c.impl, c.scenario));
    cells.push_back(cell);
    params.push_back(m.scenarios[static_cast<std::size_t>(scenario)].values(c.param_values));
  }
  // From here on callgrind translates code with counting in place; the start-up before is
  // translated the quick way. Only the chunks between a zeroing and a dump end up in the dumps.
  start_instrumentation();
  int failed = 0;
  const pid_t parent = ::getpid();
  for (std::size_t k = 0; k < cells.size(); ++k) {
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      // Killed with the batch (itself killed with the run's worker): no cell outlives the run.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) _exit(3);
      try {
        CallgrindProbe probe(k, b.repetitions);
        run_timing_pass(*cells[k], params[k], iterations_per_sample(b.cells[k].iterations, b.repetitions),
                        b.repetitions, probe);
      } catch (const std::exception& e) {
        std::cerr << fmt::format("sigheap: cell {} ({} {}): exception: {}\n", k, b.cells[k].impl,
                                 b.cells[k].scenario, e.what());
        _exit(3);
      }
      _exit(0);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      ++failed;
      std::cerr << fmt::format("sigheap: cell {} ({} {}): the timing pass {}\n", k, b.cells[k].impl,
                               b.cells[k].scenario, exit_label(status));
    }
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace sigheap
