// End-to-end tests of the `sigheap` binary: the acceptance commands, exit codes, one-line
// errors, no partial files, determinism.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "reports/report_json.h"

namespace sigheap {
namespace {

namespace fs = std::filesystem;

struct Output {
  int exit_code;
  std::string out;
  std::string err;
};

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sigheap-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  Output sigheap(const std::string& args, const char* binary = SIGHEAP_BIN) const {
    const fs::path out = dir_ / "stdout.txt";
    const fs::path err = dir_ / "stderr.txt";
    const std::string cmd = std::string(binary) + " " + args + " >" + out.string() + " 2>" +
                            err.string() + " </dev/null";
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // The default suite's JSON report: the one ./scripts/test.sh made (SIGHEAP_SUITE_REPORT), so
  // that the suite runs once per test run, or a fresh one.
  std::string suite_report() const {
    if (const char* made = std::getenv("SIGHEAP_SUITE_REPORT"); made != nullptr && *made != '\0') return made;
    const std::string r = path("suite.json");
    const Output o = sigheap("run -q --format json --out " + r);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return r;
  }

  fs::path dir_;
};

double independent_diamond_checksum(int iterations) {
  auto bottom = [](double s) {
    double l = s;
    double r = s;
    for (int j = 0; j < 5; ++j) l = std::fmod(l * 31 + j, 1000007);
    for (int j = 0; j < 5; ++j) r = std::fmod(r * 37 + 2 * j, 1000007);
    return std::fmod(l * l + r * r, 1000007);
  };
  double sum = bottom(0);
  for (int i = 1; i <= iterations; ++i) sum += bottom(i);
  return sum;
}

TEST_F(Cli, PreactDiamondReportHasTheAcceptanceFigures) {
  const std::string r = path("R.json");
  const Output o = sigheap("run --impl preact-like --scenario computed-diamond-simple --format json --out " + r);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const report::Report rep = report::read_report_file(r);
  EXPECT_EQ(report::parse_report(o.out, "stdout"), rep) << "stdout JSON differs from the file";
  ASSERT_EQ(rep.results.size(), 1u);
  const report::Result& res = rep.results[0];
  EXPECT_EQ(res.status, report::Status::kOk);
  EXPECT_EQ(*res.shape, (report::Shape{1, 3, 0, 4}));
  EXPECT_EQ(res.steady->iterations, 100000u);
  EXPECT_EQ(res.steady->allocs, 0u);
  EXPECT_EQ(res.steady->retained_growth_bytes, 0);
  EXPECT_EQ(res.teardown->residual_bytes, 0);
  EXPECT_GT(res.setup->retained_bytes, 0);
  EXPECT_EQ(*res.checksum, independent_diamond_checksum(100000));
}

TEST_F(Cli, EveryModelOnTheDiamondAgreesAndShowsItsPerWriteFrames) {
  const std::string r = path("R.json");
  const Output o = sigheap("run --scenario computed-diamond-simple --format json --out " + r);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const report::Report rep = report::read_report_file(r);
  std::map<std::string, const report::Result*> by_impl;
  for (const auto& res : rep.results) by_impl[res.impl] = &res;
  ASSERT_TRUE(by_impl.count("lattice-like") && by_impl.count("preact-like") && by_impl.count("alien-like"));
  for (const auto& [impl, res] : by_impl) {
    EXPECT_EQ(res->status, report::Status::kOk) << impl;
    EXPECT_EQ(*res->checksum, independent_diamond_checksum(100000)) << impl;
    EXPECT_EQ(res->steady->retained_growth_bytes, 0) << impl;
    EXPECT_EQ(res->teardown->residual_bytes, 0) << impl;
  }
  EXPECT_EQ(by_impl["lattice-like"]->steady->allocs_per_iteration, 1.0);
  EXPECT_EQ(by_impl["alien-like"]->steady->allocs_per_iteration, 1.0);
  EXPECT_EQ(by_impl["preact-like"]->steady->allocs_per_iteration, 0.0);
  // One 16-byte frame per write: the seed's "3.82 MB" was churn like this, not retention.
  EXPECT_EQ(by_impl["lattice-like"]->steady->cumulative_bytes, 100000u * 16u);
}

TEST_F(Cli, DefaultSuiteRunsEveryModelOnEveryScenarioWithExactPerObjectFigures) {
  const report::Report rep = report::read_report_file(suite_report());
  ASSERT_TRUE(rep.meta.wall_seconds.has_value());
  EXPECT_GT(*rep.meta.wall_seconds, 0);
  std::set<std::string> impls, scenarios;
  for (const auto& res : rep.results) {
    EXPECT_EQ(res.status, report::Status::kOk) << report::result_key(res) << ": " << res.error;
    impls.insert(res.impl);
    scenarios.insert(res.scenario);
  }
  EXPECT_GE(impls.size(), 3u);
  EXPECT_GE(scenarios.size(), 21u);
  EXPECT_EQ(rep.per_object.size(), impls.size());
  for (const auto& [impl, po] : rep.per_object) EXPECT_EQ(po.residual, 0) << impl;
}

TEST_F(Cli, SameCommandTwiceGivesIdenticalFigures) {
  const std::string args = "run --scenario computed-diamond-simple --iterations 20000 --format json --out ";
  ASSERT_EQ(sigheap(args + path("a.json")).exit_code, 0);
  ASSERT_EQ(sigheap(args + path("b.json")).exit_code, 0);
  const auto a = report::read_report_file(path("a.json"));
  const auto b = report::read_report_file(path("b.json"));
  ASSERT_FALSE(a.results.empty());
  EXPECT_EQ(a.results, b.results);
  EXPECT_EQ(a.per_object, b.per_object);
  EXPECT_EQ(report::to_json(a)["results"].dump(), report::to_json(b)["results"].dump());
}

TEST_F(Cli, UnknownImplOrScenarioIsExit2WithOneLineAndNoFile) {
  for (const std::string& bad : {std::string("--impl nope"), std::string("--scenario nope")}) {
    const std::string r = path("R.json");
    const Output o = sigheap("run " + bad + " --out " + r);
    EXPECT_EQ(o.exit_code, 2) << bad;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
    EXPECT_NE(o.err.find("'nope'"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("valid: "), std::string::npos) << o.err;
    EXPECT_NE(o.err.find(bad.find("impl") != std::string::npos ? "preact-like" : "computed-diamond-simple"),
              std::string::npos)
        << o.err;
    EXPECT_TRUE(o.out.empty());
    EXPECT_FALSE(fs::exists(r));
  }
}

TEST_F(Cli, BadUsageIsExit2WithOneLine) {
  const std::string r = path("R.json");
  const std::vector<std::string> cases = {
      "run --iterations 0 --out " + r,
      "run --iterations -5 --out " + r,
      "run --iterations many --out " + r,
      "run --format yaml --out " + r,
      "run --bogus-flag --out " + r,
      "run --out " + path("missing/dir/R.json"),
      "run --param nope=3 --out " + r,
      "frobnicate",
      "",
  };
  for (const std::string& c : cases) {
    const Output o = sigheap(c);
    EXPECT_EQ(o.exit_code, 2) << c << "\n" << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << c << "\n" << o.err;
    EXPECT_EQ(o.err.rfind("sigheap: ", 0), 0u) << o.err;
    EXPECT_FALSE(fs::exists(r)) << c;
  }
}

TEST_F(Cli, DiffAndGateRejectBadReportsWithExit2AndOneLine) {
  const std::string good = path("good.json");
  ASSERT_EQ(sigheap("run --scenario computed-diamond-simple --iterations 100 -q --out " + good).exit_code, 0);
  const std::string text = slurp(good);
  auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(path(name)) << content;
    return path(name);
  };
  std::string nan = text;
  nan.replace(nan.find("\"checksum\": ") + 12, 1, "NaN,\"x\":");
  std::string missing = text;
  missing.erase(missing.find("\"tool_version\""), std::string("\"tool_version\": \"0.1.0\",").size());
  std::string other_schema = text;
  other_schema.replace(other_schema.find("sigheap.report/1"), 16, "sigheap.report/9");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {write("truncated.json", text.substr(0, text.size() / 3)), "malformed JSON"},
      {write("schema.json", other_schema), "unsupported schema 'sigheap.report/9'"},
      {write("nan.json", nan), "malformed JSON"},
      {write("missing.json", missing), "$.meta: missing field 'tool_version'"},
      {path("does-not-exist.json"), "No such file or directory"},
      {dir_.string(), "it is a directory"},
  };
  for (const auto& [bad, reason] : cases) {
    for (const std::string& cmd : {"diff " + bad + " " + good, "diff " + good + " " + bad,
                                   "gate --baseline " + bad + " --current " + good,
                                   "gate --baseline " + good + " --current " + bad, "render " + bad}) {
      const Output o = sigheap(cmd);
      EXPECT_EQ(o.exit_code, 2) << cmd;
      EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << cmd << "\n" << o.err;
      EXPECT_NE(o.err.find(bad), std::string::npos) << "names the file: " << o.err;
      EXPECT_NE(o.err.find(reason), std::string::npos) << cmd << "\n" << o.err;
      EXPECT_TRUE(o.out.empty()) << cmd;
    }
  }
  const Output html = sigheap("render " + path("truncated.json") + " --html " + path("page.html"));
  EXPECT_EQ(html.exit_code, 2);
  EXPECT_FALSE(fs::exists(path("page.html")));
}

TEST_F(Cli, TimeAddsATimeBlockToEveryResultAndLeavesMemoryFiguresUnchanged) {
  const std::string args = "run --scenario computed-diamond-simple,kairo-broad,cellx --iterations 400 -q --format json --out ";
  const Output timed = sigheap(args + path("timed.json") + " --time --time-repetitions 5");
  ASSERT_EQ(timed.exit_code, 0) << timed.err;
  ASSERT_EQ(sigheap(args + path("plain.json")).exit_code, 0);
  report::Report t = report::read_report_file(path("timed.json"));
  const report::Report p = report::read_report_file(path("plain.json"));
  ASSERT_EQ(t.results.size(), p.results.size());
  for (auto& r : t.results) {
    ASSERT_TRUE(r.time.has_value()) << report::result_key(r);
    EXPECT_EQ(r.time->repetitions, 5u);
    EXPECT_EQ(r.time->samples_ns.size(), 5u);
    EXPECT_EQ(r.time->iterations_per_sample, 80u);
    EXPECT_GT(r.time->median_ns, 0);
    EXPECT_LE(r.time->min_ns, r.time->median_ns);
    r.time.reset();
  }
  EXPECT_EQ(t.results, p.results) << "--time changed memory figures";
  EXPECT_EQ(t.per_object, p.per_object);
}

TEST_F(Cli, FaultyModelsBesideRealOnesEachGetTheirStatusAndTheRestIsUntouched) {
  const std::string scenarios = " --scenario computed-diamond-simple,kairo-deep --iterations 2000 -q --format json ";
  const Output mixed = sigheap("run --impl lattice-like,faulty-segv,preact-like,faulty-abort,faulty-throw,"
                               "faulty-hang,faulty-leak,faulty-uncounted,alien-like --timeout 3" +
                                   scenarios + "--out " + path("mixed.json"),
                               SIGHEAP_TEST_BIN);
  EXPECT_EQ(mixed.exit_code, 1) << mixed.err;
  const Output clean = sigheap("run --impl lattice-like,preact-like,alien-like" + scenarios + "--out " + path("clean.json"));
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  const report::Report m = report::read_report_file(path("mixed.json"));
  const report::Report c = report::read_report_file(path("clean.json"));
  std::map<std::string, const report::Result*> clean_by_key;
  for (const auto& r : c.results) clean_by_key[report::result_key(r)] = &r;
  const std::map<std::string, std::pair<report::Status, std::string>> expected = {
      {"faulty-segv", {report::Status::kCrashed, "crashed: SIGSEGV"}},
      {"faulty-abort", {report::Status::kCrashed, "crashed: SIGABRT"}},
      {"faulty-throw", {report::Status::kError, "exception: faulty model: injected failure"}},
      {"faulty-hang", {report::Status::kTimeout, "timed out after 3 s"}},
      {"faulty-leak", {report::Status::kError, "leak: "}},
      {"faulty-uncounted", {report::Status::kError, "measurement error: counting allocator and jemalloc disagree"}},
  };
  // Without jemalloc (sanitizer builds) there are no arena statistics to cross-check against:
  // the uncounted allocation then shows only as an impossible negative residual.
  const bool cross_checked = m.meta.allocator.rfind("jemalloc", 0) == 0;
  int faulty = 0;
  int real = 0;
  for (const auto& r : m.results) {
    if (auto it = expected.find(r.impl); it != expected.end()) {
      EXPECT_EQ(r.status, it->second.first) << r.impl << ": " << r.error;
      if (r.impl != "faulty-uncounted" || cross_checked) {
        EXPECT_EQ(r.error.rfind(it->second.second, 0), 0u) << r.impl << ": " << r.error;
      }
      ++faulty;
    } else {
      ASSERT_TRUE(clean_by_key.count(report::result_key(r))) << report::result_key(r);
      EXPECT_EQ(r, *clean_by_key[report::result_key(r)]) << "a faulty neighbour changed " << report::result_key(r);
      ++real;
    }
  }
  EXPECT_EQ(faulty, 12);
  EXPECT_EQ(real, 6);
  EXPECT_EQ(m.per_object.at("preact-like"), c.per_object.at("preact-like"));
}

TEST_F(Cli, EveryBadInputIsExit2WithOneLineAndNoOutputFile) {
  const std::string good = path("good.json");
  ASSERT_EQ(sigheap("run --scenario computed-diamond-simple --iterations 50 -q --no-per-object --out " + good).exit_code, 0);
  const std::string text = slurp(good);
  auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(path(name)) << content;
    return path(name);
  };
  std::string inf = text;
  inf.replace(inf.find("\"checksum\": ") + 12, 1, "1e999,\"x\":");
  std::string v2 = text;
  v2.replace(v2.find("sigheap.report/1"), 16, "sigheap.report/2");
  const std::string truncated = write("truncated.json", text.substr(0, text.size() / 2));
  const std::string nan = write("nan.json", "{\"schema\": NaN}");
  const std::string infinity = write("inf.json", inf);
  const std::string other = write("v2.json", v2);
  const std::string no_results = write("noresults.json", "{\"schema\": \"sigheap.report/1\", \"meta\": {}}");
  const std::string bad_config = write("gate.json", "{\"metrics\": {\"nope\": {}}}");
  const std::string out = path("out.json");
  struct Case {
    std::string args;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"run --impl nope --out " + out, "unknown impl 'nope'"},
      {"run --scenario nope --out " + out, "unknown scenario 'nope'"},
      {"run --iterations 0 --out " + out, "--iterations 0: must be a positive integer"},
      {"run --iterations -3 --out " + out, "--iterations -3: must be a positive integer"},
      {"run --iterations lots --out " + out, "lots"},
      {"run --timeout 0 --out " + out, "--timeout 0: must be positive"},
      {"run --jobs 0 --out " + out, "--jobs 0: must be positive"},
      {"run --param n=0 --scenario scaling-subscribers --out " + out, "scaling-subscribers needs at least 1"},
      {"run --param n=ten --scenario scaling-subscribers --out " + out, "'ten' is not an integer"},
      {"run --param width=5 --scenario computed-diamond-simple --out " + out, "no selected scenario has it"},
      {"run --format yaml --out " + out, "expected table, markdown or json"},
      {"run --no-such-flag --out " + out, "--no-such-flag"},
      {"run --out " + path("missing/dir/out.json"), "does not exist"},
      {"run --out /proc/sigheap-out.json", "/proc"},
      {"frobnicate", "frobnicate"},
      {"diff " + truncated + " " + good, "malformed JSON"},
      {"diff " + good + " " + nan, "malformed JSON"},
      {"diff " + good + " " + infinity, "number overflow"},
      {"gate --baseline " + other + " --current " + good, "unsupported schema 'sigheap.report/2'"},
      {"gate --baseline " + good + " --current " + no_results, "missing field 'tool_version'"},
      {"gate --baseline " + good + " --current " + path("absent.json"), "No such file or directory"},
      {"gate --baseline " + dir_.string() + " --current " + good, "it is a directory"},
      {"gate --baseline " + good + " --current " + good + " --config " + bad_config, "$.metrics.nope: unknown metric"},
      {"render " + truncated + " --html " + out, "malformed JSON"},
  };
  EXPECT_GE(cases.size(), 15u);
  for (const Case& c : cases) {
    const Output o = sigheap(c.args);
    EXPECT_EQ(o.exit_code, 2) << c.args << "\n" << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << c.args << "\n" << o.err;
    EXPECT_NE(o.err.find(c.reason), std::string::npos) << c.args << "\n" << o.err;
    EXPECT_FALSE(fs::exists(out)) << c.args << " left an output file";
  }
  // Nothing half-written anywhere in the directory either.
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename().string().rfind(".sigheap-tmp", 0), std::string::npos) << entry.path();
  }
}

