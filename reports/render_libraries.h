#pragma once
// The real libraries' per-object figures as one table: library, package and version, and the bytes
// one signal, computed, edge and effect add (`sigheap render REPORT --libraries`; the README's table
// of every library is this output). Models' figures are render.h's per-object table.

#include <string>

#include "reports/render.h"
#include "reports/report.h"

namespace sigheap::report {

// One row per engine-measured per-object entry, in the report's order (an engine column when there
// are several engines), then one line per engine naming its version. Empty when the report has no
// real library. `width`: text's widest line (0: no limit), as RenderOptions::width.
std::string render_libraries(const Report& r, Format f, std::size_t width = 0);

}  // namespace sigheap::report
