#pragma once
// Runs measurements and per-object attributions. By default each one runs in a forked child
// with a time limit, so a crash, an abort, an exception or a hang becomes that task's status and
// every other task still completes; children run `jobs` at a time (memory figures do not
// depend on it). Results come back over a pipe as JSON.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/matrix.h"
#include "harness/measure.h"
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
  // With measure.time_counter kInstructions (harness/instruction_timing.h): valgrind's path, and
  // the run's private folder for the batches' files.
  std::string valgrind;
  std::string scratch_dir;
};

// Called after each finished task with (done, total, a label of the task).
using ProgressFn = std::function<void(std::size_t, std::size_t, const std::string&)>;

// Results come back in the order of `jobs`. With instruction counts, `progress` also steps once
// per callgrind batch (instruction_batch_count() per round).
std::vector<report::Result> run_jobs(const Matrix& m, const std::vector<Job>& jobs,
                                     const RunnerOptions& opt, const ProgressFn& progress = {});

// One measurement in this process; an exception becomes status error.
report::Result run_in_process(const Matrix& m, const Job& job, const MeasureOptions& opt);

struct AttributionOutcome {
  std::map<std::string, report::PerObject> per_object;  // by impl, for those that succeeded
  std::map<std::string, std::string> errors;            // by impl: why attribution failed
};

// Per-object attribution of the given impls, isolated like measurements.
AttributionOutcome run_attributions(const Matrix& m, const std::vector<std::size_t>& impls,
                                    const RunnerOptions& opt, const ProgressFn& progress = {});

// The generic engine: runs each task (which returns JSON text) isolated or in process.
struct TaskOutcome {
  report::Status status = report::Status::kOk;
  std::string output;  // the task's text when ok
  std::string error;   // why not, otherwise
};
struct Task {
  std::string label;
  std::function<std::string()> run;
};
std::vector<TaskOutcome> run_tasks(const std::vector<Task>& tasks, const RunnerOptions& opt,
                                   const ProgressFn& progress = {});

}  // namespace sigheap
