// The report model: JSON round trip, validation with file + JSON path in every message, and
// atomic writes that never leave a partial file.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/atomic_write.h"
#include "reports/errors.h"
#include "reports/render.h"
#include "reports/render_html.h"
#include "reports/render_v8.h"
#include "reports/text_layout.h"
#include <nlohmann/json.hpp>

#include "reports/report_json.h"

namespace sigheap::report {
namespace {

namespace fs = std::filesystem;

Report sample_report() {
  Report r;
  r.meta.tool_version = "0.1.0";
  r.meta.git_commit = "abc123";
  r.meta.timestamp_utc = "2026-11-25T00:00:00Z";
  r.meta.compiler = "GNU 12.2.0";
  r.meta.allocator = "jemalloc 5.3.0";
  r.meta.cpu_count = 2;
  r.meta.command_line = "sigheap run";
  r.meta.config = R"({"jobs":2})";
  r.meta.wall_seconds = 1.25;
  Result ok;
  ok.impl = "preact-like";
  ok.scenario = "computed-diamond-simple";
  ok.params = {{"n", 10}, {"k", 3}};
  ok.checksum = 50100143211.0;
  ok.shape = Shape{1, 3, 0, 4};
  ok.setup = SetupPhase{800, 800, 8, 0, 752, 800};
  ok.steady = SteadyPhase{100000, 5, 5, 160, 150, 0, 32, 0.00005, 0.0016, {{50000, 0}, {100000, 32}}};
  ok.teardown = TeardownPhase{8, 800, 0, 0};
  ok.time = TimeBlock{12.5, 0.25, 12.0, 3, 1000, {12.0, 12.5, 13.0}, std::string(kCounterCpuNs)};
  Result crashed;
  crashed.impl = "faulty";
  crashed.scenario = "computed-diamond-simple";
  crashed.status = Status::kCrashed;
  crashed.error = "crashed: SIGSEGV";
  Result js;  // a real library measured in an engine: its own setup, steady and teardown
  js.impl = "js:alien-signals";
  js.engine = "node";
  js.library = Library{"alien-signals", "3.2.1"};
  js.scenario = "computed-diamond-simple";
  js.status = Status::kOk;
  js.checksum = 42;
  js.engine_phases = EnginePhases{
      EngineSetup{1352, {{"object", "Object", 10, 696}, {"closure", "", 4, 224}, {"closure", "native_bind", 4, 192},
                         {"object", "system / Context", 2, 112}, {"hidden", "system / PropertyArray", 1, 40},
                         {"number", "heap number", 2, 32}, {"closure", "dispose", 1, 56}}},
      EngineSteady{100, 1, 40, {{"checkDirty", "node_modules/alien-signals/esm/system.mjs", 142, 24, 1, 40}}},
      EngineTeardown{0, {}}};
  js.time =
      TimeBlock{220.5, 3.5, 210.0, 3, 90000, {210.0, 220.5, 224.0}, std::nullopt};  // as before counters
  Result skipped;  // a library that cannot express the scenario
  skipped.impl = "js:alien-signals";
  skipped.engine = "node";
  skipped.library = js.library;
  skipped.scenario = "kairo-avoidable";
  skipped.status = Status::kSkipped;
  skipped.error = "no batch";
  r.results = {ok, crashed, js, skipped};
  PerObject po;
  for (std::string_view k : kObjectKinds) po.costs[std::string(k)] = ObjectCost{64, 56, 1, std::nullopt, std::nullopt, std::nullopt};
  po.samples = 12;
  po.residual = 0;
  r.per_object["preact-like"] = po;
  PerObject v8;  // no graph: not measured in an engine
  v8.costs["signal"] = ObjectCost{112, 112, std::nullopt,
                                  std::vector<HeapPart>{{"object", "Object", 1, 64}, {"closure", "native_bind", 1, 48}},
                                  std::nullopt, std::nullopt};
  v8.costs["edge"] = ObjectCost{80, 80, std::nullopt, std::vector<HeapPart>{{"object", "Object", 1, 80}},
                                std::nullopt, std::nullopt};
  v8.samples = 1000;
  v8.engine = "node";
  v8.impl = "js:alien-signals";
  v8.library = Library{"alien-signals", "3.2.1"};
  r.per_object["js:alien-signals (node)"] = v8;
  r.meta.js_engine = "node 20.20.2, V8 11.3, pointer compression off, x64";
  r.meta.engines["node"] = R"({"version":"20.20.2","v8":"11.3","pointer_compression":false})";
  return r;
}

TEST(ReportJson, RoundTripIsExact) {
  const Report r = sample_report();
  const std::string text = dump(r);
  const Report back = parse_report(text, "mem");
  EXPECT_EQ(back, r);
  EXPECT_EQ(dump(back), text) << "dump is not stable";
}

TEST(ReportJson, ATimeBlockWithoutCounterIsInCpuNsAsInOlderReports) {
  const Report back = parse_report(dump(sample_report()), "mem");
  EXPECT_EQ(to_json(back)["results"][0]["time"]["counter"], "cpu-ns");
  EXPECT_FALSE(to_json(back)["results"][2]["time"].contains("counter"));
  EXPECT_EQ(time_counter(*back.results[2].time), kCounterCpuNs);
  Report counted = sample_report();
  counted.results[0].time->counter = std::string(kCounterInstructions);
  EXPECT_EQ(time_counter(*parse_report(dump(counted), "mem").results[0].time), kCounterInstructions);
}

TEST(ReportJson, AbsentMeansNotMeasured) {
  const Json j = to_json(sample_report());
  const Json& crashed = j["results"][1];
  EXPECT_FALSE(crashed.contains("setup"));
  EXPECT_FALSE(crashed.contains("checksum"));
  EXPECT_EQ(crashed["status"], "crashed");
  EXPECT_FALSE(j["results"][0].contains("error"));
}

std::string error_of(const std::string& text) {
  try {
    parse_report(text, "r.json");
  } catch (const BadInput& e) {
    return e.what();
  }
  return "(accepted)";
}

std::string mutate(const std::function<void(Json&)>& f) {
  Json j = to_json(sample_report());
  f(j);
  return j.dump();
}

TEST(ReportJson, RejectsBadInputNamingFileAndPath) {
  const std::string good = dump(sample_report());
  EXPECT_EQ(error_of(good.substr(0, good.size() / 2)).rfind("r.json: malformed JSON: ", 0), 0u);
  EXPECT_EQ(error_of("[]"), "r.json: $: expected an object, got array");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["schema"] = "sigheap.report/2"; })),
            "r.json: $.schema: unsupported schema 'sigheap.report/2' (this sigheap reads "
            "'sigheap.report/1')");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["results"][0]["setup"].erase("allocs"); })),
            "r.json: $.results[0].setup: missing field 'allocs'");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["results"][0]["setup"]["allocs"] = -3; })),
            "r.json: $.results[0].setup.allocs: expected a non-negative integer, got -3");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["results"][0]["steady"]["timeline"][1]["live_bytes"] = "x"; })),
            "r.json: $.results[0].steady.timeline[1].live_bytes: expected an integer, got string");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["results"][1]["status"] = "exploded"; })),
            "r.json: $.results[1].status: unknown status 'exploded' (ok, error, crashed, timeout, skipped)");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["results"][2].erase("teardown"); })),
            "r.json: $.results[2]: missing field 'teardown'");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["results"][2]["setup"]["breakdown"][0]["bytes"] = "x"; })),
            "r.json: $.results[2].setup.breakdown[0].bytes: expected a number, got string");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["results"][3].erase("error"); })),
            "r.json: $.results[3]: a skipped result says why in 'error'");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["per_object"]["js:alien-signals (node)"]["engine"] = "bun"; })),
            "r.json: $.per_object.js:alien-signals (node): key 'js:alien-signals (node)' is not "
            "'js:alien-signals (bun)'");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["results"][0].erase("teardown"); })),
            "r.json: $.results[0]: result with status ok lacks 'teardown'");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["per_object"]["preact-like"].erase("edge"); })),
            "r.json: $.per_object.preact-like: missing field 'edge'");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["results"][0]["time"]["counter"] = "cycles"; })),
            "r.json: $.results[0].time.counter: unknown counter 'cycles' (cpu-ns, instructions)");
  EXPECT_EQ(error_of(mutate([](Json& j) { j["meta"]["config"] = 3; })),
            "r.json: $.meta.config: expected an object, got 3");
  // NaN is not JSON; an overflowing literal (infinity) is rejected by the parser.
  std::string nan = good;
  nan.replace(nan.find("50100143211.0"), 13, "NaN");
  EXPECT_EQ(error_of(nan).rfind("r.json: malformed JSON", 0), 0u);
  std::string inf = good;
  inf.replace(inf.find("50100143211.0"), 13, "1e999");
  EXPECT_EQ(error_of(inf), "r.json: malformed JSON: number overflow parsing '1e999'");
}

