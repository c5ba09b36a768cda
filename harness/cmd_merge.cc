// `sigheap merge`: joins the reports of `run --shard K/N` (run on N CI machines) into one report.
// The joining rules live in reports/merge.h; this file reads, checks paths and writes.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "harness/commands.h"
#include "reports/atomic_write.h"
#include "reports/errors.h"
#include "reports/merge.h"
#include "reports/report_json.h"
#include "reports/text_layout.h"

namespace sigheap {

namespace {

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string out;
  std::string format = "table";
  bool quiet = false;
};

void check_not_an_input(const MergeArgs& a) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const std::string& in : a.inputs) {
    if (fs::equivalent(in, a.out, ec)) {
      throw BadInput(
          fmt::format("--out '{}' is one of the reports to merge; write the merge elsewhere", a.out));
    }
  }
}

// "shards 1, 2 of 3 (missing: 3)": what a partial merge lacks, for the closing line.
std::string shards_summary(const report::MergeInfo& info) {
  if (!info.shard_count) return "no shards";
  std::string have, missing;
  for (std::uint64_t k = 1; k <= *info.shard_count; ++k) {
    const bool present = std::find(info.shards.begin(), info.shards.end(), k) != info.shards.end();
    std::string& list = present ? have : missing;
    list += (list.empty() ? "" : ", ") + std::to_string(k);
  }
  return fmt::format("shards {} of {}{}", have, *info.shard_count,
                     missing.empty() ? "" : fmt::format(" (missing: {})", missing));
}

int merge(const MergeArgs& a, const Invocation& inv) {
  const report::Format format = parse_format_option(a.format);
  const bool to_stdout_only = a.out == "-";
  if (!to_stdout_only) {
    check_writable(a.out, false);
    check_not_an_input(a);
  }
  std::vector<report::MergeInput> inputs;
  for (const std::string& path : a.inputs) inputs.push_back({path, report::read_report_file(path)});
  const report::Report merged = report::merge_reports(inputs);

  const std::string json = report::dump(merged);
  if (!to_stdout_only) write_file_atomic(a.out, json);
  if (format == report::Format::kJson) {
    std::cout << json;
  } else {
    std::cout << report::render_report(merged, format, render_options(inv.matrix, STDOUT_FILENO));
  }
  if (!a.quiet) {
    std::cerr << fmt::format(
        "merged {} ({}): {}, {}{}\n", report::count_of(inputs.size(), "report", "reports"),
        shards_summary(*merged.meta.merged), report::count_of(merged.results.size(), "result", "results"),
        report::count_of(merged.per_object.size(), "per-object entry", "per-object entries"),
        to_stdout_only ? "" : " -> " + a.out);
  }
  return report::any_failed(merged) ? 1 : 0;
}

}  // namespace

Command add_merge_command(CLI::App& app, const Invocation& inv) {
  auto args = std::make_shared<MergeArgs>();
  auto* sub = app.add_subcommand(
      "merge",
      "Join the reports of `run --shard K/N` into one report (refuses overlapping results, reports of "
      "other sigheap builds, and shards run with different options)");
  sub->add_option("reports", args->inputs,
                  "The reports to join (JSON): the shards in any order, or any reports without common "
                  "results")
      ->required()
      ->expected(1, -1);
  sub->add_option("--out", args->out, "Where to write the joined report ('-' for none)")->required();
  sub->add_option("--format", args->format, "What to print: table, markdown or json")->capture_default_str();
  sub->add_flag("-q,--quiet", args->quiet, "No closing line on stderr");
  sub->footer(
      "Results come in the unsharded run's order; meta.merged names the shards joined; wall_seconds\n"
      "is the sum of the shards' (the machine time of the whole matrix). A missing shard is not an\n"
      "error here: `sigheap gate` counts its results as missing. Exit 1 when a joined result is not ok\n"
      "(as `run`). A sharded CI workflow: docs/ci.md.");
  return {sub, [args, &inv] { return merge(*args, inv); }};
}

}  // namespace sigheap