TEST_F(Cli, DefaultSuiteTwiceDiffsToNoChanges) {
  if (SIGHEAP_SANITIZED) GTEST_SKIP() << "determinism is checked in the release build (minutes under ASan)";
  // Another process, another --jobs, against the suite's report.
  ASSERT_EQ(sigheap("run -q --jobs 2 --out " + path("b.json")).exit_code, 0);
  const Output d = sigheap("diff " + suite_report() + " " + path("b.json"));
  EXPECT_EQ(d.exit_code, 0);
  EXPECT_EQ(d.out, "no changes\n");
}

TEST_F(Cli, ListNamesEveryImplAndScenario) {
  const Output o = sigheap("list");
  ASSERT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("preact-like"), std::string::npos);
  EXPECT_NE(o.out.find("computed-diamond-simple"), std::string::npos);
  EXPECT_NE(o.out.find("100,000 iterations"), std::string::npos);
}

TEST_F(Cli, HelpExplainsRunAndExits0) {
  const Output o = sigheap("run --help");
  EXPECT_EQ(o.exit_code, 0);
  for (const char* flag : {"--impl", "--scenario", "--iterations", "--out", "--format"}) {
    EXPECT_NE(o.out.find(flag), std::string::npos) << flag;
  }
}

TEST_F(Cli, TableIsTheDefaultFormatAndMarkdownIsAvailable) {
  const std::string some = " --scenario computed-diamond-simple,kairo-deep --impl preact-like,lattice-like ";
  const Output t = sigheap("run --iterations 1000" + some + "--out " + path("t.json"));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("setup retained"), std::string::npos) << t.out;
  EXPECT_NE(t.err.find("report: " + path("t.json")), std::string::npos) << t.err;
  const Output m = sigheap("run --iterations 1000" + some + "--format markdown --out -");
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.out.find("| impl | status |"), std::string::npos) << m.out;
}

}  // namespace
}  // namespace sigheap
