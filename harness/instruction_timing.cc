#include "harness/instruction_timing.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/callgrind_batch.h"
#include "harness/callgrind_dump.h"
#include "harness/interrupt.h"
#include "harness/measure.h"
#include "reports/atomic_write.h"
#include "reports/errors.h"
#include "reports/report_json.h"

namespace sigheap {

namespace fs = std::filesystem;

namespace {

// valgrind's options: callgrind counts only instructions (no cache or branch simulation), starts
// with instrumentation off (start-up is translated the quick way; harness/callgrind_batch.cc turns
// it on), and writes one file per process with one part per dump, without per-line detail. No
// gdbserver: its FIFOs in $TMPDIR would outlive a valgrind that is killed.
std::vector<std::string> valgrind_command(const std::string& valgrind, const std::string& dir,
                                          const std::string& batch_file) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot find this program's path (/proc/self/exe): " + ec.message());
  return {valgrind,         "--tool=callgrind",   "-q",
          "--vgdb=no",      "--instr-atstart=no", "--combine-dumps=yes",
          "--dump-line=no", "--dump-instr=no",    "--callgrind-out-file=" + dir + "/callgrind.%p",
          self.string(),    "callgrind-batch",    batch_file};
}

// Runs `argv` with stdin from /dev/null, stdout and stderr into `output` and TMPDIR set to `tmp`,
// and waits for it. The child dies with this process (PR_SET_PDEATHSIG survives exec); an
// interrupt kills and reaps it before Interrupted is thrown, so no valgrind outlives the run.
int run_and_wait(const std::vector<std::string>& argv, const std::string& output, const std::string& tmp) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    reset_interrupt_handlers();
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) _exit(126);
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0) _exit(126);
    ::setenv("TMPDIR", tmp.c_str(), 1);  // whatever valgrind keeps there goes with the run's folder
    ::execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
    if (interrupt_signal() != 0) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
      throw_if_interrupted();
    }
  }
  return status;
}

// Why cell `k` of a batch has no samples, from the batch's output: the line the batch wrote about
// that cell (harness/callgrind_batch.cc), else the last line (valgrind's own complaint), else "".
std::string failure_of(const std::string& output, std::size_t k) {
  const std::string mine = fmt::format("sigheap: cell {} ", k);
  std::ifstream in(output);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.starts_with(mine)) return line.substr(std::string_view("sigheap: ").size());
    if (line.find_first_not_of(" \t") != std::string::npos) last = line;
  }
  return last;
}

// Samples per cell of the batch, read from every dump file in `dir`.
std::map<std::size_t, std::map<std::uint64_t, std::uint64_t>> read_dumps(const std::string& dir) {
  std::map<std::size_t, std::map<std::uint64_t, std::uint64_t>> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.path().filename().string().starts_with("callgrind.")) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (const DumpedSample& s : read_callgrind_dump(text.str())) out[s.cell][s.sample] = s.instructions;
  }
  return out;
}

// One batch, in its own folder: writes the batch file, runs valgrind on it, and returns per cell
// either {"samples": [instructions per iteration, ...]} or {"error": why}, as a JSON array.
std::string run_batch(const std::string& valgrind, const std::string& dir, const CallgrindBatch& batch) {
  fs::create_directories(dir);
  const std::string batch_file = dir + "/batch.json";
  const std::string output = dir + "/output.txt";
  write_file_atomic(batch_file, batch_to_json(batch));
  const int status = run_and_wait(valgrind_command(valgrind, dir, batch_file), output, dir);
  const auto dumped = read_dumps(dir);
  report::Json cells = report::Json::array();
  for (std::size_t k = 0; k < batch.cells.size(); ++k) {
    const auto it = dumped.find(k);
    if (it == dumped.end() || it->second.size() != batch.repetitions) {
      const std::string why = WIFEXITED(status) && WEXITSTATUS(status) == 127
                                  ? "valgrind could not be started"
                                  : failure_of(output, k);
      cells.push_back({{"error", "no instruction count from callgrind" + (why.empty() ? "" : ": " + why)}});
      continue;
    }
    const auto per_sample =
        static_cast<double>(iterations_per_sample(batch.cells[k].iterations, batch.repetitions));
    report::Json samples = report::Json::array();
    for (const auto& [sample, instructions] : it->second) {
      samples.push_back(static_cast<double>(instructions) / per_sample);
    }
    cells.push_back({{"samples", samples}});
  }
  return cells.dump();
}

