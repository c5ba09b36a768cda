#pragma once
// lattice-like: the closure-style structure of Lattice's signals package at the time of the
// memory investigation (hejhi/rimitive, packages/signals, commit 384a5253). Per graph, a
// composition of factory modules whose closures are real heap objects; per signal and per
// computed a node + an accessor closure + a `peek` closure; per effect a node + `flush` and
// dispose closures; a 6-pointer `Dependency` edge; a push phase that heap-allocates a
// traversal frame whenever it descends with a sibling edge pending. See README.md.

#include <string_view>

#include "impls/lattice-like/lattice_closures.h"
#include "impls/reactive.h"

namespace sigheap::lattice_like {

class Graph {
 public:
  static constexpr std::string_view name = "lattice-like";
  static constexpr std::string_view description =
      "closure style, as Lattice's signals package (Sept 2025): factory modules, per-node "
      "closures, 6-pointer edges, heap traversal frames";
  using SignalHandle = SignalAccessor*;
  using ComputedHandle = ComputedAccessor*;
  using EffectHandle = EffectDispose*;

  Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  ~Graph();

  SignalHandle signal(double v);
  ComputedHandle computed(Fn fn);
  EffectHandle effect(Fn fn);

  double get(SignalHandle s) { return (*s)(false, 0); }
  double get(ComputedHandle c) { return (*c)(); }
  double peek(SignalHandle s) { return (*s->peek)(); }
  double peek(ComputedHandle c) { return (*c->peek)(); }
  void set(SignalHandle s, double v) { (*s)(true, v); }
  void dispose(EffectHandle e);

  template <class F>
  void batch(F&& f) {
    (*modules_.batch->start_batch)();
    ScopeExit end([end_batch = modules_.batch->end_batch] { (*end_batch)(); });
    f();
  }

  Counts counts() const;

 private:
  Modules modules_;
  OwnedList<SignalAccessor> signals_;
  OwnedList<ComputedAccessor> computeds_;
  OwnedList<EffectDispose> effects_;
  Counts counts_;  // signals, computeds, effects; edges are counted by walking the graph
};

}  // namespace sigheap::lattice_like
