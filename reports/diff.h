#pragma once
// `sigheap diff`: pairs results by (impl, scenario, params) and compares every metric, and the
// per-object figures by impl; of results that ran other iteration counts, only the metrics that do
// not scale with the count (check_comparable() in reports/comparability.h comes first).
#include <string>
#include <vector>

#include "reports/render.h"
#include "reports/report.h"

namespace sigheap::report {

struct MetricDelta {
  std::string metric;
  double old_value = 0;
  double new_value = 0;
  double change() const { return new_value - old_value; }
  // Relative change; nullopt when the old value is 0.
  std::optional<double> relative() const;
};

struct EntryDiff {
  std::string key;             // result_key(), or "per-object <impl>"
  std::string old_status;      // only for results
  std::string new_status;
  std::vector<MetricDelta> changed;    // metrics whose value differs
  std::vector<MetricDelta> unchanged;  // the others (shown with --all)
};

struct Diff {
  std::vector<EntryDiff> entries;  // paired results and per-object entries
  std::vector<std::string> added;   // keys only in the new report
  std::vector<std::string> removed;  // keys only in the old report
  std::string note;  // what was left out, in one line (reports/comparability.h); empty if nothing
  bool has_changes() const;
};

Diff compute_diff(const Report& old_report, const Report& new_report);

struct DiffRenderOptions {
  Format format = Format::kTable;
  bool show_all = false;  // also unchanged metrics and entries
  bool color = false;     // ANSI colours (terminal only; off under NO_COLOR)
};
std::string render_diff(const Diff& d, const DiffRenderOptions& opt);

}  // namespace sigheap::report