void fail_result(report::Result& r, const std::string& why) {
  r.status = report::Status::kError;
  r.error = "timing: " + why;
  r.time.reset();
}

}  // namespace

std::string find_valgrind() {
  if (!callgrind_requests_compiled()) {
    throw BadInput(
        "--time-counter instructions: this sigheap was built without <valgrind/callgrind.h> (install "
        "valgrind, "
        "e.g. ./scripts/install-deps.sh, and build again)");
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "";
  while (true) {
    const auto colon = dirs.find(':');
    const std::string dir(dirs.substr(0, colon));
    const std::string candidate = (dir.empty() ? "." : dir) + "/valgrind";
    if (::access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate)) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  throw BadInput(
      "--time-counter instructions needs valgrind, which is not on PATH (Debian: apt-get install valgrind)");
}

std::size_t instruction_batch_count(std::size_t cells, unsigned jobs) {
  // At most this many results per valgrind process: enough that starting it (about half a second
  // of CPU) is a small part of the batch, few enough that progress moves and a failure costs little.
  constexpr std::size_t kMaxBatch = 16;
  return std::max(std::min<std::size_t>(cells, std::max(1u, jobs)), (cells + kMaxBatch - 1) / kMaxBatch);
}

void add_instruction_counts(const Matrix& m, const std::vector<Job>& jobs, const RunnerOptions& opt,
                            std::vector<report::Result>& results, const ProgressFn& progress) {
  if (!opt.measure.time || opt.measure.time_counter != TimeCounter::kInstructions) return;
  std::vector<std::size_t> timed;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (results[i].status == report::Status::kOk && results[i].steady) timed.push_back(i);
  }
  // Batches of consecutive results, as many as the progress line was promised (some may be empty
  // when results failed).
  const std::size_t batch_count = instruction_batch_count(jobs.size(), opt.jobs);
  std::vector<std::vector<std::size_t>> batches(batch_count);
  for (std::size_t k = 0; k < timed.size(); ++k) batches[k * batch_count / timed.size()].push_back(timed[k]);
  std::size_t largest = 0;
  for (const auto& b : batches) largest = std::max(largest, b.size());
  RunnerOptions batch_opt = opt;
  batch_opt.timeout_seconds = opt.timeout_seconds * static_cast<double>(std::max<std::size_t>(1, largest));

  std::map<std::size_t, std::vector<double>> samples;  // by index into results
  std::map<std::size_t, std::string> errors;
  for (std::uint64_t round = 0; round < opt.measure.time_rounds; ++round) {
    std::vector<Task> tasks;
    for (std::size_t b = 0; b < batches.size(); ++b) {
      CallgrindBatch batch{.repetitions = opt.measure.time_repetitions, .cells = {}};
      for (std::size_t i : batches[b]) {
        const Job& job = jobs[i];
        batch.cells.push_back({std::string(m.impls[job.impl].name),
                               std::string(m.scenarios[job.scenario].name), job.param_values,
                               results[i].steady->iterations});
      }
      const std::string dir = fmt::format("{}/round-{}-batch-{}", opt.scratch_dir, round + 1, b + 1);
      tasks.push_back({fmt::format("callgrind batch {}/{}", b + 1, batches.size()),
                       [valgrind = opt.valgrind, dir, batch] {
                         return batch.cells.empty() ? std::string("[]") : run_batch(valgrind, dir, batch);
                       }});
    }
    const auto outcomes = run_tasks(tasks, batch_opt, progress);
    for (std::size_t b = 0; b < batches.size(); ++b) {
      if (outcomes[b].status != report::Status::kOk) {
        for (std::size_t i : batches[b]) errors.emplace(i, "callgrind batch " + outcomes[b].error);
        continue;
      }
      const report::Json cells = report::Json::parse(outcomes[b].output);
      for (std::size_t k = 0; k < batches[b].size(); ++k) {
        const std::size_t i = batches[b][k];
        if (cells.at(k).contains("error")) {
          errors.emplace(i, cells.at(k).at("error").get<std::string>());
          continue;
        }
        for (double x : cells.at(k).at("samples")) samples[i].push_back(x);
      }
    }
  }
  for (std::size_t i : timed) {
    if (const auto e = errors.find(i); e != errors.end()) {
      fail_result(results[i], e->second);
      continue;
    }
    const std::uint64_t per_sample =
        iterations_per_sample(results[i].steady->iterations, opt.measure.time_repetitions);
    results[i].time = summarize_time(std::move(samples[i]), per_sample, TimeCounter::kInstructions);
  }
}

}  // namespace sigheap
