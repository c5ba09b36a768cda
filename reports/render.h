#pragma once
// Renders a report for people: an aligned terminal table or markdown (for pull-request
// comments). JSON output is reports/report_json.h's dump().

#include <map>
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
  // Columns [first, first + count) shown under one label in text ("--- setup ---"); markdown
  // has no spans, so its header cells say the group themselves.
  struct Group {
    std::string label;
    std::size_t first = 0;
    std::size_t count = 1;
  };
  std::vector<std::string> header;
  std::vector<bool> right_aligned;  // per column; numbers are right-aligned
  std::vector<std::vector<std::string>> rows;
  std::vector<Group> groups;        // text only
  // Text only: the widest a line may be (0: no limit). A wider table first narrows its first
  // column, wrapping its cells; if that is not enough, it is printed in several blocks of columns,
  // each repeating the first. Widths count what a terminal shows, not escape codes.
  std::size_t max_width = 0;

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

// How a report is laid out for a terminal or a pull request.
struct RenderOptions {
  std::size_t width = 0;  // text: the widest line (0: no limit)
  // Each scenario's default parameters; a heading names only the parameters that differ from
  // them or vary between the report's results. Scenarios not listed show every parameter.
  std::map<std::string, Params> default_params;
};

// The per-object table (if the report has one), then one table per scenario, then a footer that
// explains every column shown.
std::string render_report(const Report& r, Format f, const RenderOptions& opt);
std::string render_report(const Report& r, Format f);

}  // namespace sigheap::report
