#pragma once
// Renders a report for people: an aligned terminal table or markdown (for pull-request
// comments). JSON output is reports/report_json.h's dump().

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/report.h"

namespace sigheap::report {

enum class Format { kTable, kMarkdown, kJson };
std::optional<Format> format_from_string(std::string_view s);

// A grid of cells printed either as aligned columns or as a markdown table.
struct Table {
  std::vector<std::string> header;
  std::vector<bool> right_aligned;  // per column; numbers are right-aligned
  std::vector<std::vector<std::string>> rows;

  std::string text() const;
  std::string markdown() const;
  std::string render(Format f) const { return f == Format::kMarkdown ? markdown() : text(); }
};

// 1234567 -> "1,234,567"; exact, never rounded.
std::string group_digits(std::int64_t v);
// Integers print exactly; other values with up to 6 decimals.
std::string format_number(double v);

// One per-object cell: "112 B / 3" (bytes / allocations) for a model; "88 B" for a real library
// (its breakdown is rendered below the table, render_v8.h).
std::string object_cost_cell(const ObjectCost& c);
// The fit's residual, or the engine's name for a real library.
std::string residual_cell(const PerObject& po);

// Results grouped by scenario and parameters (titled "name [k=v,...]"), in order of appearance.
std::vector<std::pair<std::string, std::vector<const Result*>>> group_by_scenario(const Report& r);

// The per-object table (if the report has one), then one table per scenario.
std::string render_report(const Report& r, Format f);

}  // namespace sigheap::report
