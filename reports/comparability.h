#pragma once
// Whether two reports measure the same thing, decided once for `diff`, `gate` and `render --diff`
// before any metric is compared:
//  - refused (BadInput, one line naming the mismatch): reports of different sigheap versions or
//    allocators (other size classes, other figures), and a scenario measured with parameter sets
//    the other report does not have at all (other graphs: nothing of it is comparable);
//  - compared in part: a result whose steady phase ran another iteration count keeps its setup,
//    teardown and per-object figures and skips its steady figures (Metric::depends_on_iterations:
//    per-iteration figures change with the count too); iterations_note() says so in one line.
//  - timing measured with different counters (`run --time-counter`: CPU ns against instruction
//    counts) is never compared: diff and gate say so in one line, and `gate --gate-time` refuses
//    (time_counters_mismatch()).
// Engines that differ are the gate's own rule (reports/gate.h).
#include <string>

#include "reports/report.h"

namespace sigheap::report {

// Throws BadInput when `old_report` and `new_report` cannot be compared; the sources name them.
void check_comparable(const Report& old_report, const std::string& old_source, const Report& new_report,
                      const std::string& new_source);

// Paired results whose steady phases ran different iteration counts.
bool iterations_differ(const Result& a, const Result& b);

// "iterations differ in 93 results (e.g. ...): steady totals not compared, ..."; empty when the
// paired results all ran the same counts.
std::string iterations_note(const Report& old_report, const Report& new_report);

// Paired results that both carry a time block, of different counters.
bool time_counters_differ(const Result& a, const Result& b);

// "timing counters differ in 12 results (e.g. KEY: cpu-ns before, instructions now)"; empty when
// every paired result timed in both reports used one counter.
std::string time_counters_mismatch(const Report& old_report, const Report& new_report);

}  // namespace sigheap::report
