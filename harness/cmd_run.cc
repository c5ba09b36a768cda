// `sigheap run`: measure impls x scenarios, print a table, write the JSON report.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "harness/commands.h"
#include "harness/instruction_timing.h"
#include "harness/js_reference.h"
#include "harness/meta.h"
#include "harness/private_dir.h"
#include "harness/runner.h"
#include "harness/shard.h"
#include "harness/suggest.h"
#include "harness/terminal.h"
#include "reports/atomic_write.h"
#include "reports/errors.h"
#include "reports/render.h"
#include "reports/report_json.h"
#include "reports/text_layout.h"

namespace sigheap {

namespace {

constexpr const char* kDefaultOut = "reports/out/latest.json";
// Bounds of the numeric options, said in --help: beyond them a run cannot finish in any sensible
// time (or the report would be huge), so a typo is refused instead of measured.
constexpr std::int64_t kMaxIterations = 1'000'000'000;
constexpr double kDefaultTimeout = 60;
constexpr double kMaxTimeout = 24 * 3600;
constexpr std::int64_t kMaxTimelinePoints = 1000;
constexpr std::int64_t kMaxTimeRepetitions = 1000;
constexpr std::int64_t kMaxTimeRounds = 1000;

struct RunArgs {
  std::vector<std::string> impls;
  std::vector<std::string> scenarios;
  std::vector<std::string> params;
  std::optional<std::string> iterations;
  std::string out = kDefaultOut;
  std::string format = "table";
  std::optional<std::string> jobs;
  std::optional<std::string> timeout;  // absent: kDefaultTimeout
  std::string timeline_points = "32";
  bool no_isolate = false;
  bool no_per_object = false;
  bool time = false;
  std::optional<std::string> time_counter;  // absent: cpu-ns
  std::string time_repetitions = "10";
  std::string time_rounds = "1";
  bool quiet = false;
  bool with_js = false;
  std::vector<std::string> js_engines;  // empty: node
  std::vector<std::string> js_adapters;
  std::optional<std::string> shard;  // "K/N"; absent: the whole selection
};

std::string join_names(const auto& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + std::string(i.name);
  return out;
}

std::vector<std::size_t> select(const std::vector<std::string>& names, const auto& items,
                                std::string_view what) {
  std::vector<std::size_t> out;
  if (names.empty()) {
    // The default suite: every model and scenario; a wrapped real library only by name.
    for (std::size_t i = 0; i < items.size(); ++i) {
      if constexpr (requires { items[i].in_default_suite; }) {
        if (!items[i].in_default_suite) continue;
      }
      out.push_back(i);
    }
    return out;
  }
  for (const std::string& n : names) {
    std::size_t i = 0;
    while (i < items.size() && items[i].name != n) ++i;
    if (i == items.size()) {
      std::vector<std::string> names;
      for (const auto& item : items) names.emplace_back(item.name);
      throw BadInput(fmt::format("unknown {} '{}'{} (valid: {}; see 'sigheap list')", what, n,
                                 did_you_mean(n, names), join_names(items)));
    }
    out.push_back(i);
  }
  return out;
}

// "name=value" overrides; each must name a parameter of at least one selected scenario.
std::vector<std::pair<std::string, std::int64_t>> parse_params(
    const std::vector<std::string>& raw, const Matrix& m, const std::vector<std::size_t>& scen) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const std::string& p : raw) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw BadInput(fmt::format("--param '{}': expected NAME=INTEGER", p));
    }
    const std::string name = p.substr(0, eq);
    const std::string value = p.substr(eq + 1);
    for (const auto& [seen, v] : out) {
      if (seen == name) {
        // One run measures one parameter set; several values would need a run each.
        throw BadInput(fmt::format("--param {} given twice ({}={}, {}): one value per parameter and run", name,
                                   name, v, p));
      }
    }
    std::int64_t v = 0;
    std::size_t used = 0;
    try {
      v = std::stoll(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != value.size()) {
      throw BadInput(fmt::format("--param {}: '{}' is not an integer", name, value));
    }
    bool known = false;
    for (std::size_t s : scen) {
      for (const ParamSpec& spec : m.scenarios[s].params) {
        if (spec.name != name) continue;
        known = true;
        if (v < spec.min_value) {
          throw BadInput(fmt::format("--param {}={}: {} needs at least {}", name, v,
                                     m.scenarios[s].name, spec.min_value));
        }
      }
    }
    if (!known) throw BadInput(fmt::format("--param {}: no selected scenario has it", name));
    out.emplace_back(name, v);
  }
  return out;
}

