// End-to-end tests of the `sigheap` binary: the acceptance commands, exit codes, one-line
// errors, no partial files, determinism.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "reports/render.h"
#include <nlohmann/json.hpp>

#include "reports/report_json.h"
#include "reports/text_layout.h"
#include "tests/cli_runner.h"

namespace sigheap {
namespace {

namespace fs = std::filesystem;

using testing::Output;

class Cli : public testing::CliTest {
 protected:
  Cli() : CliTest("sigheap-cli-") {}

  // `prefix` goes before the binary: environment assignments, or "cd DIR &&".
  Output sigheap_with(const std::string& prefix, const std::string& args) const {
    return sigheap(args, prefix + " " + sigheap::build_paths::sigheap_bin());
  }
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
  // One 16-byte frame per write: the original investigation's "3.82 MB" was churn like this, not retention.
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
                               sigheap::build_paths::test_bin());
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
      {"faulty-uncounted", {report::Status::kError, "measurement error: allocations with counting switched off"}},
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
      {"run --iterations 0 --out " + out, "--iterations 0: must be at least 1"},
      {"run --iterations -3 --out " + out, "--iterations -3: must be at least 1"},
      {"run --iterations lots --out " + out, "lots"},
      {"run --timeout 0 --out " + out, "--timeout 0: must be positive"},
      {"run --jobs 0 --out " + out, "--jobs 0: must be at least 1"},
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
  if (sigheap::build_paths::sanitized()) GTEST_SKIP() << "determinism is checked in the release build (minutes under ASan)";
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
  EXPECT_NE(t.out.find(" setup "), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("retained"), std::string::npos) << t.out;
  EXPECT_NE(t.err.find("report: " + path("t.json")), std::string::npos) << t.err;
  const Output m = sigheap("run --iterations 1000" + some + "--format markdown --out -");
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.out.find("| impl | setup retained | setup peak |"), std::string::npos) << m.out;
}


// ---- Text output that reads well at 100 columns, and CLI messages that help ----

