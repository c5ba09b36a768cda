#pragma once
// `sigheap gate`: decides whether `current` regressed against `baseline`.
//  - memory metrics (deterministic): any increase beyond the configured tolerance regresses;
//  - timing, when both results carry samples: judged by gate_time.h, reported in a section of its
//    own (`slower`), and failing the gate only when the config asks (TimeGate::gate);
//  - a result that was ok and is not ok now regresses; so does an ok result whose teardown
//    leaks; a result missing from `current` regresses unless missing results are allowed;
//  - a real library's figures (results and per-object entries with an `engine`) are memory
//    metrics like the models', compared only when both reports name the same engine details
//    (meta.engines); otherwise none of that engine's figures is compared, and the result says so.
//  - a result that ran another iteration count keeps only its per-iteration steady figures;
//    reports that are not comparable at all are refused first (reports/comparability.h).
#include <map>
#include <string>
#include <vector>

#include "reports/gate_time.h"
#include "reports/report.h"

namespace sigheap::report {

struct Tolerance {
  bool ignore = false;
  double absolute = 0;  // allowed increase, in the metric's unit
  double percent = 0;   // allowed increase, in percent of the baseline value
};

struct GateConfig {
  std::map<std::string, Tolerance> metrics;  // by metric name; absent: zero tolerance
  TimeGate time;
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
  std::vector<Regression> regressions;  // memory, status, missing
  std::vector<Regression> slower;       // timing (gate_time.h); regressions only if config.time.gate
  std::size_t times_compared = 0;
  std::size_t times_other_counter = 0;           // timed in both, with different counters: not compared
  std::string time_counter;                      // of the compared times (cpu-ns or instructions)
  std::vector<EngineDifference> engines_differ;  // engines whose figures were not compared
  std::vector<std::string> not_exact;  // keys not gated: an engine's figures that carry a spread
  std::size_t results_compared = 0;
  std::size_t metrics_compared = 0;
};

GateResult run_gate(const Report& baseline, const Report& current, const GateConfig& config,
                    bool allow_missing);

}  // namespace sigheap::report