std::vector<Job> make_jobs(const Matrix& m, const std::vector<std::size_t>& impls,
                           const std::vector<std::size_t>& scen,
                           const std::vector<std::pair<std::string, std::int64_t>>& overrides) {
  std::vector<Job> jobs;
  for (std::size_t s : scen) {
    const ScenarioInfo& info = m.scenarios[s];
    std::vector<std::vector<std::int64_t>> sets = info.param_sets;
    bool overridden = false;
    std::vector<std::int64_t> set = sets.front();
    for (const auto& [name, v] : overrides) {
      for (std::size_t k = 0; k < info.params.size(); ++k) {
        if (info.params[k].name == name) {
          set[k] = v;
          overridden = true;
        }
      }
    }
    if (overridden) sets = {set};
    for (const auto& values : sets) {
      for (std::size_t i : impls) {
        if (m.cell(i, s) != nullptr) jobs.push_back(Job{i, s, values});
      }
    }
  }
  return jobs;
}

// --impl names split: models, and real libraries (js:NAME), which imply --with-js.
struct ImplSelection {
  std::vector<std::string> models;
  std::vector<std::string> libraries;
};
ImplSelection split_impls(const std::vector<std::string>& names) {
  ImplSelection out;
  for (const auto& n : names) (n.starts_with("js:") ? out.libraries : out.models).push_back(n);
  return out;
}

// Unknown js: names and engines missing here are bad input before anything runs.
void check_js_impls(const std::vector<std::string>& wanted, const std::vector<std::string>& engines,
                    const std::vector<std::string>& adapters) {
  const JsListing listing = list_js_libraries(adapters);
  check_js_engines_available(engines, listing);
  for (const auto& w : wanted) {
    bool known = false;
    std::string names;
    for (const auto& l : listing.libraries) {
      known = known || l.impl == w;
      names += (names.empty() ? "" : ", ") + l.impl;
    }
    if (!known) throw BadInput(fmt::format("unknown impl '{}' (JavaScript libraries: {})", w, names));
  }
}

// --time-counter's value; naming a counter asks for timing. Instructions are counted under
// valgrind, which runs the C++ models only.
TimeCounter parse_time_counter(const std::string& value, bool with_js) {
  if (value == report::kCounterCpuNs) return TimeCounter::kCpuNs;
  if (value != report::kCounterInstructions) {
    throw BadInput(fmt::format("--time-counter '{}': expected {} or {}", value, report::kCounterCpuNs,
                               report::kCounterInstructions));
  }
  if (with_js) {
    throw BadInput(
        "--time-counter instructions counts the C++ models under valgrind, not JavaScript engines: measure "
        "--with-js (or js: impls) in a report of its own");
  }
  return TimeCounter::kInstructions;
}

