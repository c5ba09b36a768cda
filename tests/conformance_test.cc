// The conformance suite: every registered model (harness/models.h) must pass every test here.
// A new model gets the whole suite by being registered.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "harness/counting_allocator.h"
#include "registered_libraries.h"
#include "registered_models.h"
#include "tests/example-model/example_model.h"
#include "tests/model_traits.h"
#include "tests/typed_models.h"

namespace sigheap {
namespace {

template <class G>
class Conformance : public ::testing::Test {};

// Every registered model and wrapped library (Qt's, where found), plus the example model of
// docs/adding-a-model.md: a model gets the whole suite by being registered.
using ConformanceModels =
    testing::AppendAll<testing::Append<Models, example::NaiveGraph>::type, Libraries>::type;
TYPED_TEST_SUITE(Conformance, testing::ToGtestTypes<ConformanceModels>::type, testing::ModelNames);

TYPED_TEST(Conformance, DiamondIsGlitchFreeAndRecomputesBottomOncePerWrite) {
  using G = TypeParam;
  G g;
  struct {
    typename G::ComputedHandle left, right;
    int bottom_runs = 0;
    std::vector<std::pair<double, double>> seen;  // (left, right) as bottom saw them
  } h;
  auto s = g.signal(1);
  h.left = g.computed([g = &g, s] { return g->get(s) * 2; });
  h.right = g.computed([g = &g, s] { return g->get(s) + 10; });
  auto bottom = g.computed([g = &g, h = &h] {
    ++h->bottom_runs;
    const double l = g->get(h->left);
    const double r = g->get(h->right);
    h->seen.emplace_back(l, r);
    return l + r;
  });
  EXPECT_EQ(g.get(bottom), 2 + 11);
  for (int v = 2; v <= 50; ++v) {
    g.set(s, v);
    EXPECT_EQ(g.get(bottom), 2 * v + v + 10);
  }
  if constexpr (testing::kBindingsRunOncePerChangedInput<G>) {
    // One run per changed input (left and right), the first of each pair with one input stale.
    EXPECT_EQ(h.bottom_runs, 1 + 2 * 49);
    ASSERT_EQ(h.seen.size(), 99u);
    for (std::size_t i = 0; i < h.seen.size(); i += 2) {
      EXPECT_EQ(h.seen[i].first / 2 + 10, h.seen[i].second) << "run " << i << " should be consistent";
    }
  } else {
    EXPECT_EQ(h.bottom_runs, 50);
    for (const auto& [l, r] : h.seen) EXPECT_EQ(l / 2 + 10, r) << "glitch: inconsistent inputs";
  }
  EXPECT_EQ(g.counts(), (Counts{.signals = 1, .computeds = 3, .effects = 0, .edges = 4}));
}

TYPED_TEST(Conformance, UnobservedComputedsAreLazy) {
  using G = TypeParam;
  G g;
  int runs = 0;
  auto* r = &runs;
  auto s = g.signal(1);
  auto c = g.computed([g = &g, s, r] {
    ++*r;
    return g->get(s) * 3;
  });
  if constexpr (testing::kComputedsAreEager<G>) {
    // Evaluated at creation and on each write; reads never evaluate.
    EXPECT_EQ(runs, 1);
    g.set(s, 2);
    g.set(s, 3);
    EXPECT_EQ(runs, 3);
    EXPECT_EQ(g.get(c), 9);
    EXPECT_EQ(g.peek(c), 9);
    EXPECT_EQ(runs, 3) << "a read evaluated an eager binding";
    return;
  }
  EXPECT_EQ(runs, 0) << "evaluated before anyone read it";
  g.set(s, 2);
  g.set(s, 3);
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(g.get(c), 9);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(g.get(c), 9);
  EXPECT_EQ(runs, 1) << "recomputed without a change";
  g.set(s, 4);
  g.set(s, 5);
  EXPECT_EQ(runs, 1) << "recomputed on write, not on read";
  EXPECT_EQ(g.peek(c), 15);
  EXPECT_EQ(runs, 2);
}

TYPED_TEST(Conformance, EqualValuesCutPropagation) {
  using G = TypeParam;
  G g;
  int parity_runs = 0;
  int effect_runs = 0;
  auto* pr = &parity_runs;
  auto* er = &effect_runs;
  auto s = g.signal(2);
  auto parity = g.computed([g = &g, s] { return std::fmod(g->get(s), 2.0); });
  auto downstream = g.computed([g = &g, parity, pr] {
    ++*pr;
    return g->get(parity) + 100;
  });
  g.effect([g = &g, downstream, er] {
    ++*er;
    g->get(downstream);
  });
  EXPECT_EQ(parity_runs, 1);
  EXPECT_EQ(effect_runs, 1);
  g.set(s, 2);  // same value: nothing runs
  EXPECT_EQ(effect_runs, 1);
  g.set(s, 4);  // parity unchanged: downstream does not recompute
  g.set(s, 6);
  EXPECT_EQ(parity_runs, 1);
  // The effect either cuts off too, or (the model's own rule) re-runs on every upstream write.
  const int writes_reaching_effect = testing::kEffectsRerunOnEveryUpstreamWrite<G> ? 2 : 0;
  EXPECT_EQ(effect_runs, 1 + writes_reaching_effect);
  g.set(s, 7);
  EXPECT_EQ(parity_runs, 2);
  EXPECT_EQ(effect_runs, 2 + writes_reaching_effect);
}

TYPED_TEST(Conformance, BranchSwitchDropsTheStaleEdge) {
  using G = TypeParam;
  G g;
  struct {
    typename G::SignalHandle cond, a, b;
    int runs = 0;
    double last = 0;
  } h;
  h.cond = g.signal(1);
  h.a = g.signal(10);
  h.b = g.signal(20);
  auto c = g.computed([g = &g, h = &h] {
    ++h->runs;
    return g->get(h->cond) != 0 ? g->get(h->a) : g->get(h->b);
  });
  auto e = g.effect([g = &g, c, h = &h] { h->last = g->get(c); });
  EXPECT_EQ(h.last, 10);
  EXPECT_EQ(g.counts().edges, 3u);  // c: cond, a; effect: c
  g.set(h.cond, 0);
  EXPECT_EQ(h.last, 20);
  EXPECT_EQ(g.counts().edges, 3u);  // c: cond, b (a dropped); effect: c
  const int before = h.runs;
  g.set(h.a, 11);  // no longer a dependency
  EXPECT_EQ(h.runs, before);
  EXPECT_EQ(h.last, 20);
  g.set(h.b, 21);
  EXPECT_EQ(h.last, 21);
  g.dispose(e);
}

TYPED_TEST(Conformance, BatchDefersEffectsToOneRun) {
  using G = TypeParam;
  G g;
  struct {
    typename G::SignalHandle a, b;
    int runs = 0;
    double sum = 0;
  } h;
  h.a = g.signal(1);
  h.b = g.signal(2);
  g.effect([g = &g, h = &h] {
    ++h->runs;
    h->sum = g->get(h->a) + g->get(h->b);
  });
  EXPECT_EQ(h.runs, 1);
  g.batch([&] {
    g.set(h.a, 10);
    g.set(h.b, 20);
    EXPECT_EQ(h.runs, 1) << "effect ran inside the batch";
  });
  EXPECT_EQ(h.runs, 2);
  EXPECT_EQ(h.sum, 30);
}

TYPED_TEST(Conformance, DisposeReleasesEdgesAndMemory) {
  using G = TypeParam;
  G g;
  struct {
    typename G::SignalHandle s;
    typename G::ComputedHandle c;
    int runs = 0;
  } h;
  auto& runs = h.runs;
  auto s = h.s = g.signal(1);
  auto c = h.c = g.computed([g = &g, s] { return g->get(s) + 1; });
  g.get(c);
  const Counts before = g.counts();
  const std::int64_t live_before = alloc::snapshot().live_bytes();
  auto e = g.effect([g = &g, h = &h] {
    ++h->runs;
    g->get(h->s);
    g->get(h->c);
  });
  EXPECT_EQ(g.counts().effects, before.effects + 1);
  EXPECT_EQ(g.counts().edges, before.edges + 2);
  g.dispose(e);
  if constexpr (testing::kUnwatchedComputedReleasesDeps<G>) {
    // c lost its only subscriber and let go of its edge to s.
    EXPECT_EQ(g.counts(), (Counts{before.signals, before.computeds, before.effects, before.edges - 1}));
    EXPECT_LT(alloc::snapshot().live_bytes(), live_before);
  } else if constexpr (TakesShapeHint<G>) {
    // Array storage keeps its arrays: the effect's slot and edges go back to the graph's free
    // lists, so an equal effect reuses them without allocating.
    EXPECT_EQ(g.counts(), before);
    const std::int64_t live_after_dispose = alloc::snapshot().live_bytes();
    auto again = g.effect([g = &g, h = &h] {
      g->get(h->s);
      g->get(h->c);
    });
    EXPECT_EQ(alloc::snapshot().live_bytes(), live_after_dispose) << "a disposed effect's slot was not reused";
    g.dispose(again);
  } else {
    EXPECT_EQ(g.counts(), before);
    EXPECT_EQ(alloc::snapshot().live_bytes(), live_before) << "dispose left memory behind";
  }
  g.set(s, 5);
  EXPECT_EQ(runs, 1) << "disposed effect ran";
  EXPECT_EQ(g.get(c), 6);
}

TYPED_TEST(Conformance, DeepChainOf10000Works) {
  using G = TypeParam;
  G g;
  auto s = g.signal(0);
  auto head = g.computed([g = &g, s] { return g->get(s) + 1; });
  for (int i = 1; i < 10000; ++i) head = g.computed([g = &g, head] { return g->get(head) + 1; });
  EXPECT_EQ(g.get(head), 10000);
  g.set(s, 5);
  EXPECT_EQ(g.get(head), 10005);
  EXPECT_EQ(g.counts(), (Counts{.signals = 1, .computeds = 10000, .effects = 0, .edges = 10000}));
}

TYPED_TEST(Conformance, CountsAreExactAfterEachStep) {
  using G = TypeParam;
  G g;
  EXPECT_EQ(g.counts(), Counts{});
  auto a = g.signal(1);
  auto b = g.signal(2);
  EXPECT_EQ(g.counts(), (Counts{2, 0, 0, 0}));
  auto sum = g.computed([g = &g, a, b] { return g->get(a) + g->get(b); });
  const std::uint64_t edges_at_creation = testing::kComputedsAreEager<G> ? 2 : 0;
  EXPECT_EQ(g.counts(), (Counts{2, 1, 0, edges_at_creation})) << "edges before the first evaluation";
  g.get(sum);
  EXPECT_EQ(g.counts(), (Counts{2, 1, 0, 2}));
  auto e1 = g.effect([g = &g, sum] { g->get(sum); });
  EXPECT_EQ(g.counts(), (Counts{2, 1, 1, 3}));
  auto e2 = g.effect([g = &g, a] { g->get(a); });
  EXPECT_EQ(g.counts(), (Counts{2, 1, 2, 4}));
  g.set(a, 3);
  EXPECT_EQ(g.counts(), (Counts{2, 1, 2, 4}));
  g.dispose(e1);
  // sum lost its only subscriber: some models then release sum's own two edges.
  const std::uint64_t sum_edges = testing::kUnwatchedComputedReleasesDeps<G> ? 0 : 2;
  EXPECT_EQ(g.counts(), (Counts{2, 1, 1, 1 + sum_edges}));
  g.dispose(e2);
  EXPECT_EQ(g.counts(), (Counts{2, 1, 0, sum_edges}));
}

TYPED_TEST(Conformance, RepeatedReadsCountOneEdge) {
  using G = TypeParam;
  G g;
  struct {
    typename G::SignalHandle a, b;
  } h;
  h.a = g.signal(1);
  h.b = g.signal(2);
  auto c = g.computed([g = &g, h = &h] { return g->get(h->a) + g->get(h->b) + g->get(h->a); });
  EXPECT_EQ(g.get(c), 4);
  EXPECT_EQ(g.counts().edges, 2u);
  g.set(h.a, 3);
  EXPECT_EQ(g.get(c), 8);
  EXPECT_EQ(g.counts().edges, 2u);
}

TYPED_TEST(Conformance, TeardownFreesEverything) {
  using G = TypeParam;
  const alloc::Counters before = alloc::snapshot();
  {
    G g;
    auto s = g.signal(1);
    auto c = g.computed([g = &g, s] { return g->get(s) * 2; });
    auto e = g.effect([g = &g, c] { g->get(c); });
    g.effect([g = &g, s] { g->get(s); });
    g.set(s, 2);
    g.dispose(e);
  }
  const alloc::Counters after = alloc::snapshot();
  EXPECT_EQ(after.live_bytes(), before.live_bytes());
  EXPECT_EQ(after.live_blocks(), before.live_blocks());
}

}  // namespace
}  // namespace sigheap
