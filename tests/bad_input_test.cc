// Every input checked before work starts (issue 18): each bad option, output path and report is
// its own test, and each must end in exit code 2, one line on stderr naming what is wrong, no
// output file and no process left behind. Reports that differ in what they measured are refused
// or compared in part, never a flood of false regressions.
#include <sys/stat.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/cli_runner.h"

namespace sigheap {
namespace {

namespace fs = std::filesystem;

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

class InputCheck : public testing::CliTest {
 protected:
  InputCheck() : CliTest("sigheap-bad-input-") {}

  // A small measurement, so that a check that comes too late costs a second, not the suite.
  static constexpr const char* kSmall = "run --impl preact-like --scenario computed-diamond-simple --no-per-object -q ";

  // Processes whose command line names this test's directory: workers a refused run left behind.
  std::size_t processes_left() const {
    std::size_t n = 0;
    for (const auto& entry : fs::directory_iterator("/proc")) {
      const std::string pid = entry.path().filename().string();
      if (!std::all_of(pid.begin(), pid.end(), ::isdigit) || pid == std::to_string(::getpid())) continue;
      std::string cmdline = slurp(entry.path() / "cmdline");
      std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
      if (cmdline.find(dir_.string()) != std::string::npos && cmdline.find("/bin/sh") == std::string::npos) ++n;
    }
    return n;
  }

  // Exit 2, one line on stderr that contains `reason`, nothing on stdout, no file in the
  // directory but the captured output (no report, no temporary file), no process left.
  void expect_refused(const std::string& args, const std::string& reason,
                      const std::string& binary = sigheap::build_paths::sigheap_bin()) const {
    std::set<std::string> before;
    for (const auto& e : fs::directory_iterator(dir_)) before.insert(e.path().filename().string());
    const testing::Output o = sigheap(args, binary);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.err;
    EXPECT_EQ(lines(o.err), 1u) << args << "\n" << o.err;
    EXPECT_NE(o.err.find(reason), std::string::npos) << args << "\n" << o.err;
    EXPECT_EQ(o.out, "") << args;
    for (const auto& e : fs::directory_iterator(dir_)) {
      const std::string name = e.path().filename().string();
      EXPECT_TRUE(before.count(name) || name == "stdout.txt" || name == "stderr.txt") << args << " left " << name;
    }
    EXPECT_EQ(processes_left(), 0u) << args;
  }

  std::string out() const { return path("out.json"); }

  // A report of `run_args`, written once per test.
  std::string report(const std::string& name, const std::string& run_args) const {
    const std::string r = path(name);
    const testing::Output o = sigheap(run_args + " --out " + r + " --format json");
    EXPECT_EQ(o.exit_code, 0) << run_args << "\n" << o.err;
    return r;
  }