// Code points, as a terminal counts them (the tables use "–" in V8 rows).
std::size_t columns_of(const std::string& line) {
  return static_cast<std::size_t>(std::count_if(line.begin(), line.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// Every text table in `text` (found by its rule line of dashes), column by column: the numbers
// of each cell in order ("112 B / 3" has two). Within a column, the k-th number of every cell
// must be written alike: thousands separators, and one count of decimals.
void expect_one_number_format_per_column(const std::string& text) {
  const std::regex rule_re("^-+( +-+)*$");
  const std::regex number_re("-?[0-9][0-9,]*(\\.[0-9]+)?");
  const std::regex grouped_re("^-?[0-9]{1,3}(,[0-9]{3})*(\\.[0-9]+)?$");
  const auto lines = lines_of(text);
  int tables = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!std::regex_match(lines[i], rule_re)) continue;
    ++tables;
    std::vector<std::pair<std::size_t, std::size_t>> extents;  // [begin, end) of each column
    for (std::size_t p = 0; p < lines[i].size();) {
      const std::size_t b = lines[i].find('-', p);
      if (b == std::string::npos) break;
      const std::size_t e = std::min(lines[i].find(' ', b), lines[i].size());
      extents.emplace_back(b, e);
      p = e;
    }
    std::map<std::pair<std::size_t, std::size_t>, std::set<std::size_t>> decimals;  // (column, k)
    for (std::size_t j = i + 1; j < lines.size() && !lines[j].empty(); ++j) {
      for (std::size_t c = 1; c < extents.size(); ++c) {  // column 0 holds names
        const auto [b, e] = extents[c];
        if (b >= lines[j].size()) continue;
        const std::string cell = lines[j].substr(b, e - b);
        std::size_t k = 0;
        for (auto it = std::sregex_iterator(cell.begin(), cell.end(), number_re); it != std::sregex_iterator();
             ++it, ++k) {
          const std::string n = it->str();
          EXPECT_TRUE(std::regex_match(n, grouped_re)) << "'" << n << "' in: " << lines[j];
          const std::size_t dot = n.find('.');
          decimals[{c, k}].insert(dot == std::string::npos ? 0 : n.size() - dot - 1);
        }
      }
    }
    for (const auto& [where, counts] : decimals) {
      EXPECT_EQ(counts.size(), 1u) << "column " << where.first << " of the table under line " << i
                                   << " mixes number formats:\n" << lines[i - 1];
    }
  }
  EXPECT_GT(tables, 0) << text;
}

TEST_F(Cli, DefaultSuiteTableFitsHundredColumnsWithOneNumberFormatPerColumn) {
  // The default suite's table (`run` prints what `render` prints of its report).
  const Output o = sigheap_with("COLUMNS=100", "render " + suite_report());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  for (const std::string& line : lines_of(o.out)) {
    EXPECT_LE(columns_of(line), 100u) << line;
    EXPECT_EQ(line.find('\033'), std::string::npos) << "escape codes in piped output: " << line;
  }
  expect_one_number_format_per_column(o.out);
  // Headings: counts in words with correct plurals; parameters only where they vary.
  EXPECT_NE(o.out.find("computed-diamond-simple (100,000 iterations; 1 signal, 3 computeds, 0 effects, 4 edges)"),
            std::string::npos)
      << o.out;
  EXPECT_EQ(o.out.find("kairo-broad ["), std::string::npos) << "default parameters in a heading";
  EXPECT_NE(o.out.find("scaling-subscribers [n=25]"), std::string::npos) << o.out;
  // The footer explains every column shown, both residuals and a negative growth included.
  std::string prose = o.out;  // the footer wraps at 100 columns
  std::replace(prose.begin(), prose.end(), '\n', ' ');
  for (const char* term : {"fit residual", "setup retained", "setup peak", "steady allocs/iter", "steady cumulative",
                           "steady growth", "negative", "teardown residual", "README.md"}) {
    EXPECT_NE(prose.find(term), std::string::npos) << term;
  }
  // The same report, rendered for a narrow terminal, still fits: names wrap, columns split.
  const Output narrow = sigheap_with("COLUMNS=60", "render " + suite_report());
  ASSERT_EQ(narrow.exit_code, 0) << narrow.err;
  for (const std::string& line : lines_of(narrow.out)) EXPECT_LE(columns_of(line), 60u) << line;
  expect_one_number_format_per_column(narrow.out);
}

TEST_F(Cli, TimedColumnsShareOneFormat) {
  const Output o = sigheap("run --time --time-repetitions 3 --no-per-object --iterations 2000 "
                           "--scenario computed-diamond-simple,kairo-deep --out -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("ns/iter"), std::string::npos) << o.out;
  expect_one_number_format_per_column(o.out);
}

TEST_F(Cli, UnknownFlagSuggestsTheClosestAndPointsAtTheSubcommandsHelp) {
  const Output o = sigheap("run --impls preact-like --out " + path("R.json"));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "sigheap: unknown option '--impls' (did you mean --impl?) (see 'sigheap run --help')\n");
  EXPECT_FALSE(fs::exists(path("R.json")));
  const Output d = sigheap("diff a.json b.json --formt markdown");
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_NE(d.err.find("did you mean --format?"), std::string::npos) << d.err;
  EXPECT_NE(d.err.find("see 'sigheap diff --help'"), std::string::npos) << d.err;
  const Output c = sigheap("rnu");
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_NE(c.err.find("did you mean run?"), std::string::npos) << c.err;
}

TEST_F(Cli, MisspeltImplOrScenarioSuggestsTheClosestName) {
  const Output i = sigheap("run --impl preact-lik --out " + path("R.json"));
  EXPECT_EQ(i.exit_code, 2);
  EXPECT_EQ(std::count(i.err.begin(), i.err.end(), '\n'), 1) << i.err;
  EXPECT_NE(i.err.find("unknown impl 'preact-lik' (did you mean preact-like?)"), std::string::npos) << i.err;
  const Output s = sigheap("run --scenario computed-diamond-simpel --out " + path("R.json"));
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.err.find("(did you mean computed-diamond-simple?)"), std::string::npos) << s.err;
  const Output far = sigheap("run --impl zzz --out " + path("R.json"));
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << "no suggestion for a name far from all: " << far.err;
}

TEST_F(Cli, GateTakesBaselineAndCurrentAsArgumentsLikeDiff) {
  const std::string a = path("a.json");
  ASSERT_EQ(sigheap("run --scenario computed-diamond-simple --iterations 100 -q --no-per-object --out " + a).exit_code, 0);
  const Output positional = sigheap("gate " + a + " " + a);
  EXPECT_EQ(positional.exit_code, 0) << positional.err;
  EXPECT_EQ(positional.out.rfind("gate: 0 regressions (", 0), 0u) << positional.out;
  const Output options = sigheap("gate --baseline " + a + " --current " + a);
  EXPECT_EQ(options.exit_code, 0) << options.err;
  EXPECT_EQ(options.out, positional.out);
  const Output one = sigheap("gate " + a);
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_EQ(one.err, "sigheap: gate: no current report: sigheap gate BASELINE CURRENT (see 'sigheap gate --help')\n");
  const Output twice = sigheap("gate " + a + " " + a + " --baseline " + path("other.json"));
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("baseline given twice"), std::string::npos) << twice.err;
}

