#pragma once
// The registry: every model and every scenario sigheap knows. Adding one is one line here.
// The conformance suite runs every test on every model in `Models`.

#include "harness/matrix.h"
#include "impls/alien-like/alien_like.h"
#include "impls/lattice-like/lattice_like.h"
#include "impls/lattice-optimized/lattice_optimized.h"
#include "impls/lower-bound/lower_bound.h"
#include "impls/preact-like/preact_like.h"
#include "scenarios/cellx.h"
#include "scenarios/computed_chain_deep.h"
#include "scenarios/computed_diamond_simple.h"
#include "scenarios/computed_diamond_wide.h"
#include "scenarios/creation.h"
#include "scenarios/dynamic_graph.h"
#include "scenarios/effect_cleanup.h"
#include "scenarios/kairo_avoidable.h"
#include "scenarios/kairo_broad.h"
#include "scenarios/kairo_deep.h"
#include "scenarios/kairo_diamond.h"
#include "scenarios/kairo_mux.h"
#include "scenarios/kairo_repeated.h"
#include "scenarios/kairo_triangle.h"
#include "scenarios/kairo_unstable.h"
#include "scenarios/mol_bench.h"
#include "scenarios/observe_unobserve.h"
#include "scenarios/scaling_subscribers.h"

namespace sigheap {

using Models = TypeList<
    lattice_like::Graph, preact_like::Graph, alien_like::Graph, lattice_optimized::Graph,
    lattice_optimized::SharedMethodsGraph, lattice_optimized::SingletonHelpersGraph,
    lattice_optimized::NoFactoriesGraph, lattice_optimized::ClassComputedGraph,
    lattice_optimized::SingleNodeGraph, lattice_optimized::PooledFramesGraph, lower_bound::Graph>;

using Scenarios = TypeList<
    scenarios::ComputedDiamondSimple, scenarios::ComputedDiamondWide, scenarios::ComputedChainDeep,
    scenarios::KairoAvoidable, scenarios::KairoBroad, scenarios::KairoDeep, scenarios::KairoDiamond,
    scenarios::KairoMux, scenarios::KairoRepeated, scenarios::KairoTriangle, scenarios::KairoUnstable,
    scenarios::Cellx, scenarios::MolBench, scenarios::ScalingSubscribers, scenarios::EffectCleanup,
    scenarios::ObserveUnobserve, scenarios::Creation, scenarios::DynamicSimple,
    scenarios::DynamicWideDense, scenarios::DynamicDeep, scenarios::DynamicVeryDynamic>;

}  // namespace sigheap
