#include "harness/measure.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/cpu_clock.h"
#include "reports/stats.h"

namespace sigheap {

report::Params to_report_params(const ParamValues& p) {
  report::Params out;
  for (std::size_t i = 0; i < p.specs().size(); ++i) {
    out.emplace_back(std::string(p.specs()[i].name), p.value_at(i));
  }
  return out;
}

std::string_view counter_name(TimeCounter c) {
  return c == TimeCounter::kInstructions ? report::kCounterInstructions : report::kCounterCpuNs;
}

report::TimeBlock summarize_time(std::vector<double> samples_ns, std::uint64_t iterations_per_sample,
                                 TimeCounter counter) {
  report::TimeBlock t;
  t.counter = std::string(counter_name(counter));
  t.repetitions = samples_ns.size();
  t.iterations_per_sample = iterations_per_sample;
  t.samples_ns = samples_ns;
  if (samples_ns.empty()) return t;
  t.median_ns = report::median(samples_ns);
  t.min_ns = *std::min_element(samples_ns.begin(), samples_ns.end());
  std::vector<double> deviations;
  for (double s : samples_ns) deviations.push_back(std::fabs(s - t.median_ns));
  t.mad_ns = report::median(deviations);
  return t;
}

std::string cross_check(const alloc::ArenaStats& s0, const alloc::ArenaStats& s1, const alloc::Counters& c0,
                        const alloc::Counters& c1) {
  if (const std::uint64_t off = c1.uncounted_allocs - c0.uncounted_allocs; off != 0) {
    return fmt::format("allocations with counting switched off inside the measured window: {}", off);
  }
  if (!s0.available || !s1.available) return {};
  const std::uint64_t allocs = c1.allocs - c0.allocs;
  const std::uint64_t frees = c1.frees - c0.frees;
  const std::int64_t live = c1.live_bytes() - c0.live_bytes();
  const std::uint64_t arena_allocs = s1.nmalloc - s0.nmalloc;
  const std::uint64_t arena_frees = s1.ndalloc - s0.ndalloc;
  const auto arena_live = static_cast<std::int64_t>(s1.allocated) - static_cast<std::int64_t>(s0.allocated);
  if (allocs == arena_allocs && frees == arena_frees && live == arena_live) return {};
  return fmt::format(
      "counting allocator and jemalloc disagree: allocs {} vs {}, frees {} vs {}, live bytes {} vs {}", allocs,
      arena_allocs, frees, arena_frees, live, arena_live);
}

std::string shape_mismatch_message(const report::Shape& expected, const report::Shape& got) {
  return fmt::format(
      "shape mismatch: expected {} signals, {} computeds, {} effects, {} edges; "
      "got {}, {}, {}, {}",
      expected.signals, expected.computeds, expected.effects, expected.edges, got.signals,
      got.computeds, got.effects, got.edges);
}

std::uint64_t iterations_per_sample(std::uint64_t iterations, std::uint64_t repetitions) {
  return std::max<std::uint64_t>(1, iterations / std::max<std::uint64_t>(1, repetitions));
}

std::vector<double> run_timing_pass(const Cell& cell, const ParamValues& params, std::uint64_t per_sample,
                                    std::uint64_t repetitions, ChunkProbe& probe) {
  const bool was_counting = alloc::counting();
  alloc::set_counting(false);
  std::vector<double> samples;
  samples.reserve(repetitions);
  {
    const std::unique_ptr<CellRun> run = cell.start(params);
    run->setup();
    std::uint64_t i = 0;
    run->iterate(i, per_sample);  // warm-up
    i += per_sample;
    for (std::uint64_t r = 0; r < repetitions; ++r) {
      probe.start();
      run->iterate(i, per_sample);
      samples.push_back(probe.stop());
      i += per_sample;
    }
    run->teardown();
  }
  alloc::set_counting(was_counting);
  return samples;
}

namespace {

class CpuClockProbe final : public ChunkProbe {
 public:
  void start() override { t0_ = thread_cpu_ns(); }
  double stop() override { return static_cast<double>(thread_cpu_ns() - t0_); }

