// `run --time-counter instructions` end to end (harness/instruction_timing.h): instruction counts
// under callgrind in every timed result, memory figures as without them, a failing or hanging
// timing pass that costs only its own result, and no temporary folder or process left behind.
// Skipped where valgrind is not installed.
#include <algorithm>
#include <cstdlib>

#include "reports/report_json.h"
#include "tests/cli_runner.h"

namespace sigheap {
namespace {

namespace fs = std::filesystem;

class InstructionCounter : public testing::CliTest {
 protected:
  InstructionCounter() : CliTest("sigheap-instructions-") {}

  void SetUp() override {
    CliTest::SetUp();
    if (std::system("command -v valgrind >/dev/null 2>&1") != 0) GTEST_SKIP() << "valgrind is not installed";
    fs::create_directories(tmp());
  }

  // The runs' TMPDIR: their private folders go here, and must be gone afterwards.
  std::string tmp() const { return path("tmp"); }
  std::string binary(const std::string& bin = build_paths::sigheap_bin()) const {
    return "env TMPDIR=" + tmp() + " " + bin;
  }
  bool tmp_is_empty() const { return fs::is_empty(tmp()); }

  // A small instruction-counted run of the test CLI's `impls` on computed-diamond-simple into
  // r.json, with `extra` options.
  testing::Output counted_run(const std::string& impls, const std::string& extra) const {
    return sigheap(
        "run --impl " + impls +
            " --scenario computed-diamond-simple --iterations 200 --no-per-object -q --format json "
            "--time-counter instructions --out " +
            path("r.json") + " " + extra,
        binary(build_paths::test_bin()));
  }
};

TEST_F(InstructionCounter, CountsEveryResultAndLeavesMemoryFiguresUnchanged) {
  const std::string args =
      "run --impl preact-like,alien-like --scenario computed-diamond-simple,kairo-triangle --iterations 400 "
      "-q "
      "--format json --out ";
  const testing::Output counted =
      sigheap(args + path("counted.json") + " --time-counter instructions --time-repetitions 5", binary());
  ASSERT_EQ(counted.exit_code, 0) << counted.err;
  ASSERT_EQ(sigheap(args + path("plain.json")).exit_code, 0);
  report::Report c = report::read_report_file(path("counted.json"));
  const report::Report p = report::read_report_file(path("plain.json"));
  EXPECT_NE(c.meta.config.find(R"("time_counter":"instructions")"), std::string::npos) << c.meta.config;
  ASSERT_EQ(c.results.size(), 4u);
  for (auto& r : c.results) {
    ASSERT_TRUE(r.time.has_value()) << report::result_key(r);
    EXPECT_EQ(r.time->counter, "instructions");
    EXPECT_EQ(r.time->samples_ns.size(), 5u);
    EXPECT_EQ(r.time->iterations_per_sample, 80u);
    // Hundreds of instructions per iteration, and almost no spread: a count, not a clock.
    EXPECT_GT(r.time->min_ns, 100) << report::result_key(r);
    EXPECT_LT(r.time->mad_ns, r.time->median_ns * 0.001) << report::result_key(r);
    r.time.reset();
  }
  EXPECT_EQ(c.results, p.results) << "--time-counter instructions changed memory figures";
  EXPECT_EQ(c.per_object, p.per_object);
  EXPECT_TRUE(tmp_is_empty()) << "the private folder is removed";
  // Tables say what the numbers are.
  const testing::Output table = sigheap("render " + path("counted.json"));
  EXPECT_NE(table.out.find("instr/iter"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("ns/iter"), std::string::npos) << table.out;
}

TEST_F(InstructionCounter, ACrashInTheTimingPassCostsOnlyItsOwnResult) {
  // One batch (--jobs 1), so the crashing result shares its valgrind process with the others.
  const testing::Output o =
      counted_run("preact-like,faulty-timing-segv,alien-like", "--time-repetitions 5 --jobs 1");
  EXPECT_EQ(o.exit_code, 1) << o.err;
  const report::Report r = report::read_report_file(path("r.json"));
  ASSERT_EQ(r.results.size(), 3u);
  for (const auto& x : r.results) {
    if (x.impl == "faulty-timing-segv") {
      EXPECT_EQ(x.status, report::Status::kError);
      EXPECT_EQ(x.error.rfind("timing: no instruction count from callgrind: ", 0), 0u) << x.error;
      EXPECT_NE(
          x.error.find("(faulty-timing-segv computed-diamond-simple): the timing pass ended by SIGSEGV"),
          std::string::npos)
          << x.error;
      EXPECT_FALSE(x.time.has_value());
      EXPECT_TRUE(x.setup.has_value()) << "its memory figures stay";
    } else {
      EXPECT_EQ(x.status, report::Status::kOk) << x.impl << ": " << x.error;
      EXPECT_TRUE(x.time.has_value()) << x.impl;
    }
  }
  EXPECT_TRUE(tmp_is_empty());
}

TEST_F(InstructionCounter, AHangingTimingPassTimesOutAndLeavesNothing) {
  const testing::Output o = counted_run("faulty-timing-hang", "--timeout 2");
  EXPECT_EQ(o.exit_code, 1) << o.err;
  const report::Report r = report::read_report_file(path("r.json"));
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_EQ(r.results[0].error, "timing: callgrind batch timed out after 2 s");
  EXPECT_TRUE(tmp_is_empty());
  // The batch's valgrind and the cell it forked died with the worker (their command lines name
  // this test's folder).
  // ("[c]allgrind" keeps pgrep from finding the shell that runs it.)
  const std::string find = "pgrep -f '[c]allgrind-out-file=" + tmp() + "/' >/dev/null";
  for (int tries = 0; tries < 50 && std::system(find.c_str()) == 0; ++tries) std::system("sleep 0.1");
  EXPECT_NE(std::system(find.c_str()), 0) << "a process outlived the run";
}

}  // namespace
}  // namespace sigheap
