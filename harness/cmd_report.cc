// The commands that read reports: `sigheap diff`, `sigheap gate`, `sigheap render`.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "harness/commands.h"
#include "reports/atomic_write.h"
#include "reports/diff.h"
#include "reports/errors.h"
#include "reports/gate.h"
#include "reports/render.h"
#include "reports/render_html.h"
#include "reports/report_json.h"

namespace sigheap {

namespace {

bool use_colour() {
  const char* no_color = std::getenv("NO_COLOR");
  return (no_color == nullptr || *no_color == '\0') && ::isatty(STDOUT_FILENO);
}

struct DiffArgs {
  std::string old_path, new_path, format = "table";
  bool all = false;
};

struct GateArgs {
  std::string baseline, current, config;
  bool allow_missing = false;
  bool strict_engine = false;
};

struct RenderArgs {
  std::string report, html, format = "table";
};

}  // namespace

void check_writable(const std::string& path, bool create_dirs) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  fs::path dir = p.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (create_dirs) fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) {
    throw BadInput(fmt::format("cannot write '{}': directory '{}' does not exist", path, dir.string()));
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    throw BadInput(fmt::format("cannot write '{}': directory '{}' is not writable", path, dir.string()));
  }
  if (fs::is_directory(p, ec)) throw BadInput(fmt::format("cannot write '{}': it is a directory", path));
}

report::Format parse_format_option(const std::string& value) {
  const auto format = report::format_from_string(value);
  if (!format) throw BadInput(fmt::format("--format '{}': expected table, markdown or json", value));
  return *format;
}

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
            std::cout << report::render_diff(d, {format, a->all, format == report::Format::kTable && use_colour()});
            return 0;
          }};
}

Command add_gate_command(CLI::App& app, const Invocation&) {
  auto a = std::make_shared<GateArgs>();
  auto* sub = app.add_subcommand(
      "gate", "Exit 1 if CURRENT regressed against BASELINE: any memory increase, a significant slowdown, a "
              "result that is no longer ok, a missing result");
  sub->add_option("--baseline", a->baseline, "The baseline report (JSON)")->required();
  sub->add_option("--current", a->current, "The report to judge (JSON)")->required();
  sub->add_option("--config", a->config, "Tolerances and timing thresholds (default: none, alpha 0.01, 5%)");
  sub->add_flag("--allow-missing", a->allow_missing, "A result missing from CURRENT is not a regression");
  sub->add_flag("--strict-engine", a->strict_engine,
                "Exit 2 when the reports' JavaScript engines differ (default: their figures are not compared)");
  return {sub, [a] {
            const report::GateConfig config =
                a->config.empty() ? report::GateConfig{} : report::read_gate_config(a->config);
            const report::Report baseline = report::read_report_file(a->baseline);
            const report::Report current = report::read_report_file(a->current);
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
            for (const auto& r : g.regressions) std::cout << "REGRESSION " << r.message << '\n';
            std::cout << fmt::format("gate: {} regression{} ({} results, {} metrics compared against {})\n",
                                     g.regressions.size(), g.regressions.size() == 1 ? "" : "s",
                                     g.results_compared, g.metrics_compared, a->baseline);
            return g.regressions.empty() ? 0 : 1;
          }};
}

Command add_render_command(CLI::App& app, const Invocation&) {
  auto a = std::make_shared<RenderArgs>();
  auto* sub = app.add_subcommand(
      "render", "Render a report: a self-contained HTML page with charts (--html), or a table/markdown on stdout");
  sub->add_option("report", a->report, "The report (JSON)")->required();
  sub->add_option("--html", a->html, "Write a self-contained HTML page here");
  sub->add_option("--format", a->format, "Without --html: table or markdown on stdout")->capture_default_str();
  return {sub, [a] {
            const auto format = parse_format_option(a->format);
            const report::Report r = report::read_report_file(a->report);
            if (a->html.empty()) {
              std::cout << (format == report::Format::kJson ? report::dump(r) : report::render_report(r, format));
              return 0;
            }
            write_file_atomic(a->html, report::render_html(r, a->report));
            std::cerr << "html: " << a->html << '\n';
            return 0;
          }};
}

}  // namespace sigheap
