#pragma once
// Reading back what valgrind's callgrind wrote for `run --time-counter instructions`: with
// `--combine-dumps=yes` each process writes one file of "parts", one per dump, and each part ends
// with a `totals:` line (the instructions executed since the previous dump or zeroing; only the Ir
// event is collected). The timing pass dumps after every timed chunk under a label of its own,
// sample_label(); parts dumped for any other reason (the program's end) are skipped.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sigheap {

// "sigheap cell 3 sample 7": what the timing pass passes to CALLGRIND_DUMP_STATS_AT.
std::string sample_label(std::size_t cell, std::uint64_t sample);

struct DumpedSample {
  std::size_t cell = 0;
  std::uint64_t sample = 0;
  std::uint64_t instructions = 0;
};

// The labelled parts of one dump file, in file order. Throws std::runtime_error when a labelled
// part has no readable `totals:` line (a truncated or foreign file).
std::vector<DumpedSample> read_callgrind_dump(std::string_view text);

}  // namespace sigheap
