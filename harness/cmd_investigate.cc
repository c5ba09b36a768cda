// `sigheap investigate`: runs what reports/investigation.md needs and writes
// it.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>

#include "harness/commands.h"
#include "harness/investigation.h"
#include "harness/meta.h"
#include "harness/terminal.h"
#include "reports/atomic_write.h"
#include "reports/errors.h"
#include "reports/render_html.h"
#include "reports/report_json.h"

namespace sigheap {
namespace {

struct InvestigateArgs {
  std::string out = "reports/investigation.md";
  std::string html = "reports/out/investigation.html";
  std::string json;
  std::optional<std::int64_t> jobs;
  bool quiet = false;
};

int investigate(const InvestigateArgs& a, const Invocation& inv) {
  const Matrix& m = inv.matrix;
  check_writable(a.out, a.out == InvestigateArgs{}.out);
  if (!a.html.empty()) check_writable(a.html, a.html == InvestigateArgs{}.html);
  if (!a.json.empty()) check_writable(a.json, false);
  check_jobs(a.jobs);

  RunnerOptions opt;
  opt.jobs = a.jobs ? static_cast<unsigned>(*a.jobs) : cpu_count();
  const std::vector<Job> jobs = investigation_jobs(m);
  std::vector<std::size_t> impls(m.impls.size());
  for (std::size_t i = 0; i < impls.size(); ++i) impls[i] = i;
  Progress shown("investigate", jobs.size() + impls.size(), a.quiet);
  auto progress = [&](std::size_t, std::size_t, const std::string& label) { shown.step(label); };

  report::Report rep;
  rep.meta = make_meta(inv.argc, inv.argv, R"({"command":"investigate"})");
  const AttributionOutcome po = run_attributions(m, impls, opt, progress);
  rep.per_object = po.per_object;
  rep.results = run_jobs(m, jobs, opt, progress);
  bool failed = report::any_failed(rep);
  for (const auto& [impl, why] : po.errors) {
    std::cerr << fmt::format("sigheap: per-object attribution of {} failed: {}\n", impl, why);
    failed = true;
  }
  write_file_atomic(a.out, render_investigation(rep, m));
  if (!a.html.empty())
    write_file_atomic(a.html, report::render_html(rep, "sigheap: the memory investigation"));
  if (!a.json.empty()) write_file_atomic(a.json, report::dump(rep));
  if (!a.quiet) {
    std::cerr << fmt::format("investigation: {}{}{}\n", a.out, a.html.empty() ? "" : ", " + a.html,
                             failed ? " (with failures)" : "");
  }
  return failed ? 1 : 0;
}

}  // namespace

Command add_investigate_command(CLI::App& app, const Invocation& inv) {
  auto a = std::make_shared<InvestigateArgs>();
  auto* sub =
      app.add_subcommand("investigate",
                         "Reproduce the original memory investigation (docs/background.md): per-object "
                         "costs of every model, what each lattice-optimized switch saves, retained vs churn "
                         "in computed-diamond-simple, churn as scaling-subscribers grows; writes Markdown");
  sub->add_option("--out", a->out,
                  "The Markdown document to write; relative paths are relative to the current directory, "
                  "and the default's directory is created if missing (run it from the repository's root, "
                  "or use ./scripts/run.sh investigate, to update the committed document)")
      ->capture_default_str();
  sub->add_option("--html", a->html, "Also write the measurements as an HTML page (\"\" for none)")
      ->capture_default_str();
  sub->add_option("--json", a->json, "Also write the measurements as a sigheap.report/1 JSON report");
  sub->add_option("--jobs", a->jobs, "Measurements run in parallel, at least 1 (default: the CPU count)");
  sub->add_flag("-q,--quiet", a->quiet,
                "No progress or summary on stderr (progress: a redrawn line on a terminal, a line every "
                "10 % or 5 s elsewhere)");
  return {sub, [a, &inv] { return investigate(*a, inv); }};
}

}  // namespace sigheap
