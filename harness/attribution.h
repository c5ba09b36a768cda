#pragma once
// Per-object attribution: each micro-scenario of scenarios/attribution.h is built in a fresh
// graph and its retained bytes, retained requested bytes and retained allocations measured; a
// least-squares fit of  y = signals*S + computeds*C + edges*E + effects*F + graph  gives the cost
// of one signal (nobody reads it), one evaluated computed without its edges, one dependency edge,
// one effect without its edges, and one graph (a model's per-instance modules). For these
// deterministic models the fit is exact: integer costs, residual 0.

#include <array>
#include <string>
#include <vector>

#include "harness/counting_allocator.h"
#include "harness/fit.h"
#include "harness/in_place.h"
#include "impls/reactive.h"
#include "reports/report.h"
#include "scenarios/attribution.h"

namespace sigheap {

struct AttributionRow {
  Counts counts;
  double bytes = 0;
  double requested_bytes = 0;
  double allocs = 0;
};

template <Reactive G>
AttributionRow measure_attribution_sample(const scenarios::AttributionSample& s) {
  std::array<typename G::SignalHandle, scenarios::kMaxAttributionSources> sources{};
  InPlace<G> graph;
  const alloc::Counters before = alloc::snapshot();
  give_shape_hint(graph.emplace(), s.counts());
  scenarios::build_attribution_sample(*graph, s, sources);
  const alloc::Counters after = alloc::snapshot();
  AttributionRow row;
  row.counts = graph->counts();
  row.bytes = static_cast<double>(after.live_bytes() - before.live_bytes());
  row.requested_bytes = static_cast<double>(after.live_requested_bytes() - before.live_requested_bytes());
  row.allocs = static_cast<double>(after.live_blocks() - before.live_blocks());
  // An array-storage model's records share a few arrays, each rounded up to a size class once:
  // that rounding is per array, not per object, so its per-object bytes are record bytes.
  if constexpr (TakesShapeHint<G>) row.bytes = row.requested_bytes;
  graph.reset();
  return row;
}

// Fits the rows; throws std::runtime_error if a sample's shape is not what it declares or the
// fit is impossible.
report::PerObject fit_attribution(const std::vector<AttributionRow>& rows,
                                  const std::vector<scenarios::AttributionSample>& samples);

template <Reactive G>
report::PerObject attribute() {
  std::vector<scenarios::AttributionSample> samples(scenarios::kAttributionSamples.begin(),
                                                    scenarios::kAttributionSamples.end());
  std::vector<AttributionRow> rows;
  rows.reserve(samples.size());
  for (const auto& s : samples) rows.push_back(measure_attribution_sample<G>(s));
  return fit_attribution(rows, samples);
}

}  // namespace sigheap
