#pragma once
// The registry: every model and every scenario sigheap knows. Adding one is one line here.
// The conformance suite runs every test on every model in `Models`.

#include "harness/matrix.h"
#include "impls/alien-like/alien_like.h"
#include "impls/lattice-like/lattice_like.h"
#include "impls/preact-like/preact_like.h"
#include "scenarios/computed_diamond_simple.h"

namespace sigheap {

using Models = TypeList<lattice_like::Graph, preact_like::Graph, alien_like::Graph>;

using Scenarios = TypeList<scenarios::ComputedDiamondSimple>;

}  // namespace sigheap
