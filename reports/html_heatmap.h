#pragma once
// The overview heatmaps: rows are impls (ordered_impls), columns are scenarios, every cell a link
// to its scenario's section. Values (setup retained, churn per iteration) on the report page;
// relative change between two reports on the diff page.
#include <optional>
#include <string>
#include <vector>

#include "reports/report.h"

namespace sigheap::report::html {

struct HeatCell {
  std::string background;  // empty: not measured (a hatched grey cell)
  std::string colour;      // the text's
  std::string text;        // shown in the cell where it fits
  std::string title;       // on hover: the full figure
};

struct HeatGrid {
  std::vector<std::string> rows;                                // impl labels
  struct Column {
    std::string title;   // short_title
    std::string full;    // group_by_scenario's title, on hover
    std::string anchor;  // its section's
  };
  std::vector<Column> columns;
  std::vector<std::vector<HeatCell>> cells;                     // [row][column]
};

// One heatmap table.
std::string heatmap_table(const HeatGrid& g, const std::string& caption);
// Two heatmaps behind a switch (radio buttons, no script; both print): `first` shown at first.
std::string heatmap_switch(const std::string& id, const std::string& first_label, const std::string& first,
                           const std::string& second_label, const std::string& second);

// A value per (impl, scenario) coloured per column on a log scale (viridis, light = smallest).
using Getter = std::optional<double> (*)(const Result&);
HeatGrid value_grid(const Report& r, const std::vector<std::string>& impls, Getter get, const std::string& what);
// The relative change old -> new per (impl, scenario), diverging colours (blue better, orange worse).
HeatGrid change_grid(const Report& old_r, const Report& new_r, const std::vector<std::string>& impls, Getter get,
                     const std::string& what);

std::string sequential_legend();
std::string diverging_legend();

}  // namespace sigheap::report::html
