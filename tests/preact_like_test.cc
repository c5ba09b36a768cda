// preact-like's own structure: allocations per object as @preact/signals-core creates them.
#include <gtest/gtest.h>

#include "harness/counting_allocator.h"
#include "harness/measure.h"
#include "harness/registry.h"
#include "impls/preact-like/preact_like.h"
#include "scenarios/computed_diamond_simple.h"

namespace sigheap {
namespace {

using preact_like::Graph;

struct Delta {
  alloc::Counters start = alloc::snapshot();
  std::uint64_t allocs() const { return alloc::snapshot().allocs - start.allocs; }
  std::uint64_t frees() const { return alloc::snapshot().frees - start.frees; }
  std::int64_t live() const { return alloc::snapshot().live_bytes() - start.live_bytes(); }
};

TEST(PreactLike, OneAllocationPerSignalAndPerComputedTwoPerEffect) {
  Graph g;
  Delta d;
  auto s = g.signal(1);
  EXPECT_EQ(d.allocs(), 1u) << "Signal object";
  Delta dc;
  auto c = g.computed([g = &g, s] { return g->get(s); });
  EXPECT_EQ(dc.allocs(), 1u) << "Computed object";
  Delta de;
  g.effect([g = &g, c] { g->get(c); });
  // Effect object + bound dispose function retained; the run's bound "end" function is
  // allocated and dropped; two Nodes (effect<-c, c<-s).
  EXPECT_EQ(de.allocs(), 2u + 1u + 2u);
  EXPECT_EQ(de.frees(), 1u);
}

TEST(PreactLike, EdgeNodeHasTheEightFieldsOfPreact) {
  // source, prevSource, nextSource, target, prevTarget, nextTarget, version, rollbackNode
  EXPECT_EQ(sizeof(preact_like::Node), 8 * sizeof(void*));
}

TEST(PreactLike, EveryEffectRunAllocatesOneBoundEndFunction) {
  Graph g;
  auto s = g.signal(0);
  g.effect([g = &g, s] { g->get(s); });
  Delta d;
  for (int i = 1; i <= 100; ++i) g.set(s, i);
  EXPECT_EQ(d.allocs(), 100u);
  EXPECT_EQ(d.frees(), 100u);
  EXPECT_EQ(d.live(), 0);
}

TEST(PreactLike, UnobservedComputedsDoNotSubscribeAndReuseEdges) {
  // A stable diamond allocates nothing per write: edges are reused across re-runs.
  const ParamValues params(scenarios::ComputedDiamondSimple::params);
  const report::Result r = measure_cell(
      default_matrix().cell(Graph::name, scenarios::ComputedDiamondSimple::name), params, MeasureOptions{.iterations = 1000, .timeline_points = 4});
  ASSERT_EQ(r.status, report::Status::kOk) << r.error;
  EXPECT_EQ(r.steady->allocs, 0u);
  EXPECT_EQ(r.steady->retained_growth_bytes, 0);
  EXPECT_EQ(r.setup->allocs, 1u + 3u + 4u);
}

TEST(PreactLike, DisposingAnEffectInsideItsOwnRunFreesItAfterTheRun) {
  Graph g;
  struct {
    Graph::SignalHandle s;
    Graph::EffectHandle self = nullptr;
    int runs = 0;
  } h;
  h.s = g.signal(0);
  Delta d;
  h.self = g.effect([g = &g, h = &h] {
    ++h->runs;
    if (g->get(h->s) == 2 && h->self != nullptr) g->dispose(h->self);
  });
  g.set(h.s, 1);
  g.set(h.s, 2);
  g.set(h.s, 3);
  EXPECT_EQ(h.runs, 3);
  EXPECT_EQ(g.counts().effects, 0u);
  EXPECT_EQ(g.counts().edges, 0u);
  EXPECT_EQ(d.live(), 0);
}

}  // namespace
}  // namespace sigheap
