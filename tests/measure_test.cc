// The measurement engine: a model with known allocations gives exact phase figures.
#include <gtest/gtest.h>

#include "harness/cell_of.h"
#include "scenarios/computed_diamond_simple.h"
#include "tests/scripted_model.h"

namespace sigheap {
namespace {

using alloc::size_class;
using scenarios::ComputedDiamondSimple;
using testing::ScriptedGraph;

constexpr std::uint64_t kIterations = 1000;

report::Result measure_diamond(bool leak, std::uint64_t points = 10) {
  ScriptedGraph<true>::reserve_leaks(kIterations);
  const ParamValues params(ComputedDiamondSimple::params);
  const MeasureOptions opt{.iterations = kIterations, .timeline_points = points};
  if (!leak) return measure<ScriptedGraph<false>, ComputedDiamondSimple>(params, opt);
  report::Result r = measure<ScriptedGraph<true>, ComputedDiamondSimple>(params, opt);
  ScriptedGraph<true>::free_leaked();
  return r;
}

TEST(Measure, SetupPhaseIsExact) {
  const report::Result r = measure_diamond(false);
  ASSERT_EQ(r.status, report::Status::kOk) << r.error;
  const auto setup_bytes =
      static_cast<std::int64_t>(size_class(testing::kSignalBlock) + 3 * size_class(testing::kComputedBlock));
  EXPECT_EQ(r.setup->allocs, 4u);
  EXPECT_EQ(r.setup->frees, 0u);
  EXPECT_EQ(r.setup->requested_bytes, testing::kSignalBlock + 3 * testing::kComputedBlock);
  EXPECT_EQ(r.setup->allocated_bytes, static_cast<std::uint64_t>(setup_bytes));
  EXPECT_EQ(r.setup->retained_bytes, setup_bytes);
  EXPECT_EQ(r.setup->peak_bytes, setup_bytes);
  EXPECT_EQ(*r.shape, (report::Shape{1, 3, 0, 4}));
}

TEST(Measure, SteadyPhaseSeparatesChurnFromRetention) {
  const report::Result r = measure_diamond(false);
  const auto block = size_class(testing::kSetBlock);
  EXPECT_EQ(r.steady->iterations, kIterations);
  EXPECT_EQ(r.steady->allocs, kIterations);
  EXPECT_EQ(r.steady->frees, kIterations);
  EXPECT_EQ(r.steady->cumulative_bytes, kIterations * block);
  EXPECT_EQ(r.steady->requested_bytes, kIterations * testing::kSetBlock);
  EXPECT_EQ(r.steady->retained_growth_bytes, 0);
  EXPECT_EQ(r.steady->peak_bytes, static_cast<std::int64_t>(block));
  EXPECT_DOUBLE_EQ(r.steady->allocs_per_iteration, 1.0);
  EXPECT_DOUBLE_EQ(r.steady->bytes_per_iteration, static_cast<double>(block));
  ASSERT_EQ(r.steady->timeline.size(), 10u);
  for (std::size_t k = 0; k < 10; ++k) {
    EXPECT_EQ(r.steady->timeline[k].iteration, (k + 1) * 100);
    EXPECT_EQ(r.steady->timeline[k].live_bytes, 0);
  }
}

TEST(Measure, TeardownFreesEverything) {
  const report::Result r = measure_diamond(false);
  EXPECT_EQ(r.teardown->frees, 4u);
  EXPECT_EQ(static_cast<std::int64_t>(r.teardown->freed_bytes), r.setup->retained_bytes);
  EXPECT_EQ(r.teardown->residual_bytes, 0);
  EXPECT_EQ(r.teardown->residual_blocks, 0);
}

TEST(Measure, LeakShowsAsRetainedGrowthAndResidualAndFailsTheResult) {
  const report::Result r = measure_diamond(true);
  const auto block = static_cast<std::int64_t>(size_class(testing::kSetBlock));
  const auto leaked = static_cast<std::int64_t>(kIterations) * block;
  EXPECT_EQ(r.steady->retained_growth_bytes, leaked);
  EXPECT_EQ(r.steady->peak_bytes, leaked);
  EXPECT_EQ(r.steady->timeline.back().live_bytes, leaked);
  EXPECT_EQ(r.steady->timeline.front().live_bytes, 100 * block);
  EXPECT_EQ(r.teardown->residual_bytes, leaked);
  EXPECT_EQ(r.teardown->residual_blocks, static_cast<std::int64_t>(kIterations));
  EXPECT_EQ(r.status, report::Status::kError);
  EXPECT_EQ(r.error, "leak: " + std::to_string(leaked) + " bytes in 1000 blocks");
}

TEST(Measure, TimelineSamplesAreEvenlySpacedAndEndAtTheLastIteration) {
  const report::Result r = measure_diamond(false, 7);
  ASSERT_EQ(r.steady->timeline.size(), 7u);
  EXPECT_EQ(r.steady->timeline.back().iteration, kIterations);
  for (std::size_t k = 1; k < 7; ++k) {
    const auto step = r.steady->timeline[k].iteration - r.steady->timeline[k - 1].iteration;
    EXPECT_TRUE(step == 142 || step == 143) << step;
  }
}

TEST(Measure, ChecksumIsTheSumOfBottomValues) {
  const report::Result r = measure_diamond(false);
  double expected = ComputedDiamondSimple::bottom_of(ComputedDiamondSimple::left_of(0),
                                                     ComputedDiamondSimple::right_of(0));
  for (std::uint64_t i = 1; i <= kIterations; ++i) {
    const double s = static_cast<double>(i);
    expected += ComputedDiamondSimple::bottom_of(ComputedDiamondSimple::left_of(s),
                                                 ComputedDiamondSimple::right_of(s));
  }
  EXPECT_EQ(*r.checksum, expected);
}

// The diamond builds 4 edges; a scenario declaring 5 must fail with a clear message.
struct WrongShape : ComputedDiamondSimple {
  template <Reactive G>
  struct Run : ComputedDiamondSimple::Run<G> {
    using ComputedDiamondSimple::Run<G>::Run;
    Counts shape() const { return {.signals = 1, .computeds = 3, .effects = 0, .edges = 5}; }
  };
};

TEST(Measure, ShapeMismatchIsAnError) {
  const ParamValues params(WrongShape::params);
  const report::Result r =
      measure<ScriptedGraph<false>, WrongShape>(params, MeasureOptions{.iterations = 10});
  EXPECT_EQ(r.status, report::Status::kError);
  EXPECT_EQ(r.error,
            "shape mismatch: expected 1 signals, 3 computeds, 0 effects, 5 edges; got 1, 3, 0, 4");
}

}  // namespace
}  // namespace sigheap
