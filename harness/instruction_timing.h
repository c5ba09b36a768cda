#pragma once
// `run --time --time-counter instructions`: the timing pass run under valgrind's callgrind, which
// counts the instructions a steady iteration executes — the same number run after run, whatever
// the machine's load, where CPU time on a shared 2-core VM moves by tens of percent.
//
// Only timing runs under valgrind (about 50 times slower than native): the memory pass runs as
// without it, and its figures are the same. After it, the results that came out ok are dealt into
// batches of up to 16, one valgrind process each (its start-up costs about half a second of CPU,
// so not one per result), run like any measurement (isolated, `--jobs` at a time, a time limit of `--timeout`
// per result in the batch); inside, every result still runs in a child of its own
// (harness/callgrind_batch.h). Each `--time-rounds` round is another set of batches. Their files
// go to the run's private folder (harness/private_dir.h), removed at the end and on SIGINT or
// SIGTERM. A result whose samples are missing becomes an error naming the reason.
#include <cstddef>
#include <string>
#include <vector>

#include "harness/matrix.h"
#include "harness/runner.h"
#include "reports/report.h"

namespace sigheap {

// The valgrind on PATH. Throws BadInput (one line: what is missing and how to get it) when there
// is none, or when this build has no callgrind client requests.
std::string find_valgrind();

// How many batches a round of `cells` results is dealt into: one per parallel job (but not more
// than results), and more where a batch would hold more than 16 results.
std::size_t instruction_batch_count(std::size_t cells, unsigned jobs);

// Adds a time block counted in instructions to every ok result of `jobs` (in `results`, in the
// same order); `progress` steps once per batch. Needs opt.valgrind and opt.scratch_dir.
void add_instruction_counts(const Matrix& m, const std::vector<Job>& jobs, const RunnerOptions& opt,
                            std::vector<report::Result>& results, const ProgressFn& progress);

}  // namespace sigheap