TEST_F(Cli, PipedRunPrintsProgressLinesToStderr) {
  const Output o = sigheap("run --scenario computed-diamond-simple,kairo-deep --iterations 200 --out -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto lines = lines_of(o.err);
  ASSERT_GE(lines.size(), 3u) << "progress lines, then the last one" << o.err;
  const std::regex progress("sigheap run: [0-9]+/[0-9]+ measurements done \\([0-9]+%, [0-9.]+ s\\).*");
  for (const std::string& line : lines) EXPECT_TRUE(std::regex_match(line, progress)) << line;
  EXPECT_NE(lines.back().find("measurements done (100%"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find('\r'), std::string::npos) << "no redrawing in a pipe";
  EXPECT_EQ(o.err.find('\033'), std::string::npos) << "no escape codes in a pipe";
  EXPECT_EQ(sigheap("run --scenario computed-diamond-simple --iterations 200 -q --out -").err, "");
}

TEST_F(Cli, JobsZeroIsTheSameErrorInRunAndInvestigate) {
  for (const std::string& cmd : {"run --jobs 0 --out " + path("R.json"),
                                  "investigate --jobs 0 --html '' --out " + path("I.md")}) {
    const Output o = sigheap(cmd);
    EXPECT_EQ(o.exit_code, 2) << cmd;
    EXPECT_NE(o.err.find("--jobs 0: must be at least 1 (leave --jobs out for the CPU count)"), std::string::npos)
        << cmd << "\n" << o.err;
  }
}

TEST_F(Cli, DefaultOutputIsRelativeToTheCurrentDirectoryAndSaidInHelp) {
  for (const char* command : {"run", "investigate"}) {
    const Output help = sigheap(std::string(command) + " --help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("relative to the current directory"), std::string::npos) << command << help.out;
  }
  const Output o = sigheap_with("cd " + dir_.string() + " &&",
                                "run --scenario computed-diamond-simple --iterations 100 --no-per-object -q");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(fs::exists(dir_ / "reports" / "out" / "latest.json"));
}

TEST_F(Cli, ColourOnlyOnATerminalThatTakesItAndNeverCountedInWidths) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "needs script(1) for a pseudo-terminal";
  const std::string a = path("a.json");
  const std::string b = path("b.json");
  const std::string run = "run --impl alien-like --scenario computed-diamond-simple --no-per-object -q ";
  ASSERT_EQ(sigheap(run + "--iterations 100 --out " + a).exit_code, 0);
  // One figure worse and one better, as a change to the model would make them.
  report::Report changed = report::read_report_file(a);
  changed.results.at(0).setup->retained_bytes += 16;
  changed.results.at(0).steady->cumulative_bytes -= 16;
  std::ofstream(b) << report::dump(changed);
  // script(1) runs the command on a pseudo-terminal: stdout is a terminal there.
  auto on_tty = [&](const std::string& env) {
    const std::string inner = env + " " + sigheap::build_paths::sigheap_bin() + " diff " + a + " " + b;
    return sigheap("-qec '" + inner + "' /dev/null", "script");
  };
  const Output colour = on_tty("TERM=xterm NO_COLOR=");
  ASSERT_EQ(colour.exit_code, 0) << colour.err;
  ASSERT_NE(colour.out.find("\033["), std::string::npos) << "a terminal gets colour: " << colour.out;
  // Coloured or not, the columns line up: escape codes take no width.
  std::set<std::size_t> widths;
  const std::regex escape("\033\\[[0-9;]*m");
  for (const std::string& raw : lines_of(colour.out)) {
    const std::string line = std::regex_replace(raw, escape, "");
    if (line.find("alien-like computed-diamond-simple") == std::string::npos) continue;
    if (line.find("worse") != std::string::npos || line.find("better") != std::string::npos) {
      widths.insert(line.find("worse") != std::string::npos ? line.find("worse") : line.find("better"));
    }
  }
  EXPECT_EQ(widths.size(), 1u) << colour.out;
  for (const char* env : {"TERM=dumb NO_COLOR=", "TERM=xterm NO_COLOR=1"}) {
    const Output plain = on_tty(env);
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_EQ(plain.out.find("\033["), std::string::npos) << env << ": " << plain.out;
  }
}

TEST(TextLayout, EscapeCodesTakeNoWidthAndCellsPadByWhatTheTerminalShows) {
  EXPECT_EQ(report::display_width("\033[31mworse\033[0m"), 5u);
  EXPECT_EQ(report::display_width("90 B (89–91)"), 12u);
  EXPECT_EQ(report::pad("\033[32mok\033[0m", 4, true), "  \033[32mok\033[0m");
  report::Table t;
  t.header = {"name", "mark", "n"};
  t.right_aligned = {false, false, true};
  t.rows = {{"a", "\033[31mworse\033[0m", "1"}, {"b", "same", "22"}};
  const auto lines = lines_of(t.text());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[2], "a     \033[31mworse\033[0m   1");
  EXPECT_EQ(lines[3], "b     same   22");
}

TEST(TextLayout, OneNumberFormatPerColumn) {
  using V = std::vector<std::optional<double>>;
  EXPECT_EQ(report::format_column(V{1610, 3, std::nullopt, -632, 1600000}),
            (std::vector<std::string>{"1,610", "3", "-", "-632", "1,600,000"}));
  EXPECT_EQ(report::format_column(V{1665.8, 1610, 5.00005, 1379.027, 0}),
            (std::vector<std::string>{"1,665.80", "1,610.00", "5.00", "1,379.03", "0.00"}));
  EXPECT_EQ(report::format_column(V{75.02, 46.2}), (std::vector<std::string>{"75.0", "46.2"}));
  EXPECT_EQ(report::format_column(V{0.00005, 1}), (std::vector<std::string>{"0.000050", "1.000000"}));
  EXPECT_EQ(report::format_column(V{50.0004, 0, 22.9991}, true),
            (std::vector<std::string>{"50.0004", "0.0000", "22.9991"}));
  EXPECT_EQ(report::format_column(V{50.0004, 0}), (std::vector<std::string>{"50.0", "0.0"}));
  EXPECT_EQ(report::count_of(1, "signal", "signals"), "1 signal");
  EXPECT_EQ(report::count_of(1400, "computed", "computeds"), "1,400 computeds");
  EXPECT_EQ(report::count_of(0, "effect", "effects"), "0 effects");
}

TEST(TextLayout, ANarrowTableWrapsItsNamesThenSplitsIntoBlocks) {
  report::Table t;
  t.header = {"impl", "retained", "peak", "cumulative"};
  t.right_aligned = {false, true, true, true};
  t.groups = {{"setup", 1, 2}};
  t.rows = {{"lattice-optimized/singleton-helpers", "1,264", "1,264", "1,600,000"}, {"preact-like", "704", "704", "0"}};
  t.max_width = 48;
  std::string text = t.text();
  for (const auto& line : lines_of(text)) EXPECT_LE(columns_of(line), 48u) << text;
  EXPECT_NE(text.find("\nlattice-optimized/ "), std::string::npos) << "wraps after the '/'\n" << text;
  EXPECT_NE(text.find("\n  singleton-helpers\n"), std::string::npos) << "continued, indented\n" << text;
  EXPECT_NE(text.find("--- setup ---"), std::string::npos) << text;
  t.max_width = 24;
  text = t.text();
  for (const auto& line : lines_of(text)) EXPECT_LE(columns_of(line), 24u) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n') > 8, true) << text;
  EXPECT_NE(text.find("cumulative"), std::string::npos) << "every column is still shown\n" << text;
}

// `render --libraries`: the real libraries' per-object table (the README's table of every library
// is this output), one row per engine entry with its package and version, models left out, and the
// engine named below; bad combinations are bad usage.
TEST_F(Cli, RenderLibrariesPrintsOnlyTheRealLibrariesWithVersionsAndEngine) {
  const std::string report = sigheap::build_paths::source_dir() + "/tests/data/html-engine-report.json";
  const Output md = sigheap("render " + report + " --libraries --format markdown");
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_EQ(md.out,
            "| library | package | version | signal | computed | edge | effect |\n"
            "|---|---|---|---:|---:|---:|---:|\n"
            "| js:alien-signals | alien-signals | 3.2.1 | 112 | 208 | 80 | 208 |\n"
            "| js:preact-signals-core | @preact/signals-core | 1.14.5 | 88 | 120 | 88 | 160 |\n"
            "\n"
            "_Bytes per object in node 20.20.2, V8 11.3.244.8-node.38, pointer compression off_\n");
  const Output text = sigheap("render " + report + " --libraries");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("js:preact-signals-core"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("preact-like"), std::string::npos) << "models are not libraries\n" << text.out;

  const Output json = sigheap("render " + report + " --libraries --format json");
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_EQ(json.out, "");
  const Output models_only = sigheap("render " + suite_report() + " --libraries");
  EXPECT_EQ(models_only.exit_code, 2) << models_only.out;
  EXPECT_NE(models_only.err.find("has no real library"), std::string::npos) << models_only.err;
}

}  // namespace
}  // namespace sigheap