int run(const RunArgs& a, const Invocation& inv) {
  const Matrix& m = inv.matrix;
  const ImplSelection chosen = split_impls(a.impls);
  const bool only_libraries = !a.impls.empty() && chosen.models.empty();
  const bool with_js = a.with_js || !chosen.libraries.empty() || !a.js_adapters.empty() || !a.js_engines.empty();
  const bool time = a.time || a.time_counter.has_value();
  const TimeCounter counter =
      a.time_counter ? parse_time_counter(*a.time_counter, with_js) : TimeCounter::kCpuNs;
  check_js_engine_names(a.js_engines);
  const auto impls = only_libraries ? std::vector<std::size_t>{} : select(chosen.models, m.impls, "impl");
  const auto scen = select(a.scenarios, m.scenarios, "scenario");
  const report::Format format = parse_format_option(a.format);
  const std::optional<std::int64_t> iterations =
      a.iterations ? std::optional(integer_option("--iterations", *a.iterations, 1, kMaxIterations)) : std::nullopt;
  const double timeout = a.timeout ? seconds_option("--timeout", *a.timeout, kMaxTimeout) : kDefaultTimeout;
  if (a.timeout && a.no_isolate) {
    throw BadInput("--timeout with --no-isolate: a measurement in this process cannot be stopped; drop one of them");
  }
  const std::int64_t timeline_points = integer_option("--timeline-points", a.timeline_points, 2, kMaxTimelinePoints);
  const std::int64_t time_repetitions =
      integer_option("--time-repetitions", a.time_repetitions, 2, kMaxTimeRepetitions);
  const std::int64_t time_rounds = integer_option("--time-rounds", a.time_rounds, 1, kMaxTimeRounds);
  const auto overrides = parse_params(a.params, m, scen);
  const std::optional<report::Shard> shard =
      a.shard ? std::optional(parse_shard(*a.shard)) : std::nullopt;
  const bool to_stdout_only = a.out == "-";
  if (!to_stdout_only) check_writable(a.out, a.out == kDefaultOut);
  const bool instructions = time && counter == TimeCounter::kInstructions;

  RunnerOptions opt;
  opt.measure.iterations = static_cast<std::uint64_t>(iterations.value_or(0));
  opt.measure.timeline_points = static_cast<std::uint64_t>(timeline_points);
  opt.measure.time = time;
  opt.measure.time_counter = counter;
  opt.measure.time_repetitions = static_cast<std::uint64_t>(time_repetitions);
  opt.measure.time_rounds = static_cast<std::uint64_t>(time_rounds);
  opt.isolate = !a.no_isolate;
  // CPU time is taken one measurement at a time unless told otherwise: parallel children disturb
  // it. Instruction counts do not depend on the neighbours.
  opt.jobs = jobs_option(a.jobs, time && !instructions ? 1 : cpu_count());
  opt.timeout_seconds = timeout;
  std::optional<PrivateDir> scratch;  // callgrind's files; removed on return, error or interrupt
  if (instructions) {
    opt.valgrind = find_valgrind();
    scratch.emplace("sigheap-callgrind");
    opt.scratch_dir = scratch->path();
  }

  if (with_js) {
    js_reference_dir();  // fails early when node's packages are missing
    check_js_impls(chosen.libraries, a.js_engines, a.js_adapters);
  }
  std::vector<Job> jobs = make_jobs(m, impls, scen, overrides);
  std::vector<std::size_t> attributed = a.no_per_object ? std::vector<std::size_t>{} : impls;
  bool js_here = with_js;
  if (shard) {  // harness/shard.h: measurements, then attributions, round-robin; JS in shard 1
    const std::size_t all_jobs = jobs.size();
    jobs = share_of(jobs, *shard);
    attributed = share_of(attributed, *shard, all_jobs);
    js_here = js_here && owns_js(*shard);
  }
  const auto start = std::chrono::steady_clock::now();
  const std::size_t batches =
      instructions ? opt.measure.time_rounds * instruction_batch_count(jobs.size(), opt.jobs) : 0;
  Progress shown("run", jobs.size() + attributed.size() + batches, a.quiet);
  const bool show_progress = shown.redraws();
  auto progress = [&](std::size_t, std::size_t, const std::string& label) { shown.step(label); };

  report::Report rep;
  nlohmann::ordered_json config = {
      {"impls", a.impls},
      {"scenarios", a.scenarios},
      {"iterations", iterations ? nlohmann::ordered_json(*iterations) : nlohmann::ordered_json()},
      {"params", a.params},
      {"timeline_points", timeline_points},
      {"isolate", opt.isolate},
      {"per_object", !a.no_per_object},
      {"time", time},
      {"time_rounds", a.time_rounds},
      {"with_js", with_js},
      {"jobs", opt.jobs},
      {"timeout_seconds", opt.timeout_seconds},
  };
  if (time) config["time_counter"] = counter_name(counter);
  if (with_js) {
    config["engines"] = a.js_engines.empty() ? std::vector<std::string>{std::string(kDefaultJsEngine)} : a.js_engines;
  }
  rep.meta = make_meta(inv.argc, inv.argv, config.dump());
  rep.meta.shard = shard;  // not in `config`: the shards of one run have equal configs
  bool attribution_failed = false;
  if (!attributed.empty()) {
    const AttributionOutcome po = run_attributions(m, attributed, opt, progress);
    rep.per_object = po.per_object;
    for (const auto& [impl, why] : po.errors) {
      std::cerr << fmt::format("sigheap: per-object attribution of {} failed: {}\n", impl, why);
      attribution_failed = true;
    }
  }
  rep.results = run_jobs(m, jobs, opt, progress);
  if (js_here) {
    JsOptions js;
    js.engines = a.js_engines;
    js.impls = chosen.libraries;
    js.adapters = a.js_adapters;
    for (std::size_t s : scen) js.scenarios.emplace_back(m.scenarios[s].name);
    js.params = overrides;
    js.iterations = iterations;
    js.no_per_object = a.no_per_object;
    // Memory figures do not depend on it; timing runs one process at a time, as for the models.
    js.jobs = a.jobs ? static_cast<int>(opt.jobs) : time ? 1 : 0;
    js.progress = show_progress;
    js.progress_lines = !show_progress && !a.quiet;
    if (show_progress) std::cerr << "\r\033[K";
    merge_js(rep, run_js_reference(js));
  }
  rep.meta.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::string json = report::dump(rep);
  if (!to_stdout_only) write_file_atomic(a.out, json);
  if (format == report::Format::kJson) {
    std::cout << json;
  } else {
    std::cout << report::render_report(rep, format, render_options(m, STDOUT_FILENO));
  }
  if (!to_stdout_only && !a.quiet) {
    std::cerr << fmt::format("report: {} ({}, {:.1f} s)\n", a.out,
                             report::count_of(rep.results.size(), "result", "results"), *rep.meta.wall_seconds);
  }
  return report::any_failed(rep) || attribution_failed ? 1 : 0;
}

}  // namespace

