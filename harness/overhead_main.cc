// sigheap-overhead: what the counting hook costs. Times the steady iteration of every model on
// the kairo scenarios (and computed-diamond-simple) with counting on and with counting off, in one
// run, samples interleaved so machine noise hits both alike, and prints the ratio of the medians
// per scenario and their geometric mean over the kairo set.
// Usage: sigheap-overhead [--repetitions N] [--scale F]   (F scales the iterations per sample)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "harness/counting_allocator.h"
#include "harness/registry.h"
#include "reports/stats.h"

namespace sigheap {
namespace {

struct Options {
  int repetitions = 15;
  double scale = 0.2;
};

struct Row {
  std::string scenario, impl;
  double off_ns, on_ns;
  bool kairo;
};

Row measure_overhead(const Cell& cell, const ScenarioInfo& scenario, const Options& opt) {
  const ParamValues params(scenario.params);
  const auto per_sample = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(static_cast<double>(scenario.default_iterations) * opt.scale / 10));
  // One graph per mode, both set up with counting off; only the timed chunks differ.
  alloc::set_counting(false);
  const std::unique_ptr<CellRun> run_on = cell.start(params), run_off = cell.start(params);
  run_on->setup();
  run_off->setup();
  std::uint64_t i_on = 0, i_off = 0;
  auto chunk = [&](CellRun& run, std::uint64_t& i, bool counting) {
    alloc::set_counting(counting);
    const auto t0 = std::chrono::steady_clock::now();
    run.iterate(i, per_sample);
    const auto t1 = std::chrono::steady_clock::now();
    alloc::set_counting(false);
    i += per_sample;
    return std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(per_sample);
  };
  chunk(*run_on, i_on, true);  // warm-up
  chunk(*run_off, i_off, false);
  std::vector<double> on, off;
  for (int r = 0; r < opt.repetitions; ++r) {
    off.push_back(chunk(*run_off, i_off, false));
    on.push_back(chunk(*run_on, i_on, true));
  }
  run_on->teardown();
  run_off->teardown();
  alloc::set_counting(true);
  const std::string name(scenario.name);
  return {name, std::string(cell.impl), report::median(off), report::median(on), name.rfind("kairo-", 0) == 0};
}

std::vector<Row> measure_all(const Matrix& m, const Options& opt) {
  std::vector<Row> rows;
  for (std::size_t s = 0; s < m.scenarios.size(); ++s) {
    const std::string_view name = m.scenarios[s].name;
    if (name.rfind("kairo-", 0) != 0 && name != "computed-diamond-simple") continue;
    for (std::size_t i = 0; i < m.impls.size(); ++i) {
      if (const Cell* cell = m.cell(i, s)) rows.push_back(measure_overhead(*cell, m.scenarios[s], opt));
    }
  }
  return rows;
}

}  // namespace
}  // namespace sigheap

int main(int argc, char** argv) {
  sigheap::Options opt;
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--repetitions") == 0 && a + 1 < argc) {
      opt.repetitions = std::max(3, std::atoi(argv[++a]));
    } else if (std::strcmp(argv[a], "--scale") == 0 && a + 1 < argc) {
      opt.scale = std::max(0.001, std::atof(argv[++a]));
    } else {
      fmt::print(stderr, "sigheap-overhead: unknown argument '{}' (usage: sigheap-overhead [--repetitions N] [--scale F])\n", argv[a]);
      return 2;
    }
  }
  const auto rows = sigheap::measure_all(sigheap::default_matrix(), opt);
  fmt::print("{:<26} {:<14} {:>14} {:>14} {:>9}\n", "scenario", "impl", "off ns/iter", "on ns/iter", "on/off");
  double log_sum = 0;
  int kairo = 0;
  for (const auto& r : rows) {
    const double ratio = r.on_ns / r.off_ns;
    fmt::print("{:<26} {:<14} {:>14.1f} {:>14.1f} {:>9.4f}\n", r.scenario, r.impl, r.off_ns, r.on_ns, ratio);
    if (r.kairo) {
      log_sum += std::log(ratio);
      ++kairo;
    }
  }
  const double geo = std::exp(log_sum / std::max(1, kairo));
  fmt::print("counting overhead on the kairo scenarios (geometric mean of on/off, {} results): {:+.2f}%\n", kairo,
             (geo - 1) * 100);
  return 0;
}
