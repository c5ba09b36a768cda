#pragma once
// One valgrind process's share of `run --time --time-counter instructions`: a list of cells, each
// taken through the timing pass (harness/measure.h) in a child forked for it — a fresh copy of
// the same process state, so that a cell's count does not depend on which cells share its batch,
// and a cell that crashes costs only its own samples. Every timed chunk is bracketed by callgrind
// client requests: the counters are zeroed just before it and dumped just after under
// sample_label(cell, sample) (harness/callgrind_dump.h). Outside valgrind the requests do nothing.
//
// The batch travels as a JSON file from the run (harness/instruction_timing.h) to the hidden
// `sigheap callgrind-batch FILE` command that valgrind starts.
#include <cstdint>
#include <string>
#include <vector>

#include "harness/matrix.h"

namespace sigheap {

struct BatchCell {
  std::string impl;
  std::string scenario;
  std::vector<std::int64_t> param_values;  // one per ScenarioInfo::params entry
  std::uint64_t iterations = 0;            // of the steady phase, shared among the samples
};

struct CallgrindBatch {
  std::uint64_t repetitions = 0;  // samples per cell
  std::vector<BatchCell> cells;
};

std::string batch_to_json(const CallgrindBatch& b);
// Throws BadInput naming `source` when the text is not a batch.
CallgrindBatch batch_from_json(const std::string& text, const std::string& source);

// Whether this build has callgrind's client requests (<valgrind/callgrind.h> was found).
bool callgrind_requests_compiled();

// Runs every cell of the batch, each in its own child; returns 0 when all of them finished, 1
// otherwise, with a line on stderr per cell that did not, "sigheap: cell K (impl scenario): why".
// Throws BadInput for a cell this matrix does not have.
int run_callgrind_batch(const Matrix& m, const CallgrindBatch& b);

}  // namespace sigheap
