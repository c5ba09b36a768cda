#pragma once
// lattice-like: the closure-style structure of Lattice's signals package at the
// time of the memory investigation (hejhi/rimitive, packages/signals, commit
// 384a5253). Per graph, a composition of factory modules whose closures are
// real heap objects; per signal and per computed a node + an accessor closure +
// a `peek` closure; per effect a node + `flush` and dispose closures; a
// 6-pointer `Dependency` edge; a push phase that heap-allocates a traversal
// frame whenever it descends with a sibling edge pending. See README.md.

#include "impls/lattice-like/lattice_graph.h"

namespace sigheap::lattice_like {

struct LatticeLike {
  static constexpr std::string_view name = "lattice-like";
  static constexpr std::string_view description =
      "closure style, as Lattice's signals package (Sept 2025): factory modules, per-node closures, "
      "6-pointer edges, heap traversal frames";
  static constexpr Options options{};
};

using Graph = BasicGraph<LatticeLike>;

}  // namespace sigheap::lattice_like
