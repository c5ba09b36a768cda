// The runner: isolated (forked) measurements give the same figures as in-process ones, and
// results come back in job order.
#include <gtest/gtest.h>

#include "harness/registry.h"
#include "harness/runner.h"

namespace sigheap {
namespace {

std::vector<Job> diamond_jobs(const Matrix& m) {
  std::vector<Job> jobs;
  const auto s = static_cast<std::size_t>(m.scenario_index("computed-diamond-simple"));
  for (std::size_t i = 0; i < m.impls.size(); ++i) {
    if (m.impls[i].in_default_suite) jobs.push_back(Job{i, s, {}});
  }
  return jobs;
}

TEST(Runner, IsolatedFiguresEqualInProcessFigures) {
  const Matrix& m = default_matrix();
  const auto jobs = diamond_jobs(m);
  RunnerOptions opt;
  opt.measure.iterations = 2000;
  opt.jobs = 2;
  const auto isolated = run_jobs(m, jobs, opt);
  opt.isolate = false;
  const auto local = run_jobs(m, jobs, opt);
  ASSERT_EQ(isolated.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(isolated[i], local[i]) << isolated[i].impl;
    EXPECT_EQ(isolated[i].impl, m.impls[jobs[i].impl].name);
  }
}

TEST(Runner, ProgressIsReportedOncePerJob) {
  const Matrix& m = default_matrix();
  const auto jobs = diamond_jobs(m);
  RunnerOptions opt;
  opt.measure.iterations = 100;
  std::vector<std::size_t> done;
  run_jobs(m, jobs, opt, [&](std::size_t d, std::size_t total, const std::string&) {
    EXPECT_EQ(total, jobs.size());
    done.push_back(d);
  });
  ASSERT_EQ(done.size(), jobs.size());
  for (std::size_t i = 0; i < done.size(); ++i) EXPECT_EQ(done[i], i + 1);
}

}  // namespace
}  // namespace sigheap