Command add_run_command(CLI::App& app, const Invocation& inv) {
  auto args = std::make_shared<RunArgs>();
  auto* sub = app.add_subcommand(
      "run", "Measure impls x scenarios; print a table and write the JSON report");
  sub->add_option("--impl", args->impls,
                  "Impls to run, comma-separated (default: all models); js:NAME picks real JavaScript "
                  "libraries (`sigheap list`)")
      ->delimiter(',');
  sub->add_option("--scenario", args->scenarios,
                  "Scenarios to run, comma-separated (default: the whole default suite)")
      ->delimiter(',');
  sub->add_option("--param", args->params,
                  "Override a scenario parameter, NAME=INTEGER (repeatable for different parameters, "
                  "each once); replaces the scenario's default parameter sets with one set");
  sub->add_option("--iterations", args->iterations,
                  fmt::format("Steady-state iterations, 1 to {} (default: each scenario's own)",
                              report::format_number(static_cast<double>(kMaxIterations))))
      ->type_name("INT");
  sub->add_option("--out", args->out,
                  "Where to write the JSON report ('-' for none); relative paths are relative to the "
                  "current directory, and the default's directory is created if missing")
      ->capture_default_str();
  sub->add_option("--format", args->format, "What to print: table, markdown or json")
      ->capture_default_str();
  sub->add_option("--jobs", args->jobs,
                  fmt::format("Measurements run in parallel, each in its own process, 1 to {} (default: the CPU "
                              "count, 1 with --time; memory figures do not depend on it)",
                              kMaxJobs))
      ->type_name("INT");
  sub->add_option("--timeout", args->timeout,
                  fmt::format("Seconds each measurement may take, above 0 and at most {} (default: {}; a "
                              "callgrind batch of N results with --time-counter instructions, N times that); "
                              "not with --no-isolate",
                              report::format_number(kMaxTimeout), kDefaultTimeout))
      ->type_name("SECONDS");
  sub->add_option("--timeline-points", args->timeline_points,
                  fmt::format("Live-bytes samples over the steady phase, 2 to {}",
                              report::format_number(static_cast<double>(kMaxTimelinePoints))))
      ->type_name("INT")
      ->capture_default_str();
  sub->add_flag("--no-isolate", args->no_isolate,
                "Run every measurement in this process (debugging, valgrind); a crash ends the run, and "
                "nothing enforces a time limit");
  sub->add_flag("--time", args->time,
                "Also time the steady iteration (per iteration: median, MAD, min, samples), in a separate "
                "pass with counting off; with CPU time, runs one measurement at a time unless --jobs is "
                "given");
  sub->add_option("--time-counter", args->time_counter,
                  "What --time counts (implies --time): cpu-ns (default), the thread's CPU nanoseconds; "
                  "or instructions, counted by running the timing pass under valgrind's callgrind: about "
                  "50x slower, but the same count run after run on a busy machine, so the one to gate on "
                  "(docs/ci.md). Needs valgrind on PATH; C++ models only, not with --with-js")
      ->type_name("COUNTER");
  sub->add_option("--time-repetitions", args->time_repetitions,
                  fmt::format("Timing samples per result and round, 2 to {}",
                              report::format_number(static_cast<double>(kMaxTimeRepetitions))))
      ->type_name("INT")
      ->capture_default_str();
  sub->add_option("--time-rounds", args->time_rounds,
                  fmt::format("With --time: passes over all measurements, 1 to {}, each in its own process, "
                              "whose samples join (spreads CPU-time samples over the run; see docs/ci.md)",
                              report::format_number(static_cast<double>(kMaxTimeRounds))))
      ->type_name("INT")
      ->capture_default_str();
  sub->add_flag("--no-per-object", args->no_per_object,
                "Skip the per-object attribution (bytes per signal, computed, edge, effect, graph), the real "
                "libraries' as well");
  sub->add_flag("-q,--quiet", args->quiet,
                "No progress and no report path on stderr (progress: a redrawn line on a terminal, "
                "a line every 10 % or 5 s elsewhere)");
  sub->add_flag("--with-js", args->with_js,
                "Also measure the real JavaScript libraries (js:..., see `sigheap list`) exactly in node (heap "
                "snapshots, sampling heap profiler; scripts/js-reference, needs ./scripts/js-deps.sh) and merge "
                "them in; `--impl js:NAME` selects libraries and implies it");
  sub->add_option("--engine", args->js_engines,
                  "JavaScript engines for the real libraries, comma-separated or repeated: node (default), "
                  "chromium, bun, deno (`sigheap list` shows which this machine has); implies --with-js")
      ->delimiter(',');
  sub->add_option("--js-adapter", args->js_adapters,
                  "A JavaScript library adapter file to measure as well (repeatable; its imports resolve from its "
                  "own folder); implies --with-js");
  sub->add_option("--shard", args->shard,
                  "Run only share K of N of the selected work (1 <= K <= N <= 256), for one of N CI jobs "
                  "given the same other options; join the reports with `sigheap merge`. Measurements and "
                  "per-object attributions are dealt round-robin; --with-js libraries run in shard 1")
      ->type_name("K/N");
  return {sub, [args, &inv] { return run(*args, inv); }};
}

}  // namespace sigheap
