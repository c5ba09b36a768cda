// docs/adding-a-model.md's example model, measured through the same matrix, runner and
// measurement engine as the registered models: one list entry is all it takes.
#include <gtest/gtest.h>

#include "harness/cell_of.h"
#include "harness/registry.h"
#include "registered_scenarios.h"
#include "harness/runner.h"
#include "tests/example-model/example_model.h"

namespace sigheap {
namespace {

TEST(ExampleModel, RunsEveryScenarioThroughTheHarnessWithTheSameChecksums) {
  const Matrix& registered = default_matrix();
  Matrix m(registered.scenarios);
  m.add(model_cells<example::NaiveGraph>(Scenarios{}));
  m.add(registered.model(static_cast<std::size_t>(registered.impl_index("preact-like"))));
  std::vector<Job> jobs;
  for (std::size_t s = 0; s < m.scenarios.size(); ++s) {
    for (const auto& set : m.scenarios[s].param_sets) {
      jobs.push_back(Job{0, s, set});
      jobs.push_back(Job{1, s, set});
    }
  }
  RunnerOptions opt;
  opt.measure.iterations = 20;  // checksums depend on the iterations run, not on their number
  const auto results = run_jobs(m, jobs, opt);
  for (std::size_t i = 0; i < results.size(); i += 2) {
    ASSERT_EQ(results[i].status, report::Status::kOk) << results[i].scenario << ": " << results[i].error;
    EXPECT_EQ(results[i].impl, "example-naive");
    EXPECT_EQ(*results[i].checksum, *results[i + 1].checksum) << results[i].scenario;
    EXPECT_EQ(*results[i].shape, *results[i + 1].shape) << results[i].scenario;
    EXPECT_EQ(results[i].teardown->residual_bytes, 0);
  }
}

}  // namespace
}  // namespace sigheap
