#pragma once
// How the real libraries' engine figures are shown (results and per-object entries with an
// `engine`): the heap objects one instance consists of, and per scenario the setup retained, the
// churn per iteration with the functions that allocate it, and what stays after disposal. Called
// from the table/markdown renderer (render_table.cc) and the HTML page (render_html.cc).
#include <string>
#include <vector>

#include "reports/render.h"
#include "reports/report.h"

namespace sigheap::report {

// "y" for a plain object of class y; "native_bind (closure)", "system / PropertyArray (hidden)".
std::string heap_part_label(const HeapPart& p);
// "1 × y 88 B + 1 × native_bind (closure) 48 B".
std::string breakdown_label(const std::vector<HeapPart>& parts);
// "checkDirty node_modules/alien-signals/esm/system.mjs:142:24".
std::string site_label(const AllocationSite& s);

// Per engine entry and kind: "js:alien-signals (node) signal = 1 × Object 64 B + ...". `width`:
// the widest line of a table (Format::kTable), longer ones wrapped; 0, no wrapping.
std::string engine_breakdowns(const Report& r, Format f, std::size_t width = 0);
// The scenario's engine results as a table (empty when there are none), within `width` as above.
std::string engine_scenario_table(const std::vector<const Result*>& rows, Format f, std::size_t width = 0);

// The real libraries' per-object bytes side by side, one column per engine (node, chromium, bun,
// deno, then any other, as measured), one row per library and kind; with node and chromium, the
// share of node's bytes that Chromium's pointer compression saves. Empty unless some library was
// measured in two engines or more.
std::string engines_side_by_side(const Report& r, Format f, std::size_t width = 0);
std::string engines_side_by_side_html(const Report& r);

std::string engine_breakdowns_html(const Report& r);
std::string engine_scenario_html(const std::vector<const Result*>& rows);

}  // namespace sigheap::report