  // `source`'s JSON changed by `edit`, written to `name`.
  template <class Edit>
  std::string edited(const std::string& source, const std::string& name, Edit edit) const {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(slurp(source));
    edit(j);
    std::ofstream(path(name)) << j.dump(2);
    return path(name);
  }
};

// ---- output paths, checked before measuring ----

TEST_F(InputCheck, EmptyOutPath) { expect_refused(std::string(kSmall) + "--out ''", "the output path is empty"); }

TEST_F(InputCheck, OutInAMissingFolder) {
  expect_refused(std::string(kSmall) + "--out " + path("missing/out.json"), "does not exist");
}

TEST_F(InputCheck, OutIsAFolder) {
  fs::create_directory(path("folder"));
  expect_refused(std::string(kSmall) + "--out " + path("folder"), "it is a directory");
}

TEST_F(InputCheck, OutUnwritableEvenAsRoot) {
  // /proc refuses new files whoever asks: access(2) would have said yes to root.
  expect_refused(std::string(kSmall) + "--out /proc/sigheap-out.json", "cannot create a file in '/proc'");
}

TEST_F(InputCheck, OutIsNotARegularFile) {
  // The report is renamed into place: a pipe or a device (/dev/null as root) would be replaced.
  ASSERT_EQ(::mkfifo(path("pipe").c_str(), 0600), 0);
  expect_refused(std::string(kSmall) + "--out " + path("pipe"), "not a regular file");
  struct stat st {};
  ASSERT_EQ(::stat(path("pipe").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the pipe was replaced";
}

TEST_F(InputCheck, HtmlOutPathCheckedBeforeReading) {
  const std::string r = report("r.json", std::string(kSmall) + "--iterations 10");
  expect_refused("render " + r + " --html " + path("missing/page.html"), "does not exist");
}

// ---- numbers, range-checked whole (never clamped) ----

TEST_F(InputCheck, IterationsBeyondInt64) {
  expect_refused(std::string(kSmall) + "--iterations 99999999999999999999999 --out " + out(),
                 "--iterations 99999999999999999999999: must be at most 1,000,000,000");
}

TEST_F(InputCheck, IterationsAboveTheMaximum) {
  expect_refused(std::string(kSmall) + "--iterations 1000000001 --out " + out(),
                 "--iterations 1000000001: must be at most 1,000,000,000");
}

TEST_F(InputCheck, IterationsNotAnInteger) {
  expect_refused(std::string(kSmall) + "--iterations 1e3 --out " + out(), "--iterations '1e3': not an integer");
}

TEST_F(InputCheck, TimelinePointsZero) {
  expect_refused(std::string(kSmall) + "--timeline-points 0 --out " + out(), "--timeline-points 0: must be at least 2");
}

TEST_F(InputCheck, TimelinePointsAboveTheMaximum) {
  expect_refused(std::string(kSmall) + "--timeline-points 1001 --out " + out(),
                 "--timeline-points 1001: must be at most 1,000");
}

TEST_F(InputCheck, JobsAboveTheMaximum) {
  expect_refused(std::string(kSmall) + "--jobs 100000 --out " + out(), "--jobs 100000: must be at most 256");
}

TEST_F(InputCheck, JobsBeyondInt64InInvestigate) {
  expect_refused("investigate --jobs 99999999999999999999 --html '' --out " + path("I.md"),
                 "--jobs 99999999999999999999: must be at most 256");
}

TEST_F(InputCheck, TimeoutNotFinite) {
  expect_refused(std::string(kSmall) + "--timeout inf --out " + out(), "--timeout 'inf': not a number of seconds");
}

TEST_F(InputCheck, TimeoutAboveADay) {
  expect_refused(std::string(kSmall) + "--timeout 100000 --out " + out(), "--timeout 100000: must be at most 86,400 seconds");
}

TEST_F(InputCheck, TimeRepetitionsAboveTheMaximum) {
  expect_refused(std::string(kSmall) + "--time --time-repetitions 1000000 --out " + out(),
                 "--time-repetitions 1000000: must be at most 1,000");
}

TEST_F(InputCheck, RepeatedParamValue) {
  // One run measures one parameter set (`run --help`: each parameter once).
  expect_refused("run --impl preact-like --scenario scaling-subscribers -q --param n=10 --param n=25 --out " + out(),
                 "--param n given twice (n=10, n=25)");
}

TEST_F(InputCheck, NoIsolateWithTimeout) {
  expect_refused(std::string(kSmall) + "--no-isolate --timeout 2 --out " + out(), "--timeout with --no-isolate");
}

TEST_F(InputCheck, TimeCounterUnknown) {
  expect_refused(std::string(kSmall) + "--time-counter cycles --out " + out(),
                 "--time-counter 'cycles': expected cpu-ns or instructions");
}

TEST_F(InputCheck, TimeCounterInstructionsWithJavaScript) {
  expect_refused(std::string(kSmall) + "--time-counter instructions --with-js --out " + out(),
                 "--time-counter instructions counts the C++ models under valgrind, not JavaScript engines");
}

TEST_F(InputCheck, TimeCounterInstructionsWithoutValgrind) {
  expect_refused(std::string(kSmall) + "--time-counter instructions --out " + out(),
                 "--time-counter instructions needs valgrind, which is not on PATH",
                 "env PATH=/nonexistent " + sigheap::build_paths::sigheap_bin());
}

TEST_F(InputCheck, OverheadRepetitionsNotANumber) {
  expect_refused("--repetitions x", "--repetitions", sigheap::build_paths::overhead_bin());
}

TEST_F(InputCheck, OverheadRepetitionsZero) { expect_refused("--repetitions 0", "--repetitions", sigheap::build_paths::overhead_bin()); }

TEST_F(InputCheck, OverheadNegativeScale) { expect_refused("--scale -1", "--scale", sigheap::build_paths::overhead_bin()); }

TEST_F(InputCheck, OverheadHasHelp) {
  const testing::Output o = sigheap("--help", sigheap::build_paths::overhead_bin());
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("--repetitions"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("--scale"), std::string::npos) << o.out;
}

// ---- reports: rejected on read with the JSON path, by every command that reads them ----

class BadReport : public InputCheck {
 protected:
  void SetUp() override {
    InputCheck::SetUp();
    good_ = report("good.json", "run --impl preact-like,alien-like --scenario computed-diamond-simple "
                                "--iterations 100 --no-per-object -q");
  }
  void expect_every_reader_refuses(const std::string& bad, const std::string& reason) const {
    for (const std::string& cmd : {"diff " + good_ + " " + bad, "gate " + good_ + " " + bad, "render " + bad,
                                   "render " + bad + " --html " + path("page.html"),
                                   "merge " + bad + " --out " + out()}) {
      expect_refused(cmd, reason);
    }
  }
  std::string good_;
};

TEST_F(BadReport, NegativeBytes) {
  const std::string bad = edited(good_, "negative.json", [](auto& j) { j["results"][1]["setup"]["retained_bytes"] = -8; });
  expect_every_reader_refuses(bad, "$.results[1].setup.retained_bytes: -8 is negative");
}

TEST_F(BadReport, NegativeCount) {
  const std::string bad =
      edited(good_, "negative.json", [](auto& j) { j["results"][0]["steady"]["allocs_per_iteration"] = -1.5; });
  expect_every_reader_refuses(bad, "$.results[0].steady.allocs_per_iteration: -1.5 is negative");
}

TEST_F(BadReport, DuplicatedResult) {
  const std::string bad =
      edited(good_, "duplicate.json", [](auto& j) { j["results"].push_back(j["results"][0]); });
  expect_every_reader_refuses(bad, "$.results[2]: duplicate of $.results[0] (preact-like computed-diamond-simple)");
}

// ---- reports that measured something else: refused, or compared in part and said so ----

class Mismatch : public InputCheck {
 protected:
  static constexpr const char* kPair =
      "run --impl preact-like,lattice-like --scenario computed-diamond-simple,kairo-deep --no-per-object -q ";
};

TEST_F(Mismatch, OtherIterationsCompareSetupTeardownAndPerObjectOnly) {
  const std::string base = report("base.json", kPair);
  const std::string fewer = report("fewer.json", std::string(kPair) + "--iterations 1000");
  const testing::Output g = sigheap("gate " + base + " " + fewer + " --config " + sigheap::build_paths::source_dir() + "/reports/gate.json");
  EXPECT_EQ(g.exit_code, 0) << g.out << g.err;
  EXPECT_EQ(g.out.find("REGRESSION"), std::string::npos) << g.out;
  EXPECT_NE(g.out.find("iterations differ in 4 results (e.g. preact-like computed-diamond-simple: 100,000 before, "
                       "1,000 now): steady figures not compared"),
            std::string::npos)
      << g.out;
  const testing::Output d = sigheap("diff " + base + " " + fewer);
  EXPECT_EQ(d.exit_code, 0);
  EXPECT_NE(d.out.find("iterations differ in 4 results"), std::string::npos) << d.out;
  EXPECT_EQ(d.out.find("steady."), std::string::npos) << d.out;
  // What is still compared still catches a regression.
  const std::string fatter = edited(fewer, "fatter.json", [](auto& j) {
    j["results"][0]["setup"]["retained_bytes"] = j["results"][0]["setup"]["retained_bytes"].template get<int>() + 16;
  });
  const testing::Output caught = sigheap("gate " + base + " " + fatter);
  EXPECT_EQ(caught.exit_code, 1) << caught.out;
  EXPECT_EQ(lines(caught.out), 3u) << "the note, the regression, the summary:\n" << caught.out;
  EXPECT_NE(caught.out.find("setup.retained_bytes rose"), std::string::npos) << caught.out;
}

TEST_F(Mismatch, OtherParamsAreRefused) {
  const std::string run = "run --impl preact-like --scenario scaling-subscribers --iterations 100 --no-per-object -q";
  const std::string base = report("base.json", run);
  const std::string other = report("other.json", run + " --param n=7");
  for (const std::string& cmd : {"gate " + base + " " + other, "diff " + base + " " + other,
                                 "render --diff " + base + " " + other + " --html " + path("d.html")}) {
    expect_refused(cmd, "reports not comparable: scenario parameters differ (scaling-subscribers: [n=10 | n=25 | "
                        "n=50 | n=100] in " + base + ", [n=7] in " + other + ")");
  }
}

TEST_F(Mismatch, OtherSigheapVersionIsRefused) {
  const std::string base = report("base.json", std::string(kSmall) + "--iterations 100");
  const std::string newer = edited(base, "newer.json", [](auto& j) { j["meta"]["tool_version"] = "9.9.9"; });
  for (const std::string& cmd : {"gate " + base + " " + newer, "diff " + base + " " + newer}) {
    expect_refused(cmd, "reports not comparable: sigheap versions differ");
  }
}

TEST_F(Mismatch, OtherAllocatorIsRefused) {
  const std::string base = report("base.json", std::string(kSmall) + "--iterations 100");
  const std::string other = edited(base, "other.json", [](auto& j) { j["meta"]["allocator"] = "system"; });
  expect_refused("gate " + base + " " + other, "reports not comparable: allocators differ");
}

TEST_F(Mismatch, SubsetNamesAllowMissingOnceWithACount) {
  const std::string all = report("all.json", kPair);
  const std::string subset =
      report("subset.json", "run --impl preact-like --scenario computed-diamond-simple --no-per-object -q");
  const testing::Output g = sigheap("gate " + all + " " + subset);
  EXPECT_EQ(g.exit_code, 1) << g.out << g.err;
  EXPECT_EQ(std::count(g.out.begin(), g.out.end(), '\n'), 2) << "one line for the missing results:\n" << g.out;
  EXPECT_NE(g.out.find("REGRESSION 3 results of the baseline missing from the current report (first: "),
            std::string::npos)
      << g.out;
  EXPECT_NE(g.out.find("--allow-missing"), std::string::npos) << g.out;
  const testing::Output allowed = sigheap("gate " + all + " " + subset + " --allow-missing");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
}

TEST_F(Mismatch, OtherTimeCountersAreNotComparedAndCannotBeGated) {
  const std::string cpu =
      report("cpu.json", std::string(kSmall) + "--iterations 100 --time --time-repetitions 5");
  const std::string counted = edited(cpu, "counted.json", [](auto& j) {
    auto& time = j["results"][0]["time"];
    time["counter"] = "instructions";
    for (auto& s : time["samples_ns"]) s = s.template get<double>() * 50;  // another unit altogether
  });
  const std::string note =
      "timing counters differ in 1 result (e.g. preact-like computed-diamond-simple: cpu-ns "
      "before, instructions now)";
  const testing::Output g = sigheap("gate " + cpu + " " + counted);
  EXPECT_EQ(g.exit_code, 0) << g.out << g.err;
  EXPECT_NE(g.out.find(note + ": times not compared"), std::string::npos) << g.out;
  EXPECT_EQ(g.out.find("slower"), std::string::npos) << g.out;
  const testing::Output d = sigheap("diff " + cpu + " " + counted);
  EXPECT_EQ(d.exit_code, 0);
  EXPECT_NE(d.out.find(note), std::string::npos) << d.out;
  EXPECT_EQ(d.out.find("time.median"), std::string::npos) << d.out;
  expect_refused("gate --gate-time " + cpu + " " + counted, "cannot gate timing: " + note);
  expect_refused("merge " + cpu + " " +
                     edited(counted, "other.json", [](auto& j) { j["results"][0]["impl"] = "alien-like"; }) +
                     " --out " + out(),
                 "were timed with different counters ('cpu-ns' vs 'instructions'");
}

TEST_F(Mismatch, HelpOfDiffAndGateSaysWhatIsNotComparable) {
  for (const char* command : {"diff", "gate"}) {
    const testing::Output o = sigheap(std::string(command) + " --help");
    EXPECT_EQ(o.exit_code, 0);
    EXPECT_NE(o.out.find("are not comparable: exit 2"), std::string::npos) << command << o.out;
    EXPECT_NE(o.out.find("another iteration count"), std::string::npos) << command << o.out;
  }
}

}  // namespace
}  // namespace sigheap
