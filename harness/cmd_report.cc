// The commands that read reports: `sigheap diff`, `sigheap gate`, `sigheap render`.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "harness/commands.h"
#include "harness/terminal.h"
#include "reports/atomic_write.h"
#include "reports/diff.h"
#include "reports/errors.h"
#include "reports/gate.h"
#include "reports/render.h"
#include "reports/html_diff.h"
#include "reports/render_html.h"
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

struct RenderArgs {
  std::string report, html, format = "table";
  std::vector<std::string> diff;  // OLD NEW
};

}  // namespace

Command add_diff_command(CLI::App& app, const Invocation&) {
  auto a = std::make_shared<DiffArgs>();
  auto* sub = app.add_subcommand("diff", "Compare two reports metric by metric; regressions marked (exit 0)");
  sub->add_option("old", a->old_path, "The earlier report (JSON)")->required();
  sub->add_option("new", a->new_path, "The later report (JSON)")->required();
  sub->add_option("--format", a->format, "table, markdown (for a pull-request comment) or json")->capture_default_str();
  sub->add_flag("--all", a->all, "Also show unchanged metrics and results");
  return {sub, [a] {
            const auto format = parse_format_option(a->format);
            const report::Report old_report = report::read_report_file(a->old_path);
            const report::Report new_report = report::read_report_file(a->new_path);
            const report::Diff d = report::compute_diff(old_report, new_report);
            std::cout << report::render_diff(d, {format, a->all, format == report::Format::kTable && colour_allowed(STDOUT_FILENO)});
            return 0;
          }};
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
  sub->add_option("--config", a->config, "Tolerances and timing thresholds (default: none, alpha 0.01, 5%)");
  sub->add_flag("--allow-missing", a->allow_missing, "A result missing from CURRENT is not a regression");
  sub->add_flag("--strict-engine", a->strict_engine,
                "Exit 2 when the reports' JavaScript engines differ (default: their figures are not compared)");
  return {sub, [a] {
            const std::string baseline_path = one_of(a->baseline, a->baseline_opt, "baseline");
            const std::string current_path = one_of(a->current, a->current_opt, "current");
            const report::GateConfig config =
                a->config.empty() ? report::GateConfig{} : report::read_gate_config(a->config);
            const report::Report baseline = report::read_report_file(baseline_path);
            const report::Report current = report::read_report_file(current_path);
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
            for (const auto& r : g.regressions) std::cout << "REGRESSION " << r.message << '\n';
            std::cout << fmt::format("gate: {} ({}, {} compared against {})\n",
                                     report::count_of(g.regressions.size(), "regression", "regressions"),
                                     report::count_of(g.results_compared, "result", "results"),
                                     report::count_of(g.metrics_compared, "metric", "metrics"), baseline_path);
            return g.regressions.empty() ? 0 : 1;
          }};
}

Command add_render_command(CLI::App& app, const Invocation& inv) {
  auto a = std::make_shared<RenderArgs>();
  auto* sub = app.add_subcommand(
      "render", "Render a report: a self-contained HTML page with charts (--html), or a table/markdown on stdout");
  sub->add_option("report", a->report, "The report (JSON); not with --diff");
  sub->add_option("--html", a->html, "Write a self-contained HTML page here");
  sub->add_option("--format", a->format, "Without --html: table or markdown on stdout")->capture_default_str();
  sub->add_option("--diff", a->diff,
                  "OLD NEW: with --html, the pull request's page: regressions first, then improvements, and the "
                  "overview heatmap coloured by change")
      ->expected(2);
  return {sub, [a, &inv] {
            if (!a->diff.empty()) {
              if (!a->report.empty() || a->html.empty()) {
                throw BadInput("render --diff OLD NEW --html OUT.html: two reports and an HTML file, no other report");
              }
              const report::Report old_report = report::read_report_file(a->diff[0]);
              const report::Report new_report = report::read_report_file(a->diff[1]);
              write_file_atomic(a->html, report::render_html_diff(old_report, new_report, a->diff[0], a->diff[1]));
              std::cerr << "html: " << a->html << '\n';
              return 0;
            }
            if (a->report.empty()) throw BadInput("render: no report (sigheap render REPORT [--html OUT])");
            const auto format = parse_format_option(a->format);
            const report::Report r = report::read_report_file(a->report);
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
