#pragma once
// `sigheap render --diff OLD NEW --html OUT`: the page a reviewer opens from a pull request.
// Regressions first (largest relative increase first; a result no longer ok before all), then
// improvements, per metric with old, new and change; the overview heatmap coloured by change;
// then every changed metric by scenario.
#include <string>

#include "reports/report.h"

namespace sigheap::report {

std::string render_html_diff(const Report& old_r, const Report& new_r, const std::string& old_name,
                             const std::string& new_name);

}  // namespace sigheap::report
