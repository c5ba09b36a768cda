#pragma once
// `sigheap investigate`: the original memory investigation (docs/background.md)
// as a generated document. The measurements it needs, and the Markdown it
// renders from them; every number in the document comes from the report, none
// is typed in (except the original investigation's own V8 figures, labelled as
// such).
#include <string>
#include <vector>

#include "harness/runner.h"
#include "reports/report.h"

namespace sigheap {

// The scenarios the document reads.
inline constexpr const char* kInvestigationScenarios[] = {"computed-diamond-simple", "scaling-subscribers"};

// Every registered model on those scenarios' default parameter sets, plus
// per-object figures.
std::vector<Job> investigation_jobs(const Matrix& m);

// Renders the document. Deterministic: no timestamps, paths or versions that
// vary between runs.
std::string render_investigation(const report::Report& r, const Matrix& m);

}  // namespace sigheap
