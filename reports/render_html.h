#pragma once
// `sigheap render --html`: one self-contained page (no network, no scripts): inline SVG charts
// of the per-object costs, retained vs cumulative bytes per scenario (the seed's artifact made
// visible), the steady-state live-bytes timelines, the scenario tables and the report's meta.
#include <string>

#include "reports/report.h"

namespace sigheap::report {

std::string render_html(const Report& r, const std::string& title);

}  // namespace sigheap::report
