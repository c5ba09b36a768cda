// sigheap-overhead: what the counting hook costs. Times the steady iteration of every model on the
// kairo scenarios (and computed-diamond-simple) with counting on and with counting off, in one run.
//
// Why the figure is stable on a noisy machine: both modes run the same cell on their own graph,
// their chunks interleaved in ABBA order (off on on off, ...) so drift and bursts of load hit both
// alike; each mode's figure is the fastest of its chunks (noise only ever adds time), and the
// overhead is the geometric mean over the kairo cells of fastest-on / fastest-off. The interval is a
// bootstrap over the rounds (fixed seed: the same samples give the same interval).
#include "harness/overhead.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "harness/counting_allocator.h"
#include "harness/cpu_clock.h"
#include "harness/matrix.h"

namespace sigheap {
namespace {

struct Options {
  int repetitions = 15;
  double scale = 0.2;
};

struct Row {
  std::string scenario, impl;
  std::vector<double> off_ns, on_ns;  // one sample per round
  bool kairo;
};

double fastest(const std::vector<double>& v, const std::vector<std::size_t>& rounds) {
  double best = v[rounds.front()];
  for (std::size_t r : rounds) best = std::min(best, v[r]);
  return best;
}

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
    const std::int64_t t0 = thread_cpu_ns();
    run.iterate(i, per_sample);
    const std::int64_t t1 = thread_cpu_ns();
    alloc::set_counting(false);
    i += per_sample;
    return static_cast<double>(t1 - t0) / static_cast<double>(per_sample);
  };
  chunk(*run_on, i_on, true);  // warm-up
  chunk(*run_off, i_off, false);
  const std::string name(scenario.name);
  Row row{name, std::string(cell.impl), {}, {}, name.rfind("kairo-", 0) == 0};
  for (int r = 0; r < opt.repetitions; ++r) {
    if (r % 2 == 0) {
      row.off_ns.push_back(chunk(*run_off, i_off, false));
      row.on_ns.push_back(chunk(*run_on, i_on, true));
    } else {
      row.on_ns.push_back(chunk(*run_on, i_on, true));
      row.off_ns.push_back(chunk(*run_off, i_off, false));
    }
  }
  run_on->teardown();
  run_off->teardown();
  alloc::set_counting(true);
  return row;
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

// Geometric mean over the kairo rows of fastest-on / fastest-off, over the given rounds.
double kairo_overhead(const std::vector<Row>& rows, const std::vector<std::size_t>& rounds) {
  double log_sum = 0;
  int n = 0;
  for (const Row& r : rows) {
    if (!r.kairo) continue;
    log_sum += std::log(fastest(r.on_ns, rounds) / fastest(r.off_ns, rounds));
    ++n;
  }
  return std::exp(log_sum / std::max(1, n));
}

int run(const Matrix& m, const Options& opt) {
  const std::vector<Row> rows = measure_all(m, opt);
  std::vector<std::size_t> all(static_cast<std::size_t>(opt.repetitions));
  for (std::size_t r = 0; r < all.size(); ++r) all[r] = r;

  fmt::print("{:<26} {:<34} {:>12} {:>12} {:>8}\n", "scenario", "impl", "off ns/iter", "on ns/iter", "on/off");
  for (const Row& r : rows) {
    const double off = fastest(r.off_ns, all);
    const double on = fastest(r.on_ns, all);
    fmt::print("{:<26} {:<34} {:>12.1f} {:>12.1f} {:>8.4f}\n", r.scenario, r.impl, off, on, on / off);
  }
  // Bootstrap over rounds: 400 resamples, a fixed seed.
  SplitMix64 rng(0x5eed);
  std::vector<double> resampled;
  std::vector<std::size_t> pick(all.size());
  for (int b = 0; b < 400; ++b) {
    for (auto& p : pick) p = static_cast<std::size_t>(rng.below(static_cast<int>(all.size())));
    resampled.push_back(kairo_overhead(rows, pick));
  }
  std::sort(resampled.begin(), resampled.end());
  const double low = resampled[resampled.size() * 25 / 1000];
  const double high = resampled[resampled.size() * 975 / 1000 - 1];
  const int kairo = static_cast<int>(std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.kairo; }));
  fmt::print(
      "counting overhead on the kairo scenarios (geometric mean of on/off, {} results): {:+.2f}% "
      "(95% interval {:+.2f}% to {:+.2f}%; fastest of {} interleaved samples per mode)\n",
      kairo, (kairo_overhead(rows, all) - 1) * 100, (low - 1) * 100, (high - 1) * 100, opt.repetitions);
  return 0;
}

}  // namespace

int overhead_main(int argc, char** argv, const Matrix& m) {
  Options opt;
  CLI::App app{
      "sigheap-overhead: what the counting allocator's hook costs. Times every model's steady "
      "iteration on the kairo scenarios and computed-diamond-simple with counting on and off, "
      "interleaved in one run, and prints on/off per (scenario, model) and the geometric mean over "
      "the kairo set with a 95% bootstrap interval.",
      "sigheap-overhead"};
  app.add_option("--repetitions", opt.repetitions, "Interleaved samples per mode and result (3 to 1000)")
      ->check(CLI::Range(3, 1000))
      ->capture_default_str();
  app.add_option("--scale", opt.scale,
                 "Iterations per sample as a fraction of a tenth of the scenario's default (0.001 to 10)")
      ->check(CLI::Range(0.001, 10.0))
      ->capture_default_str();
  app.footer("Exit codes: 0 success, 2 bad usage. The figure is reported, never asserted: see README.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "sigheap-overhead: {} (see 'sigheap-overhead --help')\n", e.what());
    return 2;
  }
  return run(m, opt);
}

}  // namespace sigheap
