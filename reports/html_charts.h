#pragma once
// The SVG charts of the HTML page. Drawn at their pixel size (never scaled down), so that no text
// is smaller than 11 px.
#include <string>
#include <vector>

#include "reports/report.h"

namespace sigheap::report::html {

// One small panel per object kind (graph apart), each with its own scale and value axis; a real
// library's bar stacked by its V8 breakdown where the report has one; then the parts' legend.
std::string per_object_panels(const Report& r, const std::vector<std::string>& impls);

// A cell-sized bar pair on a log scale up to `max`: solid = retained, hollow = cumulative.
std::string retained_cumulative_bar(double retained, double cumulative, double max);

// Live bytes over the steady phase, one line per impl whose timeline is not flat (empty if none),
// each with its own colour and dash pattern, labelled at its end and in a legend.
std::string timeline_chart(const std::vector<const Result*>& rows);

// Patterns the charts refer to (a hatched fill for real libraries without a breakdown).
std::string svg_defs();

}  // namespace sigheap::report::html
