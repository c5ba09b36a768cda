#include "harness/matrix.h"

#include <fmt/format.h>

#include "reports/stats.h"

#include <algorithm>
#include <cmath>

namespace sigheap {

std::ptrdiff_t Matrix::impl_index(std::string_view name) const {
  for (std::size_t i = 0; i < impls.size(); ++i) {
    if (impls[i].name == name) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

std::ptrdiff_t Matrix::scenario_index(std::string_view name) const {
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (scenarios[i].name == name) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

report::TimeBlock summarize_time(std::vector<double> samples_ns, std::uint64_t iterations_per_sample) {
  report::TimeBlock t;
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

}  // namespace sigheap
