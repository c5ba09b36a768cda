// `sigheap investigate`: runs what reports/investigation.md needs and writes
// it.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>

#include "harness/commands.h"
#include "harness/investigation.h"
#include "harness/js_reference.h"
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
  std::string check;
  std::optional<std::string> jobs;
  bool quiet = false;
  bool no_js = false;
};

// The libraries the models model (preact-like, alien-like): the document compares each model with
// its library. Every library's figures are a `sigheap run --with-js` away (README).
const std::vector<std::string> kDocumentLibraries = {"js:preact-signals-core", "js:alien-signals"};

// The real libraries' part of the document: computed-diamond-simple and per object, in node. Absent
// (nullopt, with the reason) when node or the packages are not installed.
std::optional<report::Report> run_real_libraries(int jobs, std::string& why) {
  try {
    js_reference_dir();
  } catch (const BadInput& e) {
    why = e.what();
    return std::nullopt;
  }
  JsOptions js;
  js.impls = kDocumentLibraries;
  js.scenarios = {"computed-diamond-simple"};
  js.jobs = jobs;
  return run_js_reference(js);
}

// The same libraries' per-object figures in Chromium (pointer compression), through the path
// `run --engine chromium` takes, without scenarios: the pointer-width part of the V8 section.
// Absent (nullopt, with the reason) when Chromium is not installed here.
std::optional<report::Report> run_chromium_per_object(int jobs, std::string& why) {
  const JsListing listing = list_js_libraries({});
  for (const JsEngine& e : listing.engines) {
    if (e.name != "chromium") continue;
    if (!e.available) {
      why = e.detail;
      return std::nullopt;
    }
    JsOptions js;
    js.engines = {e.name};
    js.impls = kDocumentLibraries;
    js.per_object_only = true;
    js.jobs = jobs;
    return run_js_reference(js);
  }
  why = "the runner does not know the engine chromium";
  return std::nullopt;
}

// --check: the committed document against a fresh one (compare_investigations). 0 fresh, 1 stale.
int check_fresh(const std::string& committed_path, const std::string& fresh) {
  const InvestigationComparison c = compare_investigations(read_file(committed_path), fresh);
  for (const std::string& note : c.not_compared) std::cerr << "investigate --check: " << note << "\n";
  if (c.fresh) return 0;
  std::cerr << fmt::format("{} is stale: run ./scripts/run.sh investigate and commit it\n", committed_path);
  return 1;
}

int investigate(const InvestigateArgs& a, const Invocation& inv) {
  const Matrix& m = inv.matrix;
  check_writable(a.out, a.out == InvestigateArgs{}.out);
  if (!a.html.empty()) check_writable(a.html, a.html == InvestigateArgs{}.html);
  if (!a.json.empty()) check_writable(a.json, false);

  RunnerOptions opt;
  opt.jobs = jobs_option(a.jobs, cpu_count());
  const std::vector<Job> jobs = investigation_jobs(m);
  const std::vector<std::size_t> impls = investigation_attributions(m);
  Progress shown("investigate", jobs.size() + impls.size(), a.quiet);
  auto progress = [&](std::size_t, std::size_t, const std::string& label) { shown.step(label); };

  report::Report rep;
  rep.meta = make_meta(inv.argc, inv.argv, R"({"command":"investigate"})");
  const AttributionOutcome po = run_attributions(m, impls, opt, progress);
  rep.per_object = po.per_object;
  rep.results = run_jobs(m, jobs, opt, progress);
  std::string no_js_reason = "--no-js";
  if (!a.no_js) {
    if (auto js = run_real_libraries(static_cast<int>(opt.jobs), no_js_reason)) {
      rep.meta.js_engine = js->meta.js_engine;
      rep.meta.engines = js->meta.engines;
      for (auto& res : js->results) rep.results.push_back(std::move(res));
      for (auto& [key, po] : js->per_object) rep.per_object[key] = std::move(po);
      std::string no_chromium_reason;
      if (auto chromium = run_chromium_per_object(static_cast<int>(opt.jobs), no_chromium_reason)) {
        for (auto& [name, details] : chromium->meta.engines) rep.meta.engines[name] = std::move(details);
        for (auto& [key, po] : chromium->per_object) rep.per_object[key] = std::move(po);
      } else if (!a.quiet) {
        std::cerr << "investigate: without Chromium's figures: " << no_chromium_reason << "\n";
      }
    } else if (!a.quiet) {
      std::cerr << "investigate: without the real libraries: " << no_js_reason << "\n";
    }
  }
  bool failed = report::any_failed(rep);
  for (const auto& [impl, why] : po.errors) {
    std::cerr << fmt::format("sigheap: per-object attribution of {} failed: {}\n", impl, why);
    failed = true;
  }
  const std::string doc = render_investigation(rep, m);
  write_file_atomic(a.out, doc);
  if (!a.html.empty())
    write_file_atomic(a.html, report::render_html(rep, "sigheap: the memory investigation"));
  if (!a.json.empty()) write_file_atomic(a.json, report::dump(rep));
  if (!a.quiet) {
    std::cerr << fmt::format("investigation: {}{}{}\n", a.out, a.html.empty() ? "" : ", " + a.html,
                             failed ? " (with failures)" : "");
  }
  if (!a.check.empty() && check_fresh(a.check, doc) != 0) return 1;
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
  sub->add_option("--jobs", a->jobs, fmt::format("Measurements run in parallel, 1 to {} (default: the CPU count)", kMaxJobs))
      ->type_name("INT");
  sub->add_option("--check", a->check,
                  "Compare the document with this committed one (exit 1 if it differs); its V8 section only "
                  "when the engine is the same, its Chromium and Qt parts only under the same version");
  sub->add_flag("--no-js", a->no_js, "Leave out the real JavaScript libraries (section 5, Chromium's figures included)");
  sub->add_flag("-q,--quiet", a->quiet,
                "No progress or summary on stderr (progress: a redrawn line on a terminal, a line every "
                "10 % or 5 s elsewhere)");
  return {sub, [a, &inv] { return investigate(*a, inv); }};
}

}  // namespace sigheap
