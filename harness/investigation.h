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
// vary between runs. With the real libraries' results (engine "node") it has a
// section on them, between kEngineBegin and kEngineEnd lines naming the engine.
std::string render_investigation(const report::Report& r, const Matrix& m);

// The real-library section's delimiters: "<!-- engine: node 20.20.2, V8 ... -->" and its end.
inline constexpr std::string_view kEngineBegin = "<!-- engine: ";
inline constexpr std::string_view kEngineEnd = "<!-- end of the engine's figures -->";

// The engine a document's real-library section was measured with ("" when it has none).
std::string document_engine(const std::string& doc);
// The document without its real-library section.
std::string without_engine_section(const std::string& doc);

}  // namespace sigheap