 private:
  std::int64_t t0_ = 0;
};

}  // namespace

report::TimeBlock time_cell(const Cell& cell, const ParamValues& params, std::uint64_t iterations,
                            std::uint64_t repetitions) {
  const std::uint64_t per_sample = iterations_per_sample(iterations, repetitions);
  CpuClockProbe clock;
  std::vector<double> samples = run_timing_pass(cell, params, per_sample, repetitions, clock);
  for (double& s : samples) s /= static_cast<double>(per_sample);
  return summarize_time(std::move(samples), per_sample);
}

report::Result measure_cell(const Cell& cell, const ParamValues& params, const MeasureOptions& opt) {
  report::Result r;
  r.impl = std::string(cell.impl);
  r.scenario = std::string(cell.scenario);
  r.params = to_report_params(params);
  const std::uint64_t iterations = opt.iterations != 0 ? opt.iterations : cell.default_iterations;
  const std::uint64_t points = std::min(opt.timeline_points, iterations);
  if (cell.skip_reason != nullptr) {
    if (std::string why = cell.skip_reason(params); !why.empty()) {
      r.status = report::Status::kSkipped;
      r.error = std::move(why);
      return r;
    }
  }

  const std::unique_ptr<CellRun> run = cell.start(params);
  report::SteadyPhase steady;
  steady.timeline.reserve(points);

  alloc::set_counting(true);
  const alloc::ArenaStats arena_before = alloc::arena_stats();
  // setup
  alloc::reset_peak();
  const alloc::Counters c0 = alloc::snapshot();
  run->setup();
  const alloc::Counters c1 = alloc::snapshot();
  const Counts shape = run->counts();

  // steady: iterate in chunks that end at the timeline's sample points
  alloc::reset_peak();
  const alloc::Counters c2 = alloc::snapshot();
  std::uint64_t sample_index = 1;
  std::uint64_t next_sample = points == 0 ? iterations : (iterations + points - 1) / points;
  for (std::uint64_t i = 0; i < iterations;) {
    run->iterate(i, next_sample - i);
    i = next_sample;
    if (points != 0) {
      steady.timeline.push_back({i, alloc::snapshot().live_bytes() - c2.live_bytes()});
      ++sample_index;
      next_sample = std::min(iterations, (sample_index * iterations + points - 1) / points);
    }
  }
  const alloc::Counters c3 = alloc::snapshot();

  // teardown
  run->teardown();
  const alloc::Counters c4 = alloc::snapshot();
  const alloc::ArenaStats arena_after = alloc::arena_stats();

  r.setup = report::SetupPhase{
      .retained_bytes = c1.live_bytes() - c0.live_bytes(),
      .peak_bytes = static_cast<std::int64_t>(c1.peak_live_bytes) - c0.live_bytes(),
      .allocs = c1.allocs - c0.allocs,
      .frees = c1.frees - c0.frees,
      .requested_bytes = c1.requested_bytes - c0.requested_bytes,
      .allocated_bytes = c1.allocated_bytes - c0.allocated_bytes,
  };
  steady.iterations = iterations;
  steady.allocs = c3.allocs - c2.allocs;
  steady.frees = c3.frees - c2.frees;
  steady.cumulative_bytes = c3.allocated_bytes - c2.allocated_bytes;
  steady.requested_bytes = c3.requested_bytes - c2.requested_bytes;
  steady.retained_growth_bytes = c3.live_bytes() - c2.live_bytes();
  steady.peak_bytes = static_cast<std::int64_t>(c3.peak_live_bytes) - c2.live_bytes();
  steady.allocs_per_iteration = static_cast<double>(steady.allocs) / static_cast<double>(iterations);
  steady.bytes_per_iteration =
      static_cast<double>(steady.cumulative_bytes) / static_cast<double>(iterations);
  r.steady = std::move(steady);
  r.teardown = report::TeardownPhase{
      .frees = c4.frees - c3.frees,
      .freed_bytes = c4.freed_bytes - c3.freed_bytes,
      .residual_bytes = c4.live_bytes() - c0.live_bytes(),
      .residual_blocks = c4.live_blocks() - c0.live_blocks(),
  };
  r.checksum = run->checksum();
  r.shape = to_shape(shape);

  // Instruction counts come from a separate process under valgrind (harness/instruction_timing.h).
  if (opt.time && opt.time_counter == TimeCounter::kCpuNs) {
    r.time = time_cell(cell, params, iterations, opt.time_repetitions);
  }

  report::Shape expected = to_shape(run->expected_shape());
  if (cell.eager_computeds && r.shape->edges >= expected.edges) expected.edges = r.shape->edges;
  if (const std::string disagreement = cross_check(arena_before, arena_after, c0, c4); !disagreement.empty()) {
    r.status = report::Status::kError;
    r.error = "measurement error: " + disagreement;
  } else if (*r.shape != expected) {
    r.status = report::Status::kError;
    r.error = shape_mismatch_message(expected, *r.shape);
  } else if (r.teardown->residual_bytes != 0 || r.teardown->residual_blocks != 0) {
    r.status = report::Status::kError;
    r.error = "leak: " + std::to_string(r.teardown->residual_bytes) + " bytes in " +
              std::to_string(r.teardown->residual_blocks) + " blocks";
  }
  return r;
}

}  // namespace sigheap
