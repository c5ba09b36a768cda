// qt-qproperty, Qt 6's property bindings behind the Reactive concept: every scenario runs with
// status ok, no leak, and the checksum preact-like computes; per-object bytes (operator new and
// malloc alike) are what impls/qt-qproperty/README.md states; Qt's own allocations on a write
// and in a property update group are where the README says. The shared conformance suite runs
// on this model too (conformance_test.cc, in sigheap_tests, covers every registered library).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "harness/attribution.h"
#include "harness/measure.h"
#include "harness/registry.h"
#include "impls/qt-qproperty/qt_qproperty.h"

namespace sigheap {
namespace {

using Qt6Graph = qt_qproperty::Graph;
constexpr bool kSystemAllocator = SIGHEAP_SYSTEM_ALLOCATOR_BUILD;

// ---- every scenario, against preact-like ----------------------------------------------------

// One test per registered scenario, through the registry's cells (the Qt cells are compiled once,
// in the generated cells files, not again here).
class QtScenario : public ::testing::TestWithParam<std::size_t> {};

std::vector<std::size_t> scenario_indices() {
  std::vector<std::size_t> all(default_matrix().scenarios.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

INSTANTIATE_TEST_SUITE_P(Registered, QtScenario, ::testing::ValuesIn(scenario_indices()),
                         [](const ::testing::TestParamInfo<std::size_t>& info) {
                           std::string n(default_matrix().scenarios[info.param].name);
                           for (char& c : n) {
                             if (c == '-') c = '_';
                           }
                           return n;
                         });

// A short steady phase: checksums depend on the iterations run, not on their number being the
// default, and 500 iterations of every scenario keep this test fast.
constexpr std::uint64_t kIterations = 500;

// Where qt-qproperty departs from the models on a scenario (README.md, "Scenarios"):
// - Qt re-evaluates a binding once per changed input, depth first, without ordering the graph,
//   so a layered graph costs exponentially many evaluations per write (2^(depth-2) for a chain of
//   diamonds); those scenarios run here with few layers.
// - Eager bindings evaluate computeds the lazy models never evaluate, whose edges then exist: the
//   shape check sees those extra edges (and the run is an error by the shape rule alone).
struct Departure {
  std::string_view scenario;
  std::int64_t layers = 0;       // run with this many layers instead of the default (0: default)
  std::uint64_t extra_edges = 0;  // edges of computeds only an eager library evaluates
};
constexpr Departure kDepartures[] = {
    {"cellx", 10, 0},
    {"dynamic-wide-dense", 3, 0},
    {"dynamic-deep", 8, 0},  // 2^6 evaluations per write: the largest allowed (12) takes minutes under ASan
    {"dynamic-very-dynamic", 4, 18},
    {"kairo-triangle", 0, 1},
    {"kairo-unstable", 0, 1},
    {"dynamic-simple", 0, 6},
};

Departure departure_of(std::string_view scenario) {
  for (const Departure& d : kDepartures) {
    if (d.scenario == scenario) return d;
  }
  return {scenario};
}

template <class G>
void expect_runs_like_the_models(const ScenarioInfo& s, const Departure& d, const ParamValues& params,
                                 const report::Result& preact) {
  MeasureOptions opt;
  opt.iterations = std::min<std::uint64_t>(kIterations, s.default_iterations);
  const report::Result qt = measure_cell(default_matrix().cell(G::name, s.name), params, opt);
  SCOPED_TRACE(std::string(G::name));
  ASSERT_TRUE(qt.shape.has_value() && preact.shape.has_value());
  // Eager bindings may hold more edges than the scenario's shape (the harness allows it for a
  // library with kEagerComputeds); every other count is the models'.
  EXPECT_EQ(qt.status, report::Status::kOk) << qt.error;
  report::Shape eager = *preact.shape;
  eager.edges += d.extra_edges;
  EXPECT_EQ(*qt.shape, eager);
  ASSERT_TRUE(qt.teardown.has_value());
  EXPECT_EQ(qt.teardown->residual_bytes, 0);
  EXPECT_EQ(qt.teardown->residual_blocks, 0);
  ASSERT_TRUE(qt.checksum.has_value());
  ASSERT_TRUE(preact.checksum.has_value());
  EXPECT_EQ(*qt.checksum, *preact.checksum) << "checksum differs from preact-like's";
  std::printf("%-20s %-22s %-10s setup %9lld B %7llu allocs | steady %10.2f B/iter %6.3f allocs/iter | %s\n",
              std::string(G::name).c_str(), std::string(s.name).c_str(),
              d.layers != 0 ? ("layers=" + std::to_string(d.layers)).c_str() : "",
              static_cast<long long>(qt.setup->retained_bytes), static_cast<unsigned long long>(qt.setup->allocs),
              qt.steady->bytes_per_iteration, qt.steady->allocs_per_iteration,
              *qt.checksum == *preact.checksum ? "checksum agrees" : "CHECKSUM DIFFERS");
}

TEST_P(QtScenario, RunsCleanlyAndAgreesWithTheModels) {
  const ScenarioInfo& s = default_matrix().scenarios[GetParam()];
  const Departure d = departure_of(s.name);
  ParamValues params(s.params);
  if (d.layers != 0) params.set("layers", d.layers);
  MeasureOptions opt;
  opt.iterations = std::min<std::uint64_t>(kIterations, s.default_iterations);
  const report::Result preact = measure_cell(default_matrix().cell("preact-like", s.name), params, opt);
  expect_runs_like_the_models<Qt6Graph>(s, d, params, preact);
  expect_runs_like_the_models<qt_qproperty::ObjectGraph>(s, d, params, preact);
}

// ---- per-object bytes ------------------------------------------------------------------------

template <class G>
void print_per_object() {
  std::printf("%s\n", std::string(G::name).c_str());
  for (const auto& sample : scenarios::kAttributionSamples) {
    const AttributionRow row = measure_attribution_sample<G>(sample);
    std::printf("sample %llu signals %llu computeds %llu effects %llu edges: %6.0f B %6.0f requested %4.0f blocks\n",
                static_cast<unsigned long long>(row.counts.signals),
                static_cast<unsigned long long>(row.counts.computeds),
                static_cast<unsigned long long>(row.counts.effects), static_cast<unsigned long long>(row.counts.edges),
                row.bytes, row.requested_bytes, row.allocs);
  }
  const report::PerObject p = attribute<G>();
  std::printf("per object (bytes / requested / allocs), fit residual %g over %llu samples:\n",
              p.residual.value_or(-1), static_cast<unsigned long long>(p.samples));
  for (const auto& [what, c] : p.costs) {
    std::printf("  %-8s %8.2f %8.2f %6.2f\n", what.c_str(), c.bytes, c.requested_bytes, c.allocs.value_or(-1));
  }
}

TEST(QtQProperty, PerObjectBytes) {
  print_per_object<Qt6Graph>();
  print_per_object<qt_qproperty::ObjectGraph>();
}

// The attribution samples, byte for byte (jemalloc size classes). Every kind is exactly linear,
// but a computed's edges and an effect's edges cost differently: a binding keeps its first four
// dependency observers inside its QPropertyBindingPrivate block (0 B more), while each effect edge
// is one Qt notifier (64 B with the adapter's source pointer). One "edge" coefficient cannot fit
// both, which is why the fit's residual is not 0 for this impl.
TEST(QtQProperty, AttributionSamplesAreExactlyLinearPerKind) {
  if (kSystemAllocator) GTEST_SKIP() << "system allocator build: no jemalloc size classes";
  constexpr double kGraph = 512;     // the adapter's read-tracking scratch (64 pointers)
  constexpr double kSignal = 32;     // OwnedLink 16 + QProperty<double> 16
  constexpr double kComputed = 304;  // node 40 -> 48, binding block 192 + functor 48 = 240 -> 256
  constexpr double kEffect = 96;     // node 88 -> 96
  constexpr double kEffectEdge = 64;  // Watch: source 8 + QPropertyNotifier 56
  for (const auto& sample : scenarios::kAttributionSamples) {
    const AttributionRow row = measure_attribution_sample<Qt6Graph>(sample);
    const auto n = [](std::uint64_t v) { return static_cast<double>(v); };
    const double expected = kGraph + kSignal * n(row.counts.signals) + kComputed * n(row.counts.computeds) +
                            kEffect * n(row.counts.effects) + (row.counts.effects != 0 ? kEffectEdge * n(row.counts.edges) : 0);
    EXPECT_EQ(row.bytes, expected) << row.counts.signals << " signals, " << row.counts.computeds << " computeds, "
                                   << row.counts.effects << " effects, " << row.counts.edges << " edges";
    const double blocks = 1 + n(row.counts.signals) + 2 * n(row.counts.computeds) + 2 * n(row.counts.effects);
    EXPECT_EQ(row.allocs, blocks);
  }
}

// qt-qobject-bindable: each value is a QObject (its QObjectPrivate, 120 -> 128 B), and a bindable
// property's binding data lives in its object's QBindingStorage, allocated (160 B) when the value
// first gets a binding or an observer: once per computed, and once per signal that anything reads.
TEST(QtQProperty, ObjectBindableSamplesAreExactlyLinearPerKind) {
  if (kSystemAllocator) GTEST_SKIP() << "system allocator build: no jemalloc size classes";
  constexpr double kGraph = 512;
  constexpr double kSignal = 176;    // node (links 16 + QObject 16 + property 8) 40 -> 48, QObjectPrivate 128
  constexpr double kObserved = 160;  // the QBindingStorage of a value that something reads
  constexpr double kComputed = 592;  // 176 as a value + binding block 256 + its own storage 160
  constexpr double kEffect = 96;
  constexpr double kEffectEdge = 64;
  for (const auto& sample : scenarios::kAttributionSamples) {
    const AttributionRow row = measure_attribution_sample<qt_qproperty::ObjectGraph>(sample);
    const auto n = [](std::uint64_t v) { return static_cast<double>(v); };
    const bool read = row.counts.computeds != 0 || row.counts.effects != 0;  // every sample reads all its signals
    const double expected = kGraph + kSignal * n(row.counts.signals) + (read ? kObserved * n(row.counts.signals) : 0) +
                            kComputed * n(row.counts.computeds) + kEffect * n(row.counts.effects) +
                            (row.counts.effects != 0 ? kEffectEdge * n(row.counts.edges) : 0);
    EXPECT_EQ(row.bytes, expected) << row.counts.signals << " signals, " << row.counts.computeds << " computeds, "
                                   << row.counts.effects << " effects, " << row.counts.edges << " edges";
    const double blocks = 1 + n(row.counts.signals) * (read ? 3 : 2) + 4 * n(row.counts.computeds) +
                          2 * n(row.counts.effects);
    EXPECT_EQ(row.allocs, blocks);
  }
}

// Beyond four dependencies a binding keeps its observers in a heap std::vector<QPropertyObserver>
// (24 B each, grown by doubling), kept across re-evaluations: a write allocates nothing.
TEST(QtQProperty, WideBindingsCostObserversOnTheHeap) {
  std::printf("K sources: retained bytes (blocks) of one computed beyond K=1 | per write: allocs, bytes\n");
  double base = 0;
  for (int k = 1; k <= 12; ++k) {
    Qt6Graph g;
    std::vector<Qt6Graph::SignalHandle> sources;
    for (int i = 0; i < k; ++i) sources.push_back(g.signal(i));
    struct Sources {
      Qt6Graph* g;
      std::vector<Qt6Graph::SignalHandle>* s;
    };
    const Sources* ctx = new Sources{&g, &sources};
    const alloc::Counters before = alloc::snapshot();
    g.computed([ctx] {
      double sum = 0;
      for (auto h : *ctx->s) sum += ctx->g->get(h);
      return sum;
    });
    const alloc::Counters built = alloc::snapshot();
    g.set(sources[0], 100);
    const alloc::Counters written = alloc::snapshot();
    const auto retained = static_cast<double>(built.live_bytes() - before.live_bytes());
    if (k == 1) base = retained;
    std::printf("  K=%2d: %6.0f B (%lld blocks) | %llu allocs, %llu B\n", k, retained - base,
                static_cast<long long>(built.live_blocks() - before.live_blocks()),
                static_cast<unsigned long long>(written.allocs - built.allocs),
                static_cast<unsigned long long>(written.allocated_bytes - built.allocated_bytes));
    EXPECT_EQ(g.counts().edges, static_cast<std::uint64_t>(k));
    if (!kSystemAllocator) {
      // 0 while inline; then the vector object (24 -> 32 B) and its buffer of capacity 1, 2, 4, 8
      // observers (24 B each, in the 32, 48, 96, 192 B classes).
      constexpr double kBeyondOne[] = {0, 0, 0, 0, 64, 80, 128, 128, 224, 224, 224, 224};
      EXPECT_EQ(retained - base, kBeyondOne[k - 1]);
    }
    EXPECT_EQ(written.allocs, built.allocs) << "a write re-evaluating the binding allocated";
    delete ctx;
  }
}

// A property update group (batch) costs one 4080-byte block (Qt's page of delayed notifications,
// 4096 B class) for the outermost group, freed at its end.
TEST(QtQProperty, BatchAllocatesOnePageOfDelayedNotifications) {
  Qt6Graph g;
  auto s = g.signal(1);
  auto c = g.computed([g = &g, s] { return g->get(s) * 2; });
  const alloc::Counters a = alloc::snapshot();
  g.batch([&] {
    g.batch([&] { g.set(s, 5); });  // nested groups share the page
  });
  const alloc::Counters b = alloc::snapshot();
  EXPECT_EQ(g.peek(c), 10);
  EXPECT_EQ(b.allocs - a.allocs, 1u);
  EXPECT_EQ(b.frees - a.frees, 1u);
  EXPECT_EQ(b.requested_bytes - a.requested_bytes, 4080u);
  EXPECT_EQ(b.live_bytes(), a.live_bytes());
}

TEST(QtQProperty, NestedBatchesRunEffectsOnceAfterTheOutermost) {
  Qt6Graph g;
  struct {
    Qt6Graph::SignalHandle a, b;
    int runs = 0;
    double sum = 0;
  } h;
  h.a = g.signal(1);
  h.b = g.signal(2);
  auto doubled = g.computed([g = &g, h = &h] { return 2 * g->get(h->a); });
  g.effect([g = &g, h = &h, doubled] {
    ++h->runs;
    h->sum = g->get(doubled) + g->get(h->b);
  });
  g.batch([&] {
    g.batch([&] { g.set(h.a, 10); });
    EXPECT_EQ(h.runs, 1) << "ran at the end of the inner batch";
    g.set(h.b, 20);
  });
  EXPECT_EQ(h.runs, 2);
  EXPECT_EQ(h.sum, 40);
}

// Qt collects the bindings to notify after a write in a QVarLengthArray with 256 inline entries;
// beyond that it grows the array with malloc/realloc, not operator new. Those bytes are counted only
// because the counting allocator replaces the malloc family (absent in sanitizer builds).
TEST(QtQProperty, ManyDependentsSpillQtsPendingListThroughMalloc) {
  for (int fanout : {256, 257, 1000}) {
    Qt6Graph g;
    auto s = g.signal(0);
    for (int i = 0; i < fanout; ++i) g.computed([g = &g, s, i] { return g->get(s) + i; });
    const alloc::Counters a = alloc::snapshot();
    g.set(s, 1);
    const alloc::Counters b = alloc::snapshot();
    std::printf("  %4d dependents: a write allocates %llu blocks, %llu B\n", fanout,
                static_cast<unsigned long long>(b.allocs - a.allocs),
                static_cast<unsigned long long>(b.allocated_bytes - a.allocated_bytes));
    EXPECT_EQ(b.live_bytes(), a.live_bytes());
    if (fanout <= 256 || !alloc::kCountsMalloc) {
      EXPECT_EQ(b.allocs, a.allocs);
    } else if (fanout == 257) {
      EXPECT_EQ(b.allocs - a.allocs, 1u);  // malloc of 512 entries (8 B each)
      EXPECT_EQ(b.allocated_bytes - a.allocated_bytes, 4096u);
    } else {
      // then realloc to 1024 entries: a free of the 4096-byte block and an 8192-byte allocation
      EXPECT_EQ(b.allocs - a.allocs, 2u);
      EXPECT_EQ(b.allocated_bytes - a.allocated_bytes, 4096u + 8192u);
    }
  }
}

// At the default sizes, the layered scenarios Qt cannot run in time are skipped with the reason.
TEST(QtQProperty, LayeredScenariosAtDefaultSizeAreSkippedWithTheReason) {
  for (std::string_view scenario : {"cellx", "dynamic-wide-dense", "dynamic-deep", "dynamic-very-dynamic"}) {
    const Matrix& m = default_matrix();
    const ScenarioInfo& info = m.scenarios[static_cast<std::size_t>(m.scenario_index(scenario))];
    const report::Result r =
        measure_cell(m.cell("qt-qproperty", scenario), info.values(info.param_sets.front()), MeasureOptions{});
    EXPECT_EQ(r.status, report::Status::kSkipped) << scenario;
    EXPECT_NE(r.error.find("exponentially many evaluations"), std::string::npos) << r.error;
  }
}

}  // namespace
}  // namespace sigheap
