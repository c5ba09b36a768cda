#pragma once
// `sigheap run --with-js` and `sigheap list`: runs scripts/js-reference (Node.js drives it: the
// real signals libraries on the ported scenarios, measured in each JavaScript engine asked for)
// and returns its sigheap.report/1 report for merging, or its list of libraries and engines. The
// runner lives in the source tree; SIGHEAP_JS_REFERENCE overrides its folder.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reports/report.h"

namespace sigheap {

// The engines `--engine` accepts, in report order (scripts/js-reference/engines/index.mjs registers
// their implementations).
inline constexpr std::string_view kJsEngines[] = {"node", "chromium", "bun", "deno"};
inline constexpr std::string_view kDefaultJsEngine = "node";

struct JsOptions {
  std::vector<std::string> engines;   // empty: node
  std::vector<std::string> impls;     // js:NAME; empty: every library
  std::vector<std::string> adapters;  // adapter files outside the repository (--js-adapter)
  std::vector<std::string> scenarios;  // the run's selection; unported ones are skipped
  bool per_object_only = false;        // no scenario at all (`scenarios` is then ignored)
  bool no_per_object = false;          // no per-object measurement (run --no-per-object)
  std::vector<std::pair<std::string, std::int64_t>> params;
  std::optional<std::int64_t> iterations;
  int jobs = 0;  // node processes at a time; 0: the CPU count
  bool progress = false;        // a line per measurement (a terminal)
  bool progress_lines = false;  // a line now and then (a pipe, a CI log), as Progress does
};

struct JsLibrary {
  std::string impl;  // js:NAME
  std::string package;
  std::string version;
  std::vector<std::string> scenarios;                         // what it runs
  std::vector<std::pair<std::string, std::string>> skipped;  // scenario, reason
};

// An engine on this machine: available with its description, or why not (naming the install).
struct JsEngine {
  std::string name;
  bool available = false;
  std::string detail;  // "chromium 156..., V8, pointer compression on", or the reason it is missing
};

struct JsListing {
  std::string engine;  // "node 20.20.2, V8 11.3..., pointer compression off"
  std::vector<JsLibrary> libraries;
  std::vector<JsEngine> engines;  // kJsEngines order
};

// Checks `--engine` names: an unknown one is BadInput naming the known ones.
void check_js_engine_names(const std::vector<std::string>& engines);
// BadInput with the runner's one-line reason (how to install it) when an engine is missing here.
void check_js_engines_available(const std::vector<std::string>& engines, const JsListing& listing);

// The runner's folder; BadInput (exit 2) with what to do when node or its packages are missing.
std::string js_reference_dir();

// The libraries the runner can measure (with the adapters); BadInput when it cannot say.
JsListing list_js_libraries(const std::vector<std::string>& adapters);

// Runs it; BadInput when it cannot run at all. Results that failed come back with their status.
report::Report run_js_reference(const JsOptions& opt);

// Adds `js`'s results, per-object figures and engines to `into`.
void merge_js(report::Report& into, report::Report js);

}  // namespace sigheap
