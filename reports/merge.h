#pragma once
// `sigheap merge`: joins reports of one sigheap build, typically the shards of `run --shard K/N`
// run on N CI machines, into one report. Results are identified by result_key(), per-object
// entries by their key; reports/ knows nothing of impls.

#include <string>
#include <vector>

#include "reports/report.h"

namespace sigheap::report {

struct MergeInput {
  std::string source;  // the file it came from, named in messages
  Report report;
};

// The joined report. Results: the shards (ascending K) interleaved one result at a time, which
// restores the order of the unsharded run (harness/shard.h deals work round-robin), then any
// unsharded inputs in the order given. Per-object entries: the union.
// Meta: tool version, commit, compiler and allocator (equal in every input); the earliest
// timestamp; the largest cpu count; the union of meta.engines; the first input's command line and config;
// wall_seconds is the sum of the inputs' (the machine time of the whole matrix, as one unsharded run would
// take); `merged` says how many reports and which shards were joined; no `shard`. Throws BadInput with a
// one-line reason, naming the files, when the inputs cannot be joined: none given; different builds
// (tool_version, git_commit, compiler, allocator) or JavaScript engines (js_engine, or one engine name with
// other details in meta.engines); shards of different splits, the same shard twice, or shards run with
// different options (their configs differ in more than `jobs`); a result or per-object entry in two inputs.
Report merge_reports(const std::vector<MergeInput>& inputs);

}  // namespace sigheap::report
