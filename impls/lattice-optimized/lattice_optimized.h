#pragma once
// lattice-optimized: lattice-like with the memory investigation's
// recommendations applied, each switch alone (`lattice-optimized/<switch>`) and
// all together (`lattice-optimized`). The same code as lattice-like
// (impls/lattice-like/lattice_graph.h), so every difference in the figures is
// the recommendation's. See README.md.

#include "impls/lattice-like/lattice_graph.h"

namespace sigheap::lattice_optimized {

using lattice_like::BasicGraph;
using lattice_like::Options;

#define SIGHEAP_LATTICE_VARIANT(Type, variant_name, text, ...) \
  struct Type {                                                \
    static constexpr std::string_view name = variant_name;     \
    static constexpr std::string_view description = text;      \
    static constexpr Options options{__VA_ARGS__};             \
  };

SIGHEAP_LATTICE_VARIANT(SharedMethods, "lattice-optimized/shared-methods",
                        "lattice-like with `peek` a shared method, not a per-instance closure",
                        .shared_methods = true)
SIGHEAP_LATTICE_VARIANT(SingletonHelpers, "lattice-optimized/singleton-helpers",
                        "lattice-like with the stateless graph helpers created once for all graphs",
                        .singleton_helpers = true)
SIGHEAP_LATTICE_VARIANT(NoFactories, "lattice-optimized/no-factories",
                        "lattice-like with direct calls instead of factory closures", .no_factories = true)
SIGHEAP_LATTICE_VARIANT(ClassComputed, "lattice-optimized/class-computed",
                        "lattice-like with a computed as one object with methods, no closures",
                        .class_computed = true)
SIGHEAP_LATTICE_VARIANT(SingleNode, "lattice-optimized/single-node",
                        "lattice-like with each signal's and computed's node fused into its accessor",
                        .single_node = true)
SIGHEAP_LATTICE_VARIANT(PooledFrames, "lattice-optimized/pooled-frames",
                        "lattice-like with push-phase frames from a reused stack, not the heap",
                        .pooled_frames = true)
SIGHEAP_LATTICE_VARIANT(All, "lattice-optimized",
                        "lattice-like with every recommendation of the memory investigation applied",
                        .shared_methods = true, .singleton_helpers = true, .no_factories = true,
                        .class_computed = true, .single_node = true, .pooled_frames = true)
#undef SIGHEAP_LATTICE_VARIANT

using SharedMethodsGraph = BasicGraph<SharedMethods>;
using SingletonHelpersGraph = BasicGraph<SingletonHelpers>;
using NoFactoriesGraph = BasicGraph<NoFactories>;
using ClassComputedGraph = BasicGraph<ClassComputed>;
using SingleNodeGraph = BasicGraph<SingleNode>;
using PooledFramesGraph = BasicGraph<PooledFrames>;
using Graph = BasicGraph<All>;

}  // namespace sigheap::lattice_optimized
