// Reading callgrind's dump files (harness/callgrind_dump.h): only the parts our timing pass dumped
// under its labels count, each with its own instruction total.
#include "harness/callgrind_dump.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sigheap {
namespace {

// The shape valgrind 3.19 writes with --combine-dumps=yes --dump-line=no --dump-instr=no.
constexpr const char* kDump = R"(# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 28645
cmd:  ./sigheap callgrind-batch batch.json
part: 1


desc: I1 cache: 
desc: Timerange: Basic block 0 - 1002
desc: Trigger: Client Request: sigheap cell 2 sample 0

positions: line
events: Ir
summary: 8020


ob=(1) /tmp/sigheap
fl=(1) ???
fn=(0) main
0 8020

totals: 8020

part: 2

desc: Trigger: Client Request: sigheap cell 2 sample 1

positions: line
events: Ir
summary: 16013

totals: 16013

part: 3

desc: Trigger: Program termination

positions: line
events: Ir
summary: 18446744073709503542

totals: 14
)";

TEST(CallgrindDump, ReadsTheTotalsOfLabelledPartsOnly) {
  const std::vector<DumpedSample> parts = read_callgrind_dump(kDump);
  ASSERT_EQ(parts.size(), 2u) << "the program's end is not a sample";
  EXPECT_EQ(parts[0].cell, 2u);
  EXPECT_EQ(parts[0].sample, 0u);
  EXPECT_EQ(parts[0].instructions, 8020u);
  EXPECT_EQ(parts[1].sample, 1u);
  EXPECT_EQ(parts[1].instructions, 16013u);
}

TEST(CallgrindDump, LabelsRoundTrip) {
  EXPECT_EQ(sample_label(3, 7), "sigheap cell 3 sample 7");
  const std::string dump =
      "part: 1\ndesc: Trigger: Client Request: " + sample_label(12, 4) + "\ntotals: 99\n";
  const auto parts = read_callgrind_dump(dump);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].cell, 12u);
  EXPECT_EQ(parts[0].sample, 4u);
  EXPECT_EQ(parts[0].instructions, 99u);
}

TEST(CallgrindDump, ALabelledPartWithoutTotalsIsAnError) {
  EXPECT_THROW(read_callgrind_dump("part: 1\ndesc: Trigger: Client Request: sigheap cell 0 sample 0\n"),
               std::runtime_error);
  EXPECT_THROW(read_callgrind_dump("desc: Trigger: Client Request: sigheap cell 0 sample 0\ntotals: x\n"),
               std::runtime_error);
  EXPECT_TRUE(read_callgrind_dump("").empty());
}

}  // namespace
}  // namespace sigheap
