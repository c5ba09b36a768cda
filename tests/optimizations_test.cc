// Issue 9's claims, on measured figures: what each lattice-optimized switch
// saves, that all of them together bring the computed to at most 0.55x
// lattice-like's and the diamond's per-write churn to zero, and that
// lower-bound is the floor.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "impls/lower-bound/lower_bound.h"
#include "harness/measure.h"
#include "harness/registry.h"
#include "reports/report.h"

namespace sigheap {
namespace {

const report::PerObject& attribution_of(std::string_view impl) {
  static std::map<std::string, report::PerObject, std::less<>> cache;
  if (auto it = cache.find(impl); it != cache.end()) return it->second;
  const Matrix& m = default_matrix();
  const std::ptrdiff_t i = m.impl_index(impl);
  EXPECT_GE(i, 0) << impl;
  return cache[std::string(impl)] = m.impls[static_cast<std::size_t>(i)].attribute();
}

report::ObjectCost cost(std::string_view impl, std::string_view kind) {
  return attribution_of(impl).costs.at(std::string(kind));
}

report::Result diamond(std::string_view impl) {
  const Matrix& m = default_matrix();
  const auto si = static_cast<std::size_t>(m.scenario_index("computed-diamond-simple"));
  const auto ii = static_cast<std::size_t>(m.impl_index(impl));
  return measure_cell(*m.cell(ii, si), ParamValues(m.scenarios[si].params), MeasureOptions{});
}

TEST(LatticeOptimized, AllSwitchesBringTheComputedToAtMost55PercentOfLatticeLike) {
  const double all = cost("lattice-optimized", "computed").bytes;
  const double before = cost("lattice-like", "computed").bytes;
  EXPECT_LE(all, 0.55 * before) << all << " B vs " << before << " B";
  EXPECT_EQ(cost("lattice-optimized", "computed").allocs, 1);
}

TEST(LatticeOptimized, AllSwitchesRemoveThePerWriteFrame) {
  for (const char* impl : {"lattice-optimized", "lattice-optimized/pooled-frames"}) {
    const report::Result r = diamond(impl);
    ASSERT_EQ(r.status, report::Status::kOk) << impl << ": " << r.error;
    EXPECT_EQ(r.steady->allocs_per_iteration, 0.0) << impl;
    EXPECT_EQ(r.steady->cumulative_bytes, 0u) << impl;
    EXPECT_EQ(r.steady->peak_bytes, 0) << impl;
  }
  // Every other switch leaves the frame: one allocation per write, as
  // lattice-like.
  for (const char* impl : {"lattice-like", "lattice-optimized/shared-methods",
                           "lattice-optimized/singleton-helpers", "lattice-optimized/no-factories",
                           "lattice-optimized/class-computed", "lattice-optimized/single-node"}) {
    EXPECT_EQ(diamond(impl).steady->allocs_per_iteration, 1.0) << impl;
  }
  EXPECT_EQ(*diamond("lattice-optimized").checksum, *diamond("lattice-like").checksum);
}

// Each switch changes only the objects its recommendation is about.
TEST(LatticeOptimized, EachSwitchSavesWhereItsRecommendationSays) {
  auto changed = [](std::string_view variant) {
    std::set<std::string> kinds;
    for (const auto& [kind, c] : attribution_of(variant).costs) {
      if (c != attribution_of("lattice-like").costs.at(kind)) kinds.insert(kind);
    }
    return kinds;
  };
  using Kinds = std::set<std::string>;
  EXPECT_EQ(changed("lattice-optimized/shared-methods"), (Kinds{"computed", "signal"}));
  EXPECT_EQ(changed("lattice-optimized/singleton-helpers"), Kinds{"graph"});
  EXPECT_EQ(changed("lattice-optimized/no-factories"), Kinds{"graph"});
  EXPECT_EQ(changed("lattice-optimized/class-computed"), Kinds{"computed"});
  EXPECT_EQ(changed("lattice-optimized/single-node"), (Kinds{"computed", "signal"}));
  EXPECT_EQ(changed("lattice-optimized/pooled-frames"), Kinds{"graph"});  // the pool lives in the graph

  const double base_signal_allocs = cost("lattice-like", "signal").allocs.value();
  EXPECT_EQ(cost("lattice-optimized/shared-methods", "signal").allocs,
            base_signal_allocs - 1);  // no peek
  EXPECT_EQ(cost("lattice-optimized/single-node", "signal").allocs,
            base_signal_allocs - 1);  // node fused
  EXPECT_LT(cost("lattice-optimized/singleton-helpers", "graph").bytes, cost("lattice-like", "graph").bytes);
  EXPECT_LT(cost("lattice-optimized/no-factories", "graph").allocs, cost("lattice-like", "graph").allocs);
  EXPECT_GT(cost("lattice-optimized/pooled-frames", "graph").bytes, cost("lattice-like", "graph").bytes);
  for (const std::string_view kind : report::kObjectKinds) {
    for (const char* variant : {"lattice-optimized/shared-methods", "lattice-optimized/singleton-helpers",
                                "lattice-optimized/no-factories", "lattice-optimized/class-computed",
                                "lattice-optimized/single-node"}) {
      EXPECT_LE(cost(variant, kind).bytes, cost("lattice-like", kind).bytes) << variant << " " << kind;
    }
    if (kind != "graph") {
      EXPECT_LE(cost("lattice-optimized", kind).bytes, cost("lattice-like", kind).bytes) << kind;
    }
  }
}

TEST(LowerBound, HasTheSmallestEdgeAndComputedOfAllModels) {
  for (const ImplInfo& info : default_matrix().impls) {
    if (!info.in_default_suite) continue;  // the models
    if (info.name == "lower-bound") continue;
    for (const char* kind : {"edge", "computed", "signal"}) {
      EXPECT_LT(cost("lower-bound", kind).bytes, cost(info.name, kind).bytes) << info.name << " " << kind;
      EXPECT_LT(cost("lower-bound", kind).requested_bytes, cost(info.name, kind).requested_bytes)
          << info.name << " " << kind;
    }
  }
  // Record bytes, no per-object allocations: the arrays share the graph's one
  // block.
  EXPECT_EQ(cost("lower-bound", "edge").bytes, 20);
  EXPECT_EQ(cost("lower-bound", "computed").bytes, 56);
  EXPECT_EQ(cost("lower-bound", "signal").bytes, 16);
  EXPECT_EQ(cost("lower-bound", "effect").bytes, 48);
  for (const char* kind : {"signal", "computed", "edge", "effect"})
    EXPECT_EQ(cost("lower-bound", kind).allocs, 0);
  EXPECT_EQ(cost("lower-bound", "graph").allocs, 1);
  EXPECT_EQ(cost("lower-bound", "graph").bytes, sizeof(lower_bound::Directory));
}

TEST(LowerBound, DiamondSetupIsExactlyItsRecordsAndItsSteadyStateAllocatesNothing) {
  const report::Result r = diamond("lower-bound");
  ASSERT_EQ(r.status, report::Status::kOk) << r.error;
  // 1 signal, 3 computeds, 4 edges, 0 effects: one block, the directory and
  // exactly the records.
  EXPECT_EQ(r.setup->requested_bytes, sizeof(lower_bound::Directory) + 16u + 3 * 56u + 4 * 20u);
  EXPECT_EQ(r.setup->allocs, 1u);
  EXPECT_EQ(r.steady->allocs_per_iteration, 0.0);
  EXPECT_EQ(*r.checksum, *diamond("preact-like").checksum);
}

}  // namespace
}  // namespace sigheap
