#pragma once
// `sigheap render --html`: one self-contained page (no network, no scripts): an overview heatmap
// (impls × scenarios, setup retained or churn), per-object panels (real libraries stacked by their
// V8 breakdown), then a section per scenario (one row per impl, timings, churn sites, checksums,
// the live-bytes timeline where it moves) and the report's meta. `render --diff` writes the pull
// request's page (html_diff.h).
#include <string>

#include "reports/report.h"

namespace sigheap::report {

std::string render_html(const Report& r, const std::string& title);
// The document's start up to <body>, with the stylesheet: shared with the diff page.
std::string html_head(const std::string& title);

}  // namespace sigheap::report
