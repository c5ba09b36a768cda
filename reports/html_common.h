#pragma once
// Pieces every part of the HTML pages shares (render_html.cc, html_heatmap.cc, html_charts.cc,
// html_diff.cc): escaping, the order impls are shown in (a model next to the real library it
// models), anchors, short numbers and the colour-blind-safe colours (Okabe–Ito, viridis).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/report.h"

namespace sigheap::report::html {

std::string esc(std::string_view s);
// An impl name that may break after '/' (and before " ("), never mid-word.
std::string breakable(std::string_view impl);

// Every impl the report has (results and per-object entries), as impl_label() spells it, grouped:
// the families in the order the report first shows them (lattice-*, preact-*, alien-*, ...), in a
// family its models first, then its real libraries (js:NAME (engine)), engines side by side.
std::vector<std::string> ordered_impls(const Report& r);
// "lattice" for lattice-optimized/no-factories, "preact" for js:preact-signals-core (node).
std::string family(std::string_view impl);
bool is_real_library(std::string_view impl);

// The id of a scenario section ("s-" + the title with anything but [a-z0-9] as '-').
std::string anchor(std::string_view scenario_title);

// A scenario's short name: its parameters only where the report's results of that scenario differ
// in them (scaling-subscribers [n=25]); group_by_scenario's full title says every parameter.
std::string short_title(const Report& r, const Result& res);

// "1.3 KB", "35 MB", "640 B" (1024-based), for cells and bar labels; "0" for zero.
std::string short_bytes(double v);

// Sequential colour for t in [0, 1] (viridis, light to dark), and a text colour readable on it.
std::string sequential(double t);
std::string text_on_sequential(double t);
// Diverging colour for t in [-1, 1]: blue (better) through white to orange-brown (worse).
std::string diverging(double t);

inline constexpr const char* kModelColour = "#0072B2";    // Okabe–Ito blue
inline constexpr const char* kLibraryColour = "#E69F00";  // Okabe–Ito orange
// Okabe–Ito's other colours, then darker variants: the parts of a real library's breakdown.
std::string part_colour(std::size_t i);

// The figures the overview shows, for a model or an engine result; nullopt when not measured.
std::optional<double> setup_retained(const Result& r);
std::optional<double> churn_per_iteration(const Result& r);

}  // namespace sigheap::report::html
