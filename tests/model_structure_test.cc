// Each model allocates per instance what its JS library allocates per instance, measured with
// the counting allocator (never read from constants): a signal is 1 allocation in preact-like
// (Signal), 2 in alien-like (node + bound accessor), 3 in lattice-like (node + accessor closure +
// peek closure); see each model's README for computeds and effects.
#include <gtest/gtest.h>

#include "harness/counting_allocator.h"
#include "harness/measure.h"
#include "harness/registry.h"
#include "registered_models.h"
#include "scenarios/computed_diamond_simple.h"
#include "tests/typed_models.h"

namespace sigheap {
namespace {

struct Cost {
  std::int64_t blocks = 0;     // retained allocations
  std::int64_t bytes = 0;      // retained size-class bytes
  std::int64_t requested = 0;  // requested bytes of the phase
};

template <class F>
Cost cost_of(F&& f) {
  const alloc::Counters a = alloc::snapshot();
  f();
  const alloc::Counters b = alloc::snapshot();
  return {b.live_blocks() - a.live_blocks(), b.live_bytes() - a.live_bytes(),
          static_cast<std::int64_t>(b.requested_bytes - a.requested_bytes)};
}

template <class G>
Cost signal_cost() {
  G g;
  return cost_of([&] { g.signal(1); });
}

// An evaluated computed that reads nothing: the computed without edges.
template <class G>
Cost computed_cost() {
  G g;
  return cost_of([&] { g.get(g.computed([] { return 1.0; })); });
}

// The marginal cost of one more dependency of an evaluated computed.
template <class G>
Cost edge_cost() {
  G g;
  auto a = g.signal(1);
  auto b = g.signal(2);
  const Cost one = cost_of([&] { g.get(g.computed([g = &g, a] { return g->get(a); })); });
  const Cost two = cost_of([&] { g.get(g.computed([g = &g, a, b] { return g->get(a) + g->get(b); })); });
  return {two.blocks - one.blocks, two.bytes - one.bytes, two.requested - one.requested};
}

template <class G>
Cost effect_cost() {
  G g;
  return cost_of([&] { g.effect([] {}); });
}

struct Expected {
  std::int64_t signal_blocks, computed_blocks, effect_blocks;
};
template <class G>
constexpr Expected kExpected{};
template <>
constexpr Expected kExpected<preact_like::Graph>{1, 1, 2};  // Signal; Computed; Effect + bound dispose
template <>
constexpr Expected kExpected<alien_like::Graph>{2, 2, 2};  // node + bound function, each
template <>
constexpr Expected kExpected<lattice_like::Graph>{3, 3, 3};  // node + accessor + peek; node + flush + dispose
template <>
constexpr Expected kExpected<lattice_optimized::SharedMethodsGraph>{2, 2, 3};  // no peek closures
template <>
constexpr Expected kExpected<lattice_optimized::SingletonHelpersGraph>{3, 3, 3};
template <>
constexpr Expected kExpected<lattice_optimized::NoFactoriesGraph>{3, 3, 3};
template <>
constexpr Expected kExpected<lattice_optimized::ClassComputedGraph>{3, 1, 3};  // the computed object
template <>
constexpr Expected kExpected<lattice_optimized::SingleNodeGraph>{2, 2, 3};  // fused accessor + peek
template <>
constexpr Expected kExpected<lattice_optimized::PooledFramesGraph>{3, 3, 3};
template <>
constexpr Expected kExpected<lattice_optimized::Graph>{1, 1, 3};  // fused signal; computed object

template <class G>
class Structure : public ::testing::Test {};
TYPED_TEST_SUITE(Structure, testing::ToGtestTypes<Models>::type, testing::ModelNames);

TYPED_TEST(Structure, AllocationsPerInstanceMatchTheLibrary) {
  using G = TypeParam;
  SCOPED_TRACE(std::string(G::name));
  if constexpr (TakesShapeHint<G>) {
    // Array storage (lower-bound): once sized for the shape, nodes and edges allocate nothing.
    G g;
    g.reserve({.signals = 2, .computeds = 1, .effects = 1, .edges = 3});
    const Cost c = cost_of([&g] {
      auto a = g.signal(1);
      auto b = g.signal(2);
      g.get(g.computed([gp = &g, a, b] { return gp->get(a) + gp->get(b); }));
      g.effect([gp = &g, a] { gp->get(a); });
    });
    EXPECT_EQ(c.blocks, 0);
    EXPECT_EQ(c.bytes, 0);
    EXPECT_EQ(g.counts(), (Counts{.signals = 2, .computeds = 1, .effects = 1, .edges = 3}));
    return;
  }
  EXPECT_EQ(signal_cost<G>().blocks, kExpected<G>.signal_blocks);
  EXPECT_EQ(computed_cost<G>().blocks, kExpected<G>.computed_blocks);
  EXPECT_EQ(effect_cost<G>().blocks, kExpected<G>.effect_blocks);
  EXPECT_EQ(edge_cost<G>().blocks, 1);
}

TEST(ModelStructure, LatticeEdgeIsSmallerAndItsComputedLargerThanPreacts) {
  // 6 pointers vs 8 fields per edge; closures per computed.
  EXPECT_LT(edge_cost<lattice_like::Graph>().requested, edge_cost<preact_like::Graph>().requested);
  EXPECT_LT(edge_cost<lattice_like::Graph>().bytes, edge_cost<preact_like::Graph>().bytes);
  EXPECT_GT(computed_cost<lattice_like::Graph>().bytes, computed_cost<preact_like::Graph>().bytes);
}

template <class G>
report::Result diamond() {
  const ParamValues params(scenarios::ComputedDiamondSimple::params);
  return measure_cell(default_matrix().cell(G::name, scenarios::ComputedDiamondSimple::name), params, MeasureOptions{});
}

TEST(ModelStructure, DiamondSteadyStateChurnIsTheModelsPerWriteFrames) {
  const auto lattice = diamond<lattice_like::Graph>();
  const auto alien = diamond<alien_like::Graph>();
  const auto preact = diamond<preact_like::Graph>();
  for (const auto* r : {&lattice, &alien, &preact}) {
    ASSERT_EQ(r->status, report::Status::kOk) << r->impl << ": " << r->error;
    EXPECT_EQ(r->steady->iterations, 100000u);
    EXPECT_EQ(r->steady->retained_growth_bytes, 0) << r->impl;
    EXPECT_EQ(r->teardown->residual_bytes, 0) << r->impl;
  }
  EXPECT_EQ(*lattice.checksum, *preact.checksum);
  EXPECT_EQ(*alien.checksum, *preact.checksum);
  // lattice-like: one push-phase traversal frame per write; alien-like: one checkDirty frame
  // per read of bottom; preact-like: recursive refresh, nothing on the heap.
  EXPECT_EQ(lattice.steady->allocs_per_iteration, 1.0);
  EXPECT_EQ(alien.steady->allocs_per_iteration, 1.0);
  EXPECT_EQ(preact.steady->allocs_per_iteration, 0.0);
  EXPECT_EQ(lattice.steady->cumulative_bytes,
            100000 * alloc::size_class(sizeof(lattice_like::Frame)));
  EXPECT_EQ(alien.steady->cumulative_bytes, 100000 * alloc::size_class(sizeof(alien_like::Frame)));
  EXPECT_EQ(lattice.steady->peak_bytes, static_cast<std::int64_t>(alloc::size_class(sizeof(lattice_like::Frame))));
}

}  // namespace
}  // namespace sigheap
