#pragma once
// Where a model legitimately differs from the others, the conformance and differential tests
// check that model's own rule. Each difference is the modelled library's documented behaviour.

#include "impls/alien-like/alien_like.h"
#include "impls/lattice-like/lattice_like.h"
#if SIGHEAP_HAVE_QT
#include "impls/qt-qproperty/qt_qproperty.h"
#endif

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

// Qt 6 (qproperty.cpp, "bindings are evaluated eagerly" since 6.2): setBinding evaluates the
// binding at once, and a write re-evaluates every binding downstream before it returns. So a
// computed runs before anyone reads it, once per write that changes one of its inputs, and its
// edges exist from creation.
template <class G>
inline constexpr bool kComputedsAreEager = false;
// Qt 6: a binding whose input changed is re-evaluated at once, depth first, before its other
// inputs are brought up to date (QPropertyBindingPrivate::evaluateRecursive). A diamond's bottom
// therefore runs once per changed input and may see one input new and the other old in between
// (a glitch); the value after the write is right.
template <class G>
inline constexpr bool kBindingsRunOncePerChangedInput = false;
#if SIGHEAP_HAVE_QT
template <class Cell>
inline constexpr bool kComputedsAreEager<qt_qproperty::BasicGraph<Cell>> = true;
template <class Cell>
inline constexpr bool kBindingsRunOncePerChangedInput<qt_qproperty::BasicGraph<Cell>> = true;
#endif

}  // namespace sigheap::testing
