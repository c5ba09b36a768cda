#pragma once
// The measurement engine: one (model, scenario, params) run through the setup, steady and
// teardown phases, each a delta of the counting allocator's counters. It depends on neither model
// nor scenario (it drives a Cell), so it is compiled once. Everything the engine itself needs
// (the cell's bookkeeping, result strings, the timeline buffer) is allocated before the first
// snapshot or after the last one, so phases contain only what the model and scenario allocate.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/cell.h"
#include "harness/counting_allocator.h"
#include "impls/reactive.h"
#include "reports/report.h"

namespace sigheap {

// What `run --time` counts (report::TimeBlock::counter): the thread's CPU nanoseconds, timed in
// the measuring process after its memory pass; or the instructions of the same timing pass run
// under valgrind's callgrind (harness/instruction_timing.h), which repeat run after run whatever
// the machine's load.
enum class TimeCounter { kCpuNs, kInstructions };
std::string_view counter_name(TimeCounter c);

struct MeasureOptions {
  std::uint64_t iterations = 0;        // 0: the scenario's default
  std::uint64_t timeline_points = 32;  // live-bytes samples over the steady phase
  bool time = false;                   // add a timing pass (counting off) after the memory pass
  TimeCounter time_counter = TimeCounter::kCpuNs;
  std::uint64_t time_repetitions = 10;  // timing samples per round
  // Timing rounds, each a pass over every measurement in its own process (the runner's): a
  // result's samples are spread over the whole run, so a neighbour's burst of load hits one
  // round of it, not all of its samples.
  std::uint64_t time_rounds = 1;
};

// The memory pass (and, with opt.time, the timing pass) of one cell.
report::Result measure_cell(const Cell& cell, const ParamValues& params, const MeasureOptions& opt);

// Brackets each timed chunk of the timing pass: start() just before it, stop() just after, which
// returns the chunk's sample (in the counter's unit, for the whole chunk).
class ChunkProbe {
 public:
  virtual ~ChunkProbe() = default;
  virtual void start() = 0;
  virtual double stop() = 0;
};

// Iterations per timing sample: the run's iterations shared among the repetitions, at least 1.
std::uint64_t iterations_per_sample(std::uint64_t iterations, std::uint64_t repetitions);

// The timing pass: a fresh graph with counting switched off (so allocations take jemalloc's
// ordinary, thread-cached path), setup, one warm-up chunk, then `repetitions` chunks of
// `per_sample` steady iterations, each bracketed by `probe`; teardown. Returns stop()'s samples.
std::vector<double> run_timing_pass(const Cell& cell, const ParamValues& params, std::uint64_t per_sample,
                                    std::uint64_t repetitions, ChunkProbe& probe);

// The timing pass in CPU ns (harness/cpu_clock.h): one sample of ns per iteration per chunk.
report::TimeBlock time_cell(const Cell& cell, const ParamValues& params, std::uint64_t iterations,
                            std::uint64_t repetitions);

// Median, median absolute deviation and minimum of per-iteration samples, in `counter`'s unit.
report::TimeBlock summarize_time(std::vector<double> samples, std::uint64_t iterations_per_sample,
                                 TimeCounter counter = TimeCounter::kCpuNs);

report::Params to_report_params(const ParamValues& p);

inline report::Shape to_shape(const Counts& c) {
  return {.signals = c.signals, .computeds = c.computeds, .effects = c.effects, .edges = c.edges};
}

std::string shape_mismatch_message(const report::Shape& expected, const report::Shape& got);

// Double-entry accounting: the counting allocator's totals over a window against jemalloc's own
// statistics of the dedicated arena over the same window, and no allocation with counting off in
// it. Empty when they agree exactly (or when the backend keeps no statistics); otherwise what
// disagrees.
std::string cross_check(const alloc::ArenaStats& s0, const alloc::ArenaStats& s1, const alloc::Counters& c0,
                        const alloc::Counters& c1);

}  // namespace sigheap
