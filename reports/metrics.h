#pragma once
// The metrics diff and gate compare, declared once. Memory metrics are deterministic: any
// increase is a regression unless the gate config tolerates it. Timing is judged statistically.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/report.h"

namespace sigheap::report {

// kMemory: deterministic, gated (a real library's engine figures too, between reports of the
// same engine). kTime: gated statistically.
enum class MetricKind { kMemory, kTime };

struct Metric {
  // The JSON path inside a result, e.g. "setup.retained_bytes"; timing has one name per counter:
  // "time.median_ns" (cpu-ns) and "time.median_instructions" (time.median_ns of an instructions block).
  std::string_view name;
  MetricKind kind;
  std::optional<double> (*get)(const Result&);
  // A steady-phase figure: compared only between results that ran the same iteration count
  // (reports/comparability.h). Per-iteration figures too: where the iterations differ (seeded
  // dynamic graphs) or a first iteration allocates once, they change with the count.
  bool depends_on_iterations = false;
};

// Every compared metric of a result, in display order. Lower is better for all of them.
const std::vector<Metric>& result_metrics();

// Per-object metrics are named "per_object.<kind>.<field>" (kind: signal, computed, edge,
// effect, graph; field: bytes, requested_bytes, allocs).
std::vector<std::pair<std::string, double>> per_object_metrics(const PerObject& po);

// Every metric name a gate config may mention.
std::vector<std::string> all_metric_names();

}  // namespace sigheap::report
