// The gate against the committed baseline (reports/baselines/default.json): the unmodified
// models pass; a preact-like that allocates one more object per computed fails, named with the
// metric and the numbers. And the bad-input cases of diff and gate.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/cell_of.h"
#include "harness/cli.h"
#include "harness/measure.h"
#include "impls/preact-like/preact_like.h"
#include "harness/registry.h"
#include "reports/comparability.h"
#include "reports/diff.h"
#include "reports/errors.h"
#include "reports/gate.h"
#include "reports/report_json.h"
#include "reports/stats.h"
#include "scenarios/computed_diamond_simple.h"
#include "scenarios/kairo_broad.h"
#include "tests/build_paths.h"

namespace sigheap {
namespace {

namespace fs = std::filesystem;

// preact-like, except that every computed also allocates a 16-byte block (kept until teardown).
class FatComputedPreact : public preact_like::Graph {
  struct Extra : OwnedLink {};  // 16 bytes

 public:
  static constexpr std::string_view name = "preact-like";
  FatComputedPreact() = default;
  ~FatComputedPreact() { extras_.for_each([](Extra* e) { delete e; }); }
  ComputedHandle computed(Fn fn) {
    extras_.push(new Extra());
    return preact_like::Graph::computed(fn);
  }

 private:
  OwnedList<Extra> extras_;
};

const std::string kBaseline = sigheap::build_paths::source_dir() + "/reports/baselines/default.json";

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

CliRun cli(const Matrix& m, std::vector<std::string> args) {
  args.insert(args.begin(), "sigheap");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  const int code = cli_main(static_cast<int>(argv.size()), argv.data(), m);
  return {code, ::testing::internal::GetCapturedStdout(), ::testing::internal::GetCapturedStderr()};
}

class Gate : public ::testing::Test {
 protected:
  void SetUp() override {
    if (alloc::backend_name().rfind("jemalloc", 0) != 0) {
      GTEST_SKIP() << "the baseline holds jemalloc size classes; this build uses " << alloc::backend_name();
    }
    dir_ = fs::temp_directory_path() / ("sigheap-gate-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(Gate, UnmodifiedModelsPassTheBaseline) {
  // The default suite's report that ./scripts/test.sh made (SIGHEAP_SUITE_REPORT), or a fresh one.
  std::string current = path("current.json");
  if (const char* made = std::getenv("SIGHEAP_SUITE_REPORT"); made != nullptr && *made != '\0') {
    current = made;
  } else {
    ASSERT_EQ(cli(default_matrix(), {"run", "-q", "--out", current}).exit_code, 0);
  }
  const CliRun g = cli(default_matrix(), {"gate", "--baseline", kBaseline, "--current", current});
  EXPECT_EQ(g.exit_code, 0) << g.out;
  EXPECT_NE(g.out.find("gate: 0 regressions"), std::string::npos) << g.out;
}

TEST_F(Gate, OneMoreObjectPerComputedFailsNamingModelMetricAndNumbers) {
  const Matrix& registered = default_matrix();
  Matrix fat(registered.scenarios);
  fat.add(registered.model(static_cast<std::size_t>(registered.impl_index("lattice-like"))));
  // Cells for the two scenarios it runs only: the other scenarios are not compiled again for it.
  fat.add(model_cells<FatComputedPreact>(TypeList<scenarios::ComputedDiamondSimple, scenarios::KairoBroad>{}));
  fat.add(registered.model(static_cast<std::size_t>(registered.impl_index("alien-like"))));
  // Two scenarios are enough to see a per-scenario regression; the others are allowed missing.
  ASSERT_EQ(cli(fat, {"run", "-q", "--scenario", "computed-diamond-simple,kairo-broad", "--out", path("fat.json")})
                .exit_code,
            0);
  const CliRun g = cli(fat, {"gate", "--allow-missing", "--baseline", kBaseline, "--current", path("fat.json")});
  EXPECT_EQ(g.exit_code, 1);
  // 16 bytes more per computed: 128 -> 144 in the per-object figures, and in every scenario.
  EXPECT_NE(g.out.find("REGRESSION per-object preact-like: per_object.computed.bytes rose from 128 to 144"),
            std::string::npos)
      << g.out;
  EXPECT_NE(g.out.find("REGRESSION preact-like computed-diamond-simple: setup.retained_bytes rose from 704 to 752"),
            std::string::npos)
      << g.out;
  EXPECT_EQ(g.out.find("lattice-like"), std::string::npos) << "only preact-like changed";
  EXPECT_EQ(g.out.find("alien-like"), std::string::npos) << "only preact-like changed";
}

TEST(GateRules, ToleranceStatusMissingAndTiming) {
  report::Report base;
  report::Result r;
  r.impl = "m";
  r.scenario = "s";
  r.checksum = 1;
  r.shape = report::Shape{};
  r.setup = report::SetupPhase{100, 100, 1, 0, 90, 100};
  r.steady = report::SteadyPhase{};
  r.steady->iterations = 10;
  r.teardown = report::TeardownPhase{};
  r.time =
      report::TimeBlock{10, 0, 10, 10, 1, {10, 10.1, 9.9, 10, 10.2, 9.8, 10, 10.1, 9.9, 10}, std::nullopt};
  base.results = {r, r};
  base.results[1].scenario = "t";
  report::Report cur = base;
  cur.results[0].setup->retained_bytes = 104;
  cur.results[1].status = report::Status::kCrashed;
  cur.results[1].error = "crashed: SIGSEGV";
  report::GateConfig config;
  auto g = report::run_gate(base, cur, config, false);
  ASSERT_EQ(g.regressions.size(), 2u);
  EXPECT_EQ(g.regressions[0].message, "m s: setup.retained_bytes rose from 100 to 104 (+4.00%)");
  EXPECT_EQ(g.regressions[1].message, "m t: status was ok, now crashed: crashed: SIGSEGV");
  config.metrics["setup.retained_bytes"].percent = 5;
  EXPECT_EQ(report::run_gate(base, cur, config, false).regressions.size(), 1u);
  config.metrics["setup.retained_bytes"] = {.ignore = false, .absolute = 3, .percent = 0};
  EXPECT_EQ(report::run_gate(base, cur, config, false).regressions.size(), 2u);
  // Missing results.
  cur.results.pop_back();
  EXPECT_EQ(report::run_gate(base, cur, config, false).regressions.back().metric, "missing");
  EXPECT_EQ(report::run_gate(base, cur, config, true).regressions.size(), 1u);
  // Timing is judged apart (TimingRules) and never lands among the regressions.
  cur = base;
  for (double& s : cur.results[0].time->samples_ns) s *= 2;
  g = report::run_gate(base, cur, report::GateConfig{}, false);
  EXPECT_TRUE(g.regressions.empty());
  EXPECT_EQ(g.slower.size(), 1u);
}

namespace {

report::Result timed(const std::string& impl, std::vector<double> samples,
                     TimeCounter c = TimeCounter::kCpuNs) {
  report::Result r;
  r.impl = impl;
  r.scenario = "s";
  r.time = summarize_time(std::move(samples), 1, c);
  return r;
}

}  // namespace

TEST(TimingRules, SlowerOnlyBeyondMinimumEffectAndNoise) {
  const std::vector<double> quiet = {10, 10.1, 9.9, 10, 10.2, 9.8, 10, 10.1, 9.9, 10};
  report::Report base;
  base.results = {timed("m", quiet)};
  // Both runs' samples `factor` apart, each with a spread that grows up to `spread`.
  auto with_factor = [&](double f, double spread) {
    report::Report b = base, cur = base;
    for (std::size_t i = 0; i < quiet.size(); ++i) {
      const double noise = 1 + spread * static_cast<double>(i % 4) / 3;
      b.results[0].time->samples_ns[i] = quiet[i] * noise;
      cur.results[0].time->samples_ns[i] = quiet[i] * f * noise;
    }
    return report::run_gate(b, cur, report::GateConfig{}, false);
  };
  EXPECT_EQ(with_factor(2, 0).slower.size(), 1u) << "2x, quiet samples: slower";
  EXPECT_EQ(with_factor(1.2, 0).slower.size(), 0u) << "+20% is below the minimum effect (25%)";
  EXPECT_EQ(with_factor(1.3, 0.3).slower.size(), 0u) << "+30% where the baseline varies by 12%: within 3x the noise";
  EXPECT_EQ(with_factor(2, 0).times_compared, 1u);
  const report::GateResult g = with_factor(2, 0);
  EXPECT_EQ(g.slower[0].message.rfind("m s: fastest time per iteration rose from 9.8 ns to 19.6 ns (+100.0%; "
                                      "threshold 25.0%, noise ",
                                      0),
            0u)
      << g.slower[0].message;
}

TEST(TimingRules, ARunSlowerAllThroughCancelsAgainstTheReference) {
  const std::vector<double> quiet = {10, 10.1, 9.9, 10, 10.2, 9.8, 10, 10.1, 9.9, 10};
  report::Report base;
  base.results = {timed("m", quiet), timed("ref", quiet)};
  report::Report cur = base;
  for (auto& r : cur.results) {
    for (double& s : r.time->samples_ns) s *= 1.6;  // the whole machine was slower
  }
  report::GateConfig config;
  EXPECT_EQ(report::run_gate(base, cur, config, false).slower.size(), 2u) << "absolute: both slower";
  config.time.reference = "ref";
  report::GateResult g = report::run_gate(base, cur, config, false);
  EXPECT_EQ(g.slower.size(), 0u) << "relative to the reference: unchanged";
  EXPECT_EQ(g.times_compared, 1u) << "the reference itself is not judged";
  for (double& s : cur.results[0].time->samples_ns) s *= 2;
  g = report::run_gate(base, cur, config, false);
  ASSERT_EQ(g.slower.size(), 1u);
  EXPECT_NE(g.slower[0].message.find("from 1 x ref to 2 x ref"), std::string::npos) << g.slower[0].message;
}

TEST(TimingRules, InstructionCountsHaveTheirOwnSmallMinimumEffect) {
  // Instruction counts repeat almost exactly: a small rise is a real one.
  const std::vector<double> counts = {1000, 1000, 1000.2, 1000, 1000};
  report::Report base;
  base.results = {timed("m", counts, TimeCounter::kInstructions)};
  auto scaled_by = [&](double f) {
    report::Report cur = base;
    for (double& s : cur.results[0].time->samples_ns) s *= f;
    return report::run_gate(base, cur, report::GateConfig{}, false);
  };
  EXPECT_EQ(scaled_by(1.01).slower.size(), 0u) << "+1% is below instructions' minimum effect (2%)";
  const report::GateResult g = scaled_by(1.05);
  ASSERT_EQ(g.slower.size(), 1u) << "+5% in instructions is slower (in CPU ns it would be noise)";
  EXPECT_EQ(g.time_counter, "instructions");
  EXPECT_EQ(g.slower[0].message.rfind(
                "m s: fewest instructions per iteration rose from 1,000 instructions to 1,050 "
                "instructions (+5.0%; threshold 2.0%, noise ",
                0),
            0u)
      << g.slower[0].message;
  report::GateConfig config;
  config.metrics["time.median_instructions"].ignore = true;
  report::Report cur = base;
  for (double& s : cur.results[0].time->samples_ns) s *= 2;
  EXPECT_EQ(report::run_gate(base, cur, config, false).times_compared, 0u)
      << "switched off by its metric name";
}

TEST(TimingRules, TimesOfDifferentCountersAreNeverCompared) {
  const std::vector<double> samples = {10, 10.1, 9.9, 10, 10.2};
  report::Report base, cur;
  base.results = {timed("m", samples)};
  cur.results = {timed("m", {900, 900, 900, 900, 900}, TimeCounter::kInstructions)};
  const report::GateResult g = report::run_gate(base, cur, report::GateConfig{}, false);
  EXPECT_EQ(g.times_compared, 0u);
  EXPECT_EQ(g.times_other_counter, 1u);
  EXPECT_TRUE(g.slower.empty());
  EXPECT_EQ(report::time_counters_mismatch(base, cur),
            "timing counters differ in 1 result (e.g. m s: cpu-ns before, instructions now)");
  const report::Diff d = report::compute_diff(base, cur);
  EXPECT_NE(d.note.find("timing counters differ in 1 result"), std::string::npos) << d.note;
  ASSERT_EQ(d.entries.size(), 1u);
  EXPECT_TRUE(d.entries[0].changed.empty())
      << "no time metric pairs a cpu-ns median with an instructions one";
}

TEST(GateRules, MannWhitneyPValues) {
  EXPECT_GT(report::mann_whitney_p({1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}), 0.9);
  EXPECT_LT(report::mann_whitney_p({1, 2, 3, 4, 5, 6, 7, 8}, {11, 12, 13, 14, 15, 16, 17, 18}), 0.01);
  EXPECT_EQ(report::mann_whitney_p({}, {1}), 1.0);
}

TEST(GateConfig, RejectsUnknownKeysAndMetrics) {
  EXPECT_NO_THROW(report::read_gate_config(sigheap::build_paths::source_dir() + "/reports/gate.json"));
  auto error_of = [](const std::string& text) {
    try {
      report::parse_gate_config(text, "g.json");
    } catch (const BadInput& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(error_of(R"({"metrics": {"setup.nope": {}}})"), "g.json: $.metrics.setup.nope: unknown metric");
  EXPECT_EQ(error_of(R"({"metrics": {"setup.peak_bytes": {"percent": -1}}})"),
            "g.json: $.metrics.setup.peak_bytes.percent: expected a non-negative number");
  EXPECT_EQ(error_of(R"({"time": {"alpha": 2}})"), "g.json: $.time.alpha: must be between 0 and 1");
  EXPECT_EQ(error_of(R"({"time": {"gate": 1}})"), "g.json: $.time.gate: expected true or false");
  EXPECT_EQ(error_of(R"({"time": {"noise_factor": -1}})"), "g.json: $.time.noise_factor: must not be negative");
  EXPECT_EQ(
      error_of(R"({"time": {"speed": 1}})"),
      "g.json: $.time.speed: unknown key (gate, alpha, min_effect_percent, instructions_min_effect_percent, "
      "noise_factor, reference)");
  EXPECT_EQ(error_of(R"({"colour": 1})"), "g.json: $.colour: unknown key (metrics, time)");
}

TEST(Diff, AgainstItselfNoChangesAgainstAModifiedCopyExactlyTheChangedMetrics) {
  const report::Report base = report::read_report_file(kBaseline);
  const report::Diff same = report::compute_diff(base, base);
  EXPECT_FALSE(same.has_changes());
  EXPECT_EQ(report::render_diff(same, {}), "no changes\n");
  report::Report changed = base;
  changed.results[3].steady->cumulative_bytes += 100;
  changed.results[7].setup->peak_bytes -= 8;
  *changed.per_object.begin()->second.costs["edge"].allocs += 1;
  changed.results.pop_back();
  const report::Diff d = report::compute_diff(base, changed);
  std::vector<std::string> metrics;
  for (const auto& e : d.entries) {
    for (const auto& m : e.changed) metrics.push_back(e.key + " " + m.metric);
  }
  EXPECT_EQ(metrics, (std::vector<std::string>{
                         report::result_key(base.results[3]) + " steady.cumulative_bytes",
                         report::result_key(base.results[7]) + " setup.peak_bytes",
                         "per-object " + base.per_object.begin()->first + " per_object.edge.allocs"}));
  EXPECT_EQ(d.removed, std::vector<std::string>{report::result_key(base.results.back())});
  const std::string md = report::render_diff(d, {.format = report::Format::kMarkdown});
  EXPECT_NE(md.find("| steady.cumulative_bytes |"), std::string::npos) << md;
  EXPECT_NE(md.find("**2 worse, 1 better, 0 added, 1 removed**"), std::string::npos) << md;
}

// A real library's figures: one engine result and one per-object entry, engine "node".
report::Report engine_report(const std::string& node_version) {
  report::Report r;
  r.meta.engines["node"] = R"({"version":")" + node_version + R"("})";
  report::Result res;
  res.impl = "js:preact-signals-core";
  res.engine = "node";
  res.scenario = "computed-diamond-simple";
  res.checksum = 1;
  res.engine_phases = report::EnginePhases{{1400, {}}, report::EngineSteady{100, 2, 128, {}}, {0, {}}};
  r.results.push_back(res);
  report::PerObject po;
  po.engine = "node";
  po.impl = res.impl;
  po.costs["signal"] = report::ObjectCost{88, 88, std::nullopt, std::vector<report::HeapPart>{{"object", "y", 1, 88}},
                                          std::nullopt, std::nullopt};
  r.per_object["js:preact-signals-core (node)"] = po;
  return r;
}

TEST(GateRules, EngineFiguresAreGatedExactlyWhenTheEngineIsTheSame) {
  const report::Report base = engine_report("20.20.2");
  EXPECT_TRUE(report::run_gate(base, base, {}, false).regressions.empty());
  report::Report fatter = base;
  fatter.per_object.begin()->second.costs["signal"].bytes += 8;
  fatter.results[0].engine_phases->steady->bytes_per_iteration += 16;
  const report::GateResult g = report::run_gate(base, fatter, {}, false);
  ASSERT_EQ(g.regressions.size(), 2u);
  EXPECT_EQ(g.regressions[0].message,
            "js:preact-signals-core (node) computed-diamond-simple: steady.bytes_per_iteration rose from 128 to "
            "144 (+12.50%)");
  EXPECT_EQ(g.regressions[1].message,
            "per-object js:preact-signals-core (node): per_object.signal.bytes rose from 88 to 96 (+9.09%)");
  EXPECT_TRUE(g.engines_differ.empty());
}

TEST(GateRules, AnotherEngineVersionIsNotComparedAndSaysSo) {
  const report::Report base = engine_report("20.20.2");
  report::Report other = engine_report("22.1.0");
  other.per_object.begin()->second.costs["signal"].bytes = 1000;  // would regress if compared
  const report::GateResult g = report::run_gate(base, other, {}, false);
  EXPECT_TRUE(g.regressions.empty());
  ASSERT_EQ(g.engines_differ.size(), 1u);
  EXPECT_EQ(g.engines_differ[0].engine, "node");
  EXPECT_EQ(g.results_compared, 0u);
  report::Report none = other;  // no engine details at all: not comparable either
  none.meta.engines.clear();
  EXPECT_EQ(report::run_gate(base, none, {}, false).engines_differ.size(), 1u);
}

TEST(GateRules, SkippedResultsAreNotRegressionsButLosingAnOkOneIs) {
  report::Report base = engine_report("20.20.2");
  report::Report skipped = base;
  skipped.results[0].status = report::Status::kSkipped;
  skipped.results[0].error = "no batch";
  skipped.results[0].engine_phases.reset();
  EXPECT_TRUE(report::run_gate(skipped, skipped, {}, false).regressions.empty());
  const report::GateResult g = report::run_gate(base, skipped, {}, false);
  ASSERT_EQ(g.regressions.size(), 1u);
  EXPECT_EQ(g.regressions[0].metric, "status");
}

}  // namespace
}  // namespace sigheap
