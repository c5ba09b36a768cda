#pragma once
// Where a model legitimately differs from the others, the conformance and differential tests
// check that model's own rule. Each difference is the modelled library's documented behaviour.

#include "impls/alien-like/alien_like.h"
#include "impls/lattice-like/lattice_like.h"

namespace sigheap::testing {

// alien-signals: when a computed loses its last subscriber, `unwatched` unlinks all of its
// dependencies (index.ts). Preact keeps the source nodes (it only unsubscribes); Lattice keeps
// the dependency edges.
template <class G>
inline constexpr bool kUnwatchedComputedReleasesDeps = false;
template <>
inline constexpr bool kUnwatchedComputedReleasesDeps<alien_like::Graph> = true;

// Lattice (Sept 2025): a scheduled effect's flush() re-runs it unconditionally (scheduler.ts ->
// effect.ts), so an effect runs on every write that reaches it, even when the computeds it reads
// end up unchanged. Computeds themselves still cut propagation (pull-propagator.ts). The
// lattice-optimized variants change layout, not this rule.
template <class G>
inline constexpr bool kEffectsRerunOnEveryUpstreamWrite = false;
template <class V>
inline constexpr bool kEffectsRerunOnEveryUpstreamWrite<lattice_like::BasicGraph<V>> = true;

}  // namespace sigheap::testing
