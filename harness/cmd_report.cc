// The commands that read reports: `sigheap diff`, `sigheap gate`, `sigheap render`.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "harness/commands.h"
#include "harness/terminal.h"
#include "reports/atomic_write.h"
#include "reports/comparability.h"
#include "reports/diff.h"
#include "reports/errors.h"
#include "reports/gate.h"
#include "reports/render.h"
#include "reports/html_diff.h"
#include "reports/render_html.h"
#include "reports/render_libraries.h"
#include "reports/report_json.h"
#include "reports/text_layout.h"

namespace sigheap {

namespace {

struct DiffArgs {
  std::string old_path, new_path, format = "table";
  bool all = false;
};

struct GateArgs {
  std::string baseline, current;      // positional, as in diff
  std::string baseline_opt, current_opt;  // --baseline, --current
  std::string config;
  bool allow_missing = false;
  bool strict_engine = false;
  bool gate_time = false;
};

// A report named either positionally or with its option, not both.
std::string one_of(const std::string& positional, const std::string& option, const char* what) {
  if (!positional.empty() && !option.empty() && positional != option) {
    throw BadInput(fmt::format("gate: {} given twice ('{}' and --{} '{}'); see 'sigheap gate --help'", what,
                               positional, what, option));
  }
  if (positional.empty() && option.empty()) {
    throw BadInput(fmt::format("gate: no {} report: sigheap gate BASELINE CURRENT (see 'sigheap gate --help')",
                               what));
  }
  return positional.empty() ? option : positional;
}

// Said under `diff --help` and `gate --help`; the rules are reports/comparability.h's.
constexpr const char* kComparability =
    "Reports of another sigheap version or allocator, or with a scenario measured with other parameters,\n"
    "are not comparable: exit 2, naming the mismatch. A result that ran another iteration count is\n"
    "compared on its setup, teardown and per-object figures only (its steady figures change with the\n"
    "count), and one line says so. Missing results are listed in one line (gate: --allow-missing).\n"
    "Times of different counters (run --time-counter) are not compared (gate --gate-time: exit 2).\n"
    "More: docs/ci.md, \"Reports that measured something else\".";

// One line per regression; the results missing from the current report in one line together,
// naming the flag that allows them (a subset report would otherwise print hundreds of lines).
void print_regressions(const std::vector<report::Regression>& regressions) {
  std::size_t results = 0;
  std::size_t entries = 0;  // per-object
  std::string first;
  for (const auto& r : regressions) {
    if (r.metric != "missing") {
      std::cout << "REGRESSION " << r.message << '\n';
      continue;
    }
    if (first.empty()) first = r.key;
    ++(r.key.rfind("per-object ", 0) == 0 ? entries : results);
  }
  if (first.empty()) return;
  std::string what = results > 0 ? report::count_of(results, "result", "results") : "";
  if (entries > 0) {
    what += (what.empty() ? "" : " and ") + report::count_of(entries, "per-object entry", "per-object entries");
  }
  std::cout << fmt::format("REGRESSION {} of the baseline missing from the current report (first: {}); "
                           "--allow-missing gates a subset\n",
                           what, first);
}

struct RenderArgs {
  std::string report, html, format = "table";
  std::vector<std::string> diff;  // OLD NEW
  bool libraries = false;
};

}  // namespace

Command add_diff_command(CLI::App& app, const Invocation&) {
  auto a = std::make_shared<DiffArgs>();
  auto* sub = app.add_subcommand("diff", "Compare two reports metric by metric; regressions marked (exit 0)");
  sub->add_option("old", a->old_path, "The earlier report (JSON)")->required();
  sub->add_option("new", a->new_path, "The later report (JSON)")->required();
  sub->add_option("--format", a->format, "table, markdown (for a pull-request comment) or json")->capture_default_str();
  sub->add_flag("--all", a->all, "Also show unchanged metrics and results");
  sub->footer(kComparability);
  return {sub, [a] {
            const auto format = parse_format_option(a->format);
            const report::Report old_report = report::read_report_file(a->old_path);
            const report::Report new_report = report::read_report_file(a->new_path);
            report::check_comparable(old_report, a->old_path, new_report, a->new_path);
            const report::Diff d = report::compute_diff(old_report, new_report);
            std::cout << report::render_diff(d, {format, a->all, format == report::Format::kTable && colour_allowed(STDOUT_FILENO)});
            return 0;
          }};
}

// Timing in a section of its own: gated only when asked, so a noisy machine never fails a build
// that did not opt in.
void print_timing_section(const report::GateResult& g, const report::TimeGate& t) {
  if (g.times_compared == 0) return;
  const std::string against = t.reference.empty() ? "absolute" : "relative to " + t.reference;
  std::cout << fmt::format(
      "timing ({}, {}, {}): {} of {}\n", t.gate ? "gated" : "not gated; --gate-time to gate", g.time_counter,
      against, report::count_of(g.slower.size(), "slower result", "slower results"), g.times_compared);
  for (const auto& r : g.slower) std::cout << (t.gate ? "REGRESSION " : "slower ") << r.message << '\n';
}

Command add_gate_command(CLI::App& app, const Invocation&) {
  auto a = std::make_shared<GateArgs>();
  auto* sub = app.add_subcommand(
      "gate", "Exit 1 if CURRENT regressed against BASELINE: any memory increase, a significant slowdown, a "
              "result that is no longer ok, a missing result");
  sub->add_option("BASELINE", a->baseline, "The baseline report (JSON)");
  sub->add_option("CURRENT", a->current, "The report to judge (JSON)");
  sub->add_option("--baseline", a->baseline_opt, "The baseline report, as an option (same as BASELINE)");
  sub->add_option("--current", a->current_opt, "The report to judge, as an option (same as CURRENT)");
  sub->add_option(
      "--config", a->config,
      "Tolerances and timing thresholds (default: no tolerance; timing: alpha 0.01, minimum effect 25% "
      "for cpu-ns and 2% for instructions, noise factor 3; see reports/gate.json)");
  sub->add_flag("--allow-missing", a->allow_missing, "A result missing from CURRENT is not a regression");
  sub->add_flag("--gate-time", a->gate_time,
                "Fail on timing too: a result whose fastest time rose beyond the noise-aware threshold (see "
                "docs/ci.md; default: timing is reported in its own section, never failing the gate)");
  sub->add_flag("--strict-engine", a->strict_engine,
                "Exit 2 when the reports' JavaScript engines differ (default: their figures are not compared)");
  sub->footer(kComparability);
  return {sub, [a] {
            const std::string baseline_path = one_of(a->baseline, a->baseline_opt, "baseline");
            const std::string current_path = one_of(a->current, a->current_opt, "current");
            report::GateConfig config = a->config.empty() ? report::GateConfig{} : report::read_gate_config(a->config);
            if (a->gate_time) config.time.gate = true;
            const report::Report baseline = report::read_report_file(baseline_path);
            const report::Report current = report::read_report_file(current_path);
            report::check_comparable(baseline, baseline_path, current, current_path);
            const std::string counters = report::time_counters_mismatch(baseline, current);
            if (!counters.empty() && config.time.gate) {
              throw BadInput(
                  fmt::format("cannot gate timing: {}; time both reports with the same --time-counter, "
                              "or gate without --gate-time",
                              counters));
            }
            const report::GateResult g = report::run_gate(baseline, current, config, a->allow_missing);
            if (!g.engines_differ.empty()) {
              std::string names;
              for (const auto& d : g.engines_differ) names += (names.empty() ? "" : ", ") + d.engine;
              if (a->strict_engine) {
                throw BadInput(fmt::format("engine differs ({}): the baseline's V8 figures come from another engine "
                                           "(--strict-engine)",
                                           names));
              }
              std::cout << fmt::format("engine differs: V8 figures not compared ({})\n", names);
            }
            if (!g.not_exact.empty()) {
              std::cout << fmt::format("not gated: {} with a spread between processes (inexact in its engine), "
                                       "e.g. {}\n",
                                       report::count_of(g.not_exact.size(), "figure set", "figure sets"),
                                       g.not_exact.front());
            }
            if (const std::string note = report::iterations_note(baseline, current); !note.empty()) {
              std::cout << note << '\n';
            }
            if (!counters.empty()) std::cout << counters << ": times not compared\n";
            print_regressions(g.regressions);
            print_timing_section(g, config.time);
            const std::size_t failing = g.regressions.size() + (config.time.gate ? g.slower.size() : 0);
            std::cout << fmt::format("gate: {} ({}, {} compared against {})\n",
                                     report::count_of(failing, "regression", "regressions"),
                                     report::count_of(g.results_compared, "result", "results"),
                                     report::count_of(g.metrics_compared, "metric", "metrics"), baseline_path);
            return failing == 0 ? 0 : 1;
          }};
}

Command add_render_command(CLI::App& app, const Invocation& inv) {
  auto a = std::make_shared<RenderArgs>();
  auto* sub = app.add_subcommand(
      "render", "Render a report: a self-contained HTML page with charts (--html), or a table/markdown on stdout");
  sub->add_option("report", a->report, "The report (JSON); not with --diff");
  sub->add_option("--html", a->html, "Write a self-contained HTML page here");
  sub->add_option("--format", a->format, "Without --html: table or markdown on stdout")->capture_default_str();
  sub->add_flag("--libraries", a->libraries,
                "Only the real libraries' per-object table (library, version, engine, bytes per object), "
                "as table or markdown");
  sub->add_option("--diff", a->diff,
                  "OLD NEW: with --html, the pull request's page: regressions first, then improvements, and the "
                  "overview heatmap coloured by change")
      ->expected(2);
  return {sub, [a, &inv] {
            if (!a->diff.empty()) {
              if (!a->report.empty() || a->html.empty()) {
                throw BadInput("render --diff OLD NEW --html OUT.html: two reports and an HTML file, no other report");
              }
              check_writable(a->html, false);
              const report::Report old_report = report::read_report_file(a->diff[0]);
              const report::Report new_report = report::read_report_file(a->diff[1]);
              report::check_comparable(old_report, a->diff[0], new_report, a->diff[1]);
              write_file_atomic(a->html, report::render_html_diff(old_report, new_report, a->diff[0], a->diff[1]));
              std::cerr << "html: " << a->html << '\n';
              return 0;
            }
            if (a->report.empty()) throw BadInput("render: no report (sigheap render REPORT [--html OUT])");
            const auto format = parse_format_option(a->format);
            if (!a->html.empty()) check_writable(a->html, false);
            const report::Report r = report::read_report_file(a->report);
            if (a->libraries) {
              if (!a->html.empty() || format == report::Format::kJson) {
                throw BadInput("render --libraries: a table or markdown on stdout (no --html, no json)");
              }
              const std::string table =
                  report::render_libraries(r, format, render_options(inv.matrix, STDOUT_FILENO).width);
              if (table.empty()) throw BadInput(fmt::format("render --libraries: {} has no real library", a->report));
              std::cout << table;
              return 0;
            }
            if (a->html.empty()) {
              std::cout << (format == report::Format::kJson ? report::dump(r) : report::render_report(r, format, render_options(inv.matrix, STDOUT_FILENO)));
              return 0;
            }
            write_file_atomic(a->html, report::render_html(r, a->report));
            std::cerr << "html: " << a->html << '\n';
            return 0;
          }};
}

}  // namespace sigheap