TEST(ReportFiles, MissingAndUnreadableFilesAreBadInput) {
  EXPECT_THROW(read_report_file("/nonexistent/dir/r.json"), BadInput);
  try {
    read_report_file("/nonexistent/dir/r.json");
  } catch (const BadInput& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read '/nonexistent/dir/r.json': No such file or directory");
  }
  EXPECT_THROW(read_report_file(fs::temp_directory_path().string()), BadInput);
}

TEST(ReportFiles, AtomicWriteReplacesAndLeavesNoTemporaries) {
  const fs::path dir = fs::temp_directory_path() / ("sigheap-atomic-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "r.json").string();
  write_file_atomic(path, "first");
  write_file_atomic(path, dump(sample_report()));
  EXPECT_EQ(read_report_file(path), sample_report());
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  EXPECT_THROW(write_file_atomic((dir / "missing" / "r.json").string(), "x"), BadInput);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

TEST(Render, TablesShowExactFiguresAndStatus) {
  const std::string table = render_report(sample_report(), Format::kTable);
  EXPECT_NE(table.find("computed-diamond-simple [n=10,k=3] (100,000 iterations; 1 signal, 3 "
                       "computeds, 0 effects, 4 edges)"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("faulty  crashed"), std::string::npos) << "a status column where one is not ok\n" << table;
  EXPECT_NE(table.find("faulty: crashed: SIGSEGV"), std::string::npos) << table;
  const std::string md = render_report(sample_report(), Format::kMarkdown);
  EXPECT_NE(md.find("| impl | setup retained | setup peak | steady allocs/iter |"), std::string::npos) << md;
  EXPECT_NE(md.find("| preact-like | 800 | 800 | 0.000050 | 160 | 0 | 0 | 12.5 |"), std::string::npos) << md;
}

TEST(ReportJson, EngineResultsKeepTheirIdentityAndSkippedIsNotAFailure) {
  const Report r = sample_report();
  EXPECT_EQ(result_key(r.results[2]), "js:alien-signals (node) computed-diamond-simple");
  const Json j = to_json(r);
  EXPECT_EQ(j["results"][2]["engine"], "node");
  EXPECT_EQ(j["results"][2]["library"]["version"], "3.2.1");
  EXPECT_EQ(j["results"][2]["setup"]["retained_bytes"], 1352);
  EXPECT_FALSE(j["results"][2]["setup"].contains("allocs")) << "an engine's setup has no allocation events";
  EXPECT_EQ(j["results"][3]["status"], "skipped");
  EXPECT_FALSE(j["per_object"]["js:alien-signals (node)"].contains("graph")) << "not measured: absent";
  EXPECT_EQ(j["meta"]["engines"]["node"]["version"], "20.20.2");
  Report only_skipped = r;
  only_skipped.results = {r.results[0], r.results[3]};
  EXPECT_FALSE(any_failed(only_skipped));
}

TEST(Render, EngineFiguresInEveryFormat) {
  const Report r = sample_report();
  const std::string table = render_report(r, Format::kTable);
  EXPECT_NE(table.find("js:alien-signals (node) signal = 1 × Object 64 B + 1 × native_bind (closure) 48 B"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("js:alien-signals (node) churn from: checkDirty "
                       "node_modules/alien-signals/esm/system.mjs:142:24 (40 B/iter)"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("js:alien-signals (node): no batch"), std::string::npos) << table;
  const std::string md = render_report(r, Format::kMarkdown);
  EXPECT_NE(md.find("| js:alien-signals (node) | ok | 1,352 | 40 | 1 | 0 | 220.5 |"), std::string::npos) << md;
  EXPECT_NE(md.find("- `js:alien-signals (node) edge = 1 × Object 80 B`"), std::string::npos) << md;
  const std::string html = render_html(r, "t");
  EXPECT_NE(html.find("1 × Object 64 B + 1 × native_bind (closure) 48 B"), std::string::npos);
  EXPECT_NE(html.find("checkDirty node_modules/alien-signals/esm/system.mjs:142:24 (40 B/iter)"), std::string::npos);
  EXPECT_NE(html.find(">skipped<"), std::string::npos);
}

// A library whose objects consist of many parts, with its churn from several functions and a
// residual: every line of the table fits 100 columns, and wrapping loses no word.
TEST(Render, EngineLinesFitTheWidth) {
  Report r = sample_report();
  std::vector<HeapPart> many;
  for (int k = 0; k < 12; ++k) many.push_back({"closure", fmt::format("destroyWatchNode{}", k), 1, 64});
  r.per_object["js:alien-signals (node)"].costs["signal"].breakdown = many;
  EnginePhases& js = *r.results[2].engine_phases;
  js.teardown = EngineTeardown{768, many};
  for (int k = 0; k < 4; ++k) {
    js.steady->sites.push_back({fmt::format("producerRecomputeValue{}", k),
                                "node_modules/@angular/core/fesm2022/_effect-chunk.mjs", 293, 27, 1, 8});
  }
  RenderOptions opt;
  opt.width = 100;
  const std::string table = render_report(r, Format::kTable, opt);
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(display_width(line), 100u) << line;
  // The words of a wrapped line, joined again, are the line unwrapped.
  std::string flat;
  std::istringstream words(table);
  for (std::string w; words >> w;) flat += (flat.empty() ? "" : " ") + w;
  EXPECT_NE(flat.find("js:alien-signals (node) signal = " + breakdown_label(many)), std::string::npos) << table;
  EXPECT_NE(flat.find("js:alien-signals (node) after dispose: " + breakdown_label(many)), std::string::npos) << table;
}

TEST(Render, HtmlNamesRealLibrariesOnlyWhenThereAreSome) {
  Report r = sample_report();
  EXPECT_NE(render_html(r, "t").find("real JavaScript library"), std::string::npos);
  std::erase_if(r.results, [](const Result& x) { return !x.engine.empty(); });
  std::erase_if(r.per_object, [](const auto& e) { return e.second.engine.has_value(); });
  const std::string html = render_html(r, "t");
  EXPECT_EQ(html.find("real JavaScript library"), std::string::npos);
  EXPECT_EQ(html.find("in orange"), std::string::npos);
  EXPECT_EQ(html.find("heap snapshots of N and 2N"), std::string::npos);
}

TEST(Render, NumbersAreExact) {
  EXPECT_EQ(group_digits(0), "0");
  EXPECT_EQ(group_digits(3820000), "3,820,000");
  EXPECT_EQ(group_digits(-1234), "-1,234");
  EXPECT_EQ(format_number(1.0), "1");
  EXPECT_EQ(format_number(0.99999), "0.99999");
  EXPECT_EQ(format_number(2.0 / 3), "0.666667");
  EXPECT_EQ(format_number(0.5), "0.5");
}

}  // namespace
}  // namespace sigheap::report
