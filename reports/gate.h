#pragma once
// `sigheap gate`: decides whether `current` regressed against `baseline`.
//  - memory metrics (deterministic): any increase beyond the configured tolerance regresses;
//  - timing (time.median_ns), when both results carry samples: regresses only if a two-sided
//    Mann-Whitney U test rejects equality at `alpha` and the median rose by more than
//    `min_effect_percent`;
//  - a result that was ok and is not ok now regresses; so does an ok result whose teardown
//    leaks; a result missing from `current` regresses unless missing results are allowed;
//  - a real library's figures (results and per-object entries with an `engine`) are memory
//    metrics like the models', compared only when both reports name the same engine details
//    (meta.engines); otherwise none of that engine's figures is compared, and the result says so.
#include <map>
#include <string>
#include <vector>

#include "reports/report.h"
#include "reports/stats.h"  // mann_whitney_p, median

namespace sigheap::report {

struct Tolerance {
  bool ignore = false;
  double absolute = 0;  // allowed increase, in the metric's unit
  double percent = 0;   // allowed increase, in percent of the baseline value
};

struct GateConfig {
  std::map<std::string, Tolerance> metrics;  // by metric name; absent: zero tolerance
  double alpha = 0.01;
  double min_effect_percent = 5;
};

// Reads a gate config (see reports/gate.json); BadInput on unknown keys or metric names.
GateConfig parse_gate_config(const std::string& text, const std::string& source);
GateConfig read_gate_config(const std::string& path);

struct Regression {
  std::string key;     // result key or "per-object <impl>"
  std::string metric;  // metric name, "status" or "missing"
  std::string message; // one line with the numbers
};

struct EngineDifference {
  std::string engine;  // "node"
  std::string baseline;  // its details in each report (JSON text; empty when absent)
  std::string current;
};

struct GateResult {
  std::vector<Regression> regressions;
  std::vector<EngineDifference> engines_differ;  // engines whose figures were not compared
  std::vector<std::string> not_exact;  // keys not gated: an engine's figures that carry a spread
  std::size_t results_compared = 0;
  std::size_t metrics_compared = 0;
};

GateResult run_gate(const Report& baseline, const Report& current, const GateConfig& config,
                    bool allow_missing);

}  // namespace sigheap::report
