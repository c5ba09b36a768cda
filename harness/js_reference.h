#pragma once
// `sigheap run --with-js`: runs scripts/js-reference (Node.js: the real @preact/signals-core and
// alien-signals on the ported scenarios, measured in V8) and returns its sigheap.report/1 report
// for merging. The runner lives in the source tree; SIGHEAP_JS_REFERENCE overrides its folder.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reports/report.h"

namespace sigheap {

struct JsOptions {
  std::vector<std::string> scenarios;  // the run's selection; unported ones are skipped
  std::vector<std::pair<std::string, std::int64_t>> params;
  std::optional<std::int64_t> iterations;
  int repetitions = 3;
  int jobs = 0;  // node processes at a time; 0: the CPU count
  bool progress = false;
};

// The runner's folder; BadInput (exit 2) with what to do when node or its packages are missing.
std::string js_reference_dir();

// Runs it; BadInput when it cannot run at all. Results that failed come back with their status.
report::Report run_js_reference(const JsOptions& opt);

// Adds `js`'s results, per-object figures and engine to `into`.
void merge_js(report::Report& into, report::Report js);

}  // namespace sigheap
