// End-to-end tests of `sigheap run --shard K/N` and `sigheap merge`: the default suite split in
// three and joined again is the unsharded suite exactly; bad splits and inputs that cannot be
// joined are exit 2 with one line and no file.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "reports/errors.h"
#include "reports/merge.h"
#include "reports/report.h"
#include "reports/report_json.h"
#include "tests/cli_runner.h"

namespace sigheap {
namespace {

namespace fs = std::filesystem;

using testing::Output;

std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

class Shards : public testing::CliTest {
 protected:
  Shards() : CliTest("sigheap-shard-") {}

  // A small selection (three models' diamonds and broad fans, plus per-object) run as `name`.
  std::string small_run(const std::string& name, const std::string& extra = "") const {
    const std::string r = path(name);
    const Output o = sigheap(
        "run --impl preact-like,alien-like,lattice-like --scenario "
        "computed-diamond-simple,kairo-broad --iterations 50 -q --format json --out " +
        r + " " + extra);
    EXPECT_EQ(o.exit_code, 0) << extra << "\n" << o.err;
    return r;
  }

  // Exit 2, one line naming the problem, nothing on stdout, and no output file.
  void expect_refused(const std::string& args, const std::string& reason, const std::string& out_file) const {
    const Output o = sigheap(args);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.err;
    EXPECT_EQ(lines(o.err), 1u) << args << "\n" << o.err;
    EXPECT_EQ(o.err.rfind("sigheap: ", 0), 0u) << o.err;
    EXPECT_NE(o.err.find(reason), std::string::npos) << args << "\n" << o.err;
    EXPECT_TRUE(o.out.empty()) << args;
    EXPECT_FALSE(fs::exists(out_file)) << args;
  }
};

std::set<std::string> keys(const report::Report& r) {
  std::set<std::string> out;
  for (const auto& res : r.results) out.insert(report::result_key(res));
  return out;
}

TEST_F(Shards, DefaultSuiteInThreeShardsMergesToTheUnshardedSuite) {
  if (sigheap::build_paths::sanitized()) GTEST_SKIP() << "the whole suite three times is checked in the release build";
  std::vector<report::Report> shards;
  std::string inputs;
  for (int k = 1; k <= 3; ++k) {
    const std::string r = path("shard-" + std::to_string(k) + ".json");
    const Output o = sigheap("run --shard " + std::to_string(k) + "/3 -q --format json --out " + r);
    ASSERT_EQ(o.exit_code, 0) << o.err;
    shards.push_back(report::read_report_file(r));
    ASSERT_TRUE(shards.back().meta.shard.has_value());
    EXPECT_EQ(*shards.back().meta.shard, (report::Shard{static_cast<std::uint64_t>(k), 3}));
    inputs = r + " " + inputs;  // given in reverse: the merged order must not depend on it
  }
  const report::Report whole = report::read_report_file(suite_report());

  // No gap, no overlap: every result and per-object entry in exactly one shard.
  std::map<std::string, int> seen;
  std::map<std::string, int> po_seen;
  std::size_t fewest = SIZE_MAX, most = 0;
  for (const report::Report& s : shards) {
    for (const auto& res : s.results) ++seen[report::result_key(res)];
    for (const auto& [impl, po] : s.per_object) ++po_seen[impl];
    const std::size_t units = s.results.size() + s.per_object.size();
    fewest = std::min(fewest, units);
    most = std::max(most, units);
  }
  EXPECT_LE(most - fewest, 1u) << "round-robin shards differ by at most one unit";
  for (const auto& [key, n] : seen) EXPECT_EQ(n, 1) << key << " in " << n << " shards";
  for (const auto& [impl, n] : po_seen) EXPECT_EQ(n, 1) << impl << " in " << n << " shards";
  std::set<std::string> shard_keys;
  for (const auto& [key, n] : seen) shard_keys.insert(key);
  EXPECT_EQ(shard_keys, keys(whole));
  std::set<std::string> shard_impls, whole_impls;
  for (const auto& [impl, n] : po_seen) shard_impls.insert(impl);
  for (const auto& [impl, po] : whole.per_object) whole_impls.insert(impl);
  EXPECT_EQ(shard_impls, whole_impls);

  const std::string all = path("all.json");
  const Output m = sigheap("merge " + inputs + "--out " + all + " --format json");
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.err.find("merged 3 reports (shards 1, 2, 3 of 3): " + std::to_string(whole.results.size()) +
                       " results"),
            std::string::npos)
      << m.err;
  const report::Report merged = report::read_report_file(all);
  EXPECT_EQ(report::parse_report(m.out, "stdout"), merged);
  // The same figures in the same order as the unsharded run: memory figures are deterministic.
  EXPECT_EQ(merged.results, whole.results);
  EXPECT_EQ(merged.per_object, whole.per_object);
  EXPECT_FALSE(merged.meta.shard.has_value());
  ASSERT_TRUE(merged.meta.merged.has_value());
  EXPECT_EQ(merged.meta.merged->reports, 3u);
  EXPECT_EQ(merged.meta.merged->shard_count, 3u);
  EXPECT_EQ(merged.meta.merged->shards, (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_DOUBLE_EQ(*merged.meta.wall_seconds, *shards[0].meta.wall_seconds + *shards[1].meta.wall_seconds +
                                                  *shards[2].meta.wall_seconds);

  const Output d = sigheap("diff " + suite_report() + " " + all);
  EXPECT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(d.out, "no changes\n");
  const Output g = sigheap("gate " + suite_report() + " " + all);
  EXPECT_EQ(g.exit_code, 0) << g.out << g.err;

  if (std::system("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") == 0) {
    const std::string validate = std::string("/usr/bin/python3 ") + sigheap::build_paths::source_dir() +
                                 "/tests/validate_schema.py " + sigheap::build_paths::source_dir() +
                                 "/reports/schema/report-v1.schema.json " + path("shard-1.json") + " " + all +
                                 " >" + path("schema.txt") + " 2>&1";
    EXPECT_EQ(std::system(validate.c_str()), 0) << slurp(path("schema.txt"));
  }
}

TEST_F(Shards, SplitDependsOnlyOnTheSelectionNotOnJobs) {
  const report::Report whole = report::read_report_file(small_run("whole.json"));
  const report::Report one_job = report::read_report_file(small_run("a.json", "--shard 2/4 --jobs 1"));
  const report::Report two_jobs = report::read_report_file(small_run("b.json", "--shard 2/4 --jobs 2"));
  EXPECT_EQ(one_job.results, two_jobs.results);
  EXPECT_EQ(one_job.per_object, two_jobs.per_object);
  // Units: 6 measurements (scenario by scenario, impls in --impl order), then 3 attributions,
  // dealt round-robin: shard 2 of 4 gets units 1 and 5 (measurements), shard 3 units 2 and 6.
  ASSERT_EQ(one_job.results.size(), 2u);
  EXPECT_EQ(report::result_key(one_job.results[0]), report::result_key(whole.results[1]));
  EXPECT_EQ(report::result_key(one_job.results[1]), report::result_key(whole.results[5]));
  EXPECT_EQ(one_job.per_object.size(), 0u);
  const report::Report last = report::read_report_file(small_run("c.json", "--shard 3/4"));
  EXPECT_EQ(last.results.size(), 1u);
  EXPECT_EQ(last.per_object.size(), 1u);
  // 1/1 is the whole selection.
  EXPECT_EQ(keys(report::read_report_file(small_run("d.json", "--shard 1/1"))), keys(whole));
}

TEST_F(Shards, MoreShardsThanWorkGivesEmptyShardsThatMergeCleanly) {
  const std::string sel =
      "run --impl preact-like --scenario computed-diamond-simple --iterations 50 -q --format json ";
  std::string inputs;
  for (int k = 1; k <= 3; ++k) {
    const std::string r = path(std::to_string(k) + ".json");
    ASSERT_EQ(sigheap(sel + "--shard " + std::to_string(k) + "/3 --out " + r).exit_code, 0);
    inputs += r + " ";
  }
  EXPECT_TRUE(report::read_report_file(path("3.json")).results.empty());
  EXPECT_TRUE(report::read_report_file(path("3.json")).per_object.empty());
  ASSERT_EQ(sigheap(sel + "--out " + path("whole.json")).exit_code, 0);
  ASSERT_EQ(sigheap("merge " + inputs + "--out " + path("all.json")).exit_code, 0);
  const Output d = sigheap("diff " + path("whole.json") + " " + path("all.json"));
  EXPECT_EQ(d.out, "no changes\n");
}

TEST_F(Shards, BadShardValuesAreExit2WithOneLineAndNoFile) {
  const std::string r = path("R.json");
  for (const char* bad : {"0/3", "4/3", "1/0", "0/0", "3", "/3", "1/", "a/b", "-1/3", "1/-3", "1/3x", "1.5/3",
                          "1/3/3", "1/257", "99999999999999999999/3", "''"}) {
    expect_refused("run --impl preact-like --scenario computed-diamond-simple --iterations 10 --shard " +
                       std::string(bad) + " --out " + r,
                   "--shard", r);
  }
  // The largest split is allowed.
  const Output ok = sigheap(
      "run --impl preact-like --scenario computed-diamond-simple --iterations 10 -q "
      "--shard 256/256 --out " +
      r);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST_F(Shards, OverlappingShardsAreRefused) {
  const std::string one = small_run("one.json", "--shard 1/3");
  const std::string two = small_run("two.json", "--shard 2/3");
  const std::string whole = small_run("whole.json");
  fs::copy_file(one, path("one-again.json"));
  const std::string out = path("all.json");
  expect_refused("merge " + one + " " + one + " --out " + out, "both shard 1/3", out);
  expect_refused("merge " + one + " " + two + " " + path("one-again.json") + " --out " + out,
                 "both shard 1/3", out);
  expect_refused("merge " + one + " " + whole + " --out " + out, "overlap: both have the result", out);
  expect_refused("merge " + whole + " " + two + " --out " + out, "overlap: both have the result", out);
  // Disjoint results but the same per-object entry (two runs of one impl on other scenarios).
  const std::string a = path("a.json");
  const std::string b = path("b.json");
  ASSERT_EQ(sigheap("run --impl preact-like --scenario kairo-broad --iterations 50 -q --out " + a).exit_code,
            0);
  ASSERT_EQ(sigheap("run --impl preact-like --scenario kairo-deep --iterations 50 -q --out " + b).exit_code,
            0);
  expect_refused("merge " + a + " " + b + " --out " + out, "both have the per-object entry 'preact-like'",
                 out);
  // Without per-object entries in one of them they are disjoint and merge.
  ASSERT_EQ(
      sigheap("run --impl preact-like --scenario kairo-deep --iterations 50 -q --no-per-object --out " + b)
          .exit_code,
      0);
  const Output m = sigheap("merge " + a + " " + b + " --out " + out);
  EXPECT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(report::read_report_file(out).results.size(), 2u);
}

TEST_F(Shards, MergeRefusesOtherBuildsSplitsAndOptionsWithOneLineAndNoFile) {
  const std::string one = small_run("one.json", "--shard 1/2");
  const std::string two = small_run("two.json", "--shard 2/2");
  const std::string text = slurp(two);
  auto variant = [&](const std::string& name, const std::string& from, const std::string& to) {
    std::string t = text;
    const auto at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) t.replace(at, from.size(), to);
    std::ofstream(path(name)) << t;
    return path(name);
  };
  const std::string version = report::read_report_file(two).meta.tool_version;
  const std::string other_version =
      variant("version.json", "\"tool_version\": \"" + version + "\"", "\"tool_version\": \"0.0.1-other\"");
  const std::string other_schema = variant("schema.json", "sigheap.report/1", "sigheap.report/2");
  const std::string truncated = path("truncated.json");
  std::ofstream(truncated) << text.substr(0, text.size() / 2);
  const std::string out = path("all.json");

  expect_refused("merge " + one + " " + other_version + " --out " + out,
                 "different sigheap builds (tool_version", out);
  expect_refused("merge " + one + " " + other_schema + " --out " + out,
                 "unsupported schema 'sigheap.report/2'", out);
  expect_refused("merge " + one + " " + truncated + " --out " + out, "malformed JSON", out);
  expect_refused("merge " + one + " " + path("nope.json") + " --out " + out, path("nope.json"), out);
  // Another split, and the shards of runs with other options, would leave gaps.
  const std::string of_three = small_run("of-three.json", "--shard 2/3");
  expect_refused("merge " + one + " " + of_three + " --out " + out,
                 "shards of different splits (1/2 and 2/3)", out);
  const std::string other_iterations = path("iterations.json");
  ASSERT_EQ(
      sigheap("run --impl preact-like,alien-like,lattice-like --scenario computed-diamond-simple,kairo-broad "
              "--iterations 60 -q --shard 2/2 --out " +
              other_iterations)
          .exit_code,
      0);
  expect_refused("merge " + one + " " + other_iterations + " --out " + out, "config 'iterations' differs",
                 out);
  // Output checked before any input is read; never over an input.
  expect_refused("merge " + path("nope.json") + " --out " + path("missing/all.json"), "does not exist",
                 path("missing/all.json"));
  const std::string before = slurp(one);
  expect_refused("merge " + one + " " + two + " --out " + one, "one of the reports to merge", path("none"));
  EXPECT_EQ(slurp(one), before);
  expect_refused("merge --out " + out, "reports", out);
  // The shards of one split, another --jobs: fine.
  const std::string two_jobs = small_run("two-jobs.json", "--shard 2/2 --jobs 1");
  EXPECT_EQ(sigheap("merge " + one + " " + two_jobs + " --out " + out).exit_code, 0);
}

TEST_F(Shards, PartialMergeNamesTheMissingShards) {
  const std::string one = small_run("one.json", "--shard 1/3");
  const std::string three = small_run("three.json", "--shard 3/3");
  const std::string out = path("part.json");
  const Output m = sigheap("merge " + three + " " + one + " --out " + out);
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.err.find("shards 1, 3 of 3 (missing: 2)"), std::string::npos) << m.err;
  const report::Report r = report::read_report_file(out);
  EXPECT_EQ(r.meta.merged->shards, (std::vector<std::uint64_t>{1, 3}));
  // The gate counts the missing shard's results as missing.
  const Output g = sigheap("gate " + small_run("whole.json") + " " + out);
  EXPECT_EQ(g.exit_code, 1) << g.out;
}

// ---- reports/merge.h and the report's shard fields, without running anything ------------------

report::Report synthetic(const std::string& impl, std::vector<std::string> scenarios,
                         std::optional<report::Shard> shard) {
  report::Report r;
  r.meta.tool_version = "1.0.0";
  r.meta.config = R"({"jobs":2,"iterations":10})";
  r.meta.timestamp_utc = "2026-11-29T10:00:00Z";
  r.meta.wall_seconds = 2;
  r.meta.shard = shard;
  for (const std::string& s : scenarios) {
    report::Result res;
    res.impl = impl;
    res.scenario = s;
    res.status = report::Status::kError;  // no phases needed
    res.error = "synthetic";
    r.results.push_back(res);
  }
  return r;
}

TEST(MergeReports, InterleavesShardsInAscendingOrderWhateverTheInputOrder) {
  // Units 0..4 dealt to 2 shards: shard 1 has units 0, 2, 4; shard 2 has units 1, 3.
  report::Report one = synthetic("m", {"u0", "u2", "u4"}, report::Shard{1, 2});
  report::Report two = synthetic("m", {"u1", "u3"}, report::Shard{2, 2});
  two.meta.timestamp_utc = "2026-11-29T09:00:00Z";
  two.meta.config = R"({"iterations":10,"jobs":8})";  // another machine: only jobs differs
  const report::Report merged = report::merge_reports({{"two.json", two}, {"one.json", one}});
  std::vector<std::string> order;
  for (const auto& r : merged.results) order.push_back(r.scenario);
  EXPECT_EQ(order, (std::vector<std::string>{"u0", "u1", "u2", "u3", "u4"}));
  EXPECT_EQ(merged.meta.timestamp_utc, "2026-11-29T09:00:00Z");
  EXPECT_EQ(merged.meta.wall_seconds, 4.0);
  EXPECT_EQ(merged.meta.config, one.meta.config);
  EXPECT_FALSE(merged.meta.shard.has_value());
  EXPECT_EQ(merged.meta.merged, (report::MergeInfo{2, 2, {1, 2}}));
}

TEST(MergeReports, RefusesWithOneLineNamingBothFiles) {
  const report::Report one = synthetic("m", {"a"}, report::Shard{1, 2});
  report::Report two = synthetic("m", {"b"}, report::Shard{2, 2});
  auto refusal = [](const std::vector<report::MergeInput>& in) {
    try {
      report::merge_reports(in);
    } catch (const BadInput& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  report::Report other = two;
  other.meta.git_commit = "deadbeef";
  EXPECT_EQ(refusal({{"one.json", one}, {"other.json", other}}),
            "one.json and other.json come from different sigheap builds (git_commit '' vs 'deadbeef')");
  other = two;
  other.meta.config = R"({"jobs":2,"iterations":20})";
  EXPECT_EQ(
      refusal({{"one.json", one}, {"other.json", other}}),
      "one.json and other.json are shards of runs with different options (config 'iterations' differs)");
  other = synthetic("m", {"a"}, std::nullopt);
  EXPECT_EQ(refusal({{"one.json", one}, {"whole.json", other}}),
            "one.json and whole.json overlap: both have the result 'm a'; merge needs disjoint shards");
  report::Report node20 = one;
  node20.meta.engines = {{"node", R"({"version":"20.20.2"})"}};
  other = two;
  other.meta.engines = {{"node", R"({"version":"22.1.0"})"}};
  EXPECT_EQ(refusal({{"one.json", node20}, {"other.json", other}}),
            "one.json and other.json measured in different builds of engine 'node' (meta.engines differ)");
  EXPECT_EQ(refusal({}), "merge: no report given");
  EXPECT_EQ(refusal({{"one.json", one}, {"two.json", two}}), "accepted");
}

TEST(MergeReports, ShardAndMergedMetaRoundTripAndAShardOutsideItsSplitIsRejected) {
  report::Report r = synthetic("m", {"a"}, report::Shard{2, 3});
  r.meta.merged = report::MergeInfo{3, 3, {1, 2, 3}};
  EXPECT_EQ(report::parse_report(report::dump(r), "r.json"), r);
  std::string text = report::dump(r);
  const std::string good = "\"index\": 2";
  text.replace(text.find(good), good.size(), "\"index\": 4");
  try {
    report::parse_report(text, "r.json");
    ADD_FAILURE() << "a shard 4 of 3 was accepted";
  } catch (const BadInput& e) {
    EXPECT_EQ(std::string(e.what()), "r.json: $.meta.shard: index must be between 1 and count");
  }
}

}  // namespace
}  // namespace sigheap
