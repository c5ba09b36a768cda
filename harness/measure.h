#pragma once
// The measurement engine: one (model, scenario, params) run through the setup, steady and
// teardown phases, each a delta of the counting allocator's counters. Everything the engine
// itself needs (result strings, the timeline buffer) is allocated before the first snapshot
// or after the last one, so phases contain only what the model and scenario allocate.

#include <algorithm>
#include <chrono>
#include <vector>
#include <cstdint>
#include <new>
#include <string>

#include "harness/counting_allocator.h"
#include "impls/reactive.h"
#include "reports/report.h"

namespace sigheap {

// Holds a graph in place (never on the heap: its own size is not the model's allocation).
template <class G>
class InPlace {
 public:
  InPlace() = default;
  InPlace(const InPlace&) = delete;
  InPlace& operator=(const InPlace&) = delete;
  ~InPlace() { reset(); }
  G& emplace() {
    reset();
    graph_ = ::new (static_cast<void*>(storage_)) G();
    return *graph_;
  }
  void reset() {
    if (graph_ != nullptr) graph_->~G();
    graph_ = nullptr;
  }
  G& operator*() { return *graph_; }
  G* operator->() { return graph_; }

 private:
  alignas(G) unsigned char storage_[sizeof(G)];
  G* graph_ = nullptr;
};

struct MeasureOptions {
  std::uint64_t iterations = 0;       // 0: the scenario's default
  std::uint64_t timeline_points = 32;  // live-bytes samples over the steady phase
  bool time = false;                   // add a timing pass (counting off) after the memory pass
  std::uint64_t time_repetitions = 10;  // timing samples
};

// Median, median absolute deviation and minimum of per-iteration samples.
report::TimeBlock summarize_time(std::vector<double> samples_ns, std::uint64_t iterations_per_sample);

// The timing pass: a fresh graph with counting switched off, one warm-up chunk, then
// `repetitions` chunks of the steady iteration, each giving one ns-per-iteration sample.
template <Reactive G, class S>
report::TimeBlock time_steady(const ParamValues& params, std::uint64_t iterations, std::uint64_t repetitions) {
  const bool was_counting = alloc::counting();
  alloc::set_counting(false);
  const std::uint64_t per_sample = std::max<std::uint64_t>(1, iterations / std::max<std::uint64_t>(1, repetitions));
  std::vector<double> samples;
  samples.reserve(repetitions);
  {
    typename S::template Run<G> run(params);
    InPlace<G> graph;
    give_shape_hint(graph.emplace(), run.shape());
    run.setup(*graph);
    std::uint64_t i = 0;
    for (std::uint64_t k = 0; k < per_sample; ++k) run.iteration(*graph, i++);  // warm-up
    for (std::uint64_t r = 0; r < repetitions; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      for (std::uint64_t k = 0; k < per_sample; ++k) run.iteration(*graph, i++);
      const auto t1 = std::chrono::steady_clock::now();
      samples.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(per_sample));
    }
  }
  alloc::set_counting(was_counting);
  return summarize_time(std::move(samples), per_sample);
}

inline report::Params to_report_params(const ParamValues& p) {
  report::Params out;
  for (std::size_t i = 0; i < p.specs().size(); ++i) {
    out.emplace_back(std::string(p.specs()[i].name), p.value_at(i));
  }
  return out;
}

inline report::Shape to_shape(const Counts& c) {
  return {.signals = c.signals, .computeds = c.computeds, .effects = c.effects, .edges = c.edges};
}

std::string shape_mismatch_message(const report::Shape& expected, const report::Shape& got);

// Double-entry accounting: the counting allocator's totals over a window against jemalloc's own
// statistics of the dedicated arena over the same window. Empty when they agree exactly (or when
// the backend keeps no statistics); otherwise what disagrees.
std::string cross_check(const alloc::ArenaStats& s0, const alloc::ArenaStats& s1, const alloc::Counters& c0,
                        const alloc::Counters& c1);

template <Reactive G, class S>
  requires ScenarioFor<S, G>
report::Result measure(const ParamValues& params, const MeasureOptions& opt) {
  report::Result r;
  r.impl = std::string(G::name);
  r.scenario = std::string(S::name);
  r.params = to_report_params(params);
  const std::uint64_t iterations = opt.iterations != 0 ? opt.iterations : S::default_iterations;
  const std::uint64_t points = std::min(opt.timeline_points, iterations);

  typename S::template Run<G> run(params);
  report::SteadyPhase steady;
  steady.timeline.reserve(points);
  InPlace<G> graph;

  alloc::set_counting(true);
  const alloc::ArenaStats arena_before = alloc::arena_stats();
  // setup
  alloc::reset_peak();
  const alloc::Counters c0 = alloc::snapshot();
  give_shape_hint(graph.emplace(), run.shape());
  run.setup(*graph);
  const alloc::Counters c1 = alloc::snapshot();
  const Counts shape = graph->counts();

  // steady
  alloc::reset_peak();
  const alloc::Counters c2 = alloc::snapshot();
  std::uint64_t next_sample_index = 1;
  std::uint64_t next_sample = points == 0 ? 0 : (iterations + points - 1) / points;
  for (std::uint64_t i = 0; i < iterations; ++i) {
    run.iteration(*graph, i);
    if (i + 1 == next_sample) {
      steady.timeline.push_back({i + 1, alloc::snapshot().live_bytes() - c2.live_bytes()});
      ++next_sample_index;
      next_sample = (next_sample_index * iterations + points - 1) / points;
    }
  }
  const alloc::Counters c3 = alloc::snapshot();

  // teardown
  graph.reset();
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
  r.checksum = run.checksum();
  r.shape = to_shape(shape);

  if (opt.time) r.time = time_steady<G, S>(params, iterations, opt.time_repetitions);

  const report::Shape expected = to_shape(run.shape());
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
