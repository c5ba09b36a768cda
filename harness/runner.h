#pragma once
// Runs a list of measurements. By default each one runs in a forked child with a time limit,
// so a crash, an abort, an exception or a hang becomes that result's status and every other
// result still completes; children run `jobs` at a time (memory figures do not depend on it).

#include <cstdint>
#include <functional>
#include <vector>

#include "harness/matrix.h"
#include "reports/report.h"

namespace sigheap {

struct Job {
  std::size_t impl = 0;
  std::size_t scenario = 0;
  std::vector<std::int64_t> param_values;  // one per ScenarioInfo::params entry
};

struct RunnerOptions {
  MeasureOptions measure;
  bool isolate = true;
  unsigned jobs = 1;
  double timeout_seconds = 60;
};

// Called after each finished job with (done, total, the job's result).
using ProgressFn = std::function<void(std::size_t, std::size_t, const report::Result&)>;

// Results come back in the order of `jobs`.
std::vector<report::Result> run_jobs(const Matrix& m, const std::vector<Job>& jobs,
                                     const RunnerOptions& opt, const ProgressFn& progress = {});

// One measurement in this process; an exception becomes status error.
report::Result run_in_process(const Matrix& m, const Job& job, const MeasureOptions& opt);

}  // namespace sigheap
