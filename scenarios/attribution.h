#pragma once
// The attribution micro-scenarios: graphs whose object counts are known exactly, measured at
// several sizes so a least-squares fit can split bytes into signal, computed, edge, effect and
// graph costs (harness/attribution.h).
//   signals(n):       n signals nobody reads
//   computeds(n, k):  k signals; n computeds, each reading all k, each evaluated once
//   effects(n, k):    k signals; n effects, each reading all k
// Handles live in the builder's own fixed array, never on the heap.
#include <array>
#include <cstdint>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct AttributionSample {
  enum class Kind { kSignals, kComputeds, kEffects } kind;
  std::uint64_t n;
  std::uint64_t k;  // sources per computed or effect

  Counts counts() const {
    switch (kind) {
      case Kind::kSignals:
        return {.signals = n, .computeds = 0, .effects = 0, .edges = 0};
      case Kind::kComputeds:
        return {.signals = k, .computeds = n, .effects = 0, .edges = n * k};
      case Kind::kEffects:
        return {.signals = k, .computeds = 0, .effects = n, .edges = n * k};
    }
    return {};
  }
};

// Enough variety to determine all five costs: an empty graph, signals alone, and computeds and
// effects at several fan-ins.
inline constexpr std::array<AttributionSample, 12> kAttributionSamples{{
    {AttributionSample::Kind::kSignals, 0, 0},
    {AttributionSample::Kind::kSignals, 1, 0},
    {AttributionSample::Kind::kSignals, 7, 0},
    {AttributionSample::Kind::kSignals, 64, 0},
    {AttributionSample::Kind::kComputeds, 1, 1},
    {AttributionSample::Kind::kComputeds, 5, 1},
    {AttributionSample::Kind::kComputeds, 5, 3},
    {AttributionSample::Kind::kComputeds, 64, 2},
    {AttributionSample::Kind::kEffects, 1, 1},
    {AttributionSample::Kind::kEffects, 5, 1},
    {AttributionSample::Kind::kEffects, 5, 2},
    {AttributionSample::Kind::kEffects, 64, 1},
}};

inline constexpr std::size_t kMaxAttributionSources = 3;

// Builds the sample's graph into `g`.
template <Reactive G>
void build_attribution_sample(G& g, const AttributionSample& s,
                              std::array<typename G::SignalHandle, kMaxAttributionSources>& sources) {
  const std::uint64_t signals = s.kind == AttributionSample::Kind::kSignals ? s.n : s.k;
  for (std::uint64_t i = 0; i < signals; ++i) {
    auto h = g.signal(static_cast<double>(i));
    if (i < kMaxAttributionSources) sources[i] = h;
  }
  auto* src = &sources;
  const std::uint64_t k = s.k;
  for (std::uint64_t i = 0; s.kind == AttributionSample::Kind::kComputeds && i < s.n; ++i) {
    auto c = g.computed([g = &g, src, k] {
      double total = 0;
      for (std::uint64_t j = 0; j < k; ++j) total += g->get((*src)[j]);
      return total;
    });
    g.get(c);
  }
  for (std::uint64_t i = 0; s.kind == AttributionSample::Kind::kEffects && i < s.n; ++i) {
    g.effect([g = &g, src, k] {
      for (std::uint64_t j = 0; j < k; ++j) g->get((*src)[j]);
    });
  }
}

}  // namespace sigheap::scenarios
