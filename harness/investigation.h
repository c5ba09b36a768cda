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
// The impls whose per-object figures the document shows: every model, and the wrapped Qt
// libraries (their own section) when this sigheap was built with Qt.
std::vector<std::size_t> investigation_attributions(const Matrix& m);

// Renders the document. Deterministic: no timestamps, paths or versions that
// vary between runs. With the real libraries' results (engine "node") it has a
// section on them, between kEngineBegin and kEngineEnd lines naming the engine.
std::string render_investigation(const report::Report& r, const Matrix& m);

// The real-library section's delimiters: "<!-- engine: node 20.20.2, V8 ... -->" and its end.
inline constexpr std::string_view kEngineBegin = "<!-- engine: ";
inline constexpr std::string_view kEngineEnd = "<!-- end of the engine's figures -->";

// The Qt section's delimiters: "<!-- Qt: 6.4.2 -->" (the Qt version this sigheap was built with,
// "none" without Qt; the section then says it was not measured) and its end.
inline constexpr std::string_view kQtBegin = "<!-- Qt: ";
inline constexpr std::string_view kQtEnd = "<!-- end of Qt's figures -->";

// The V8 section's pointer-width part: the libraries' per-object figures in Chromium (V8 with
// pointer compression) beside Node's. "<!-- chromium: 156.0.8078.108 -->" (the Chromium that
// measured them; "none" when none did, the part then says so) and its end.
inline constexpr std::string_view kChromiumBegin = "<!-- chromium: ";
inline constexpr std::string_view kChromiumEnd = "<!-- end of chromium's figures -->";

// `investigate --check`'s rule: a committed document against a fresh one. A section measured with
// something a machine may not have (the V8 section's engine, its Chromium part, the Qt section's Qt)
// is compared only when both documents name the same one; the rest always.
struct InvestigationComparison {
  bool fresh = false;
  std::vector<std::string> not_compared;  // one line per section left out, and why
};
InvestigationComparison compare_investigations(const std::string& committed, const std::string& fresh);

// What a document's section that opens with `begin` names (the engine, the Qt version; "" when
// the document has no such section).
std::string section_source(const std::string& doc, std::string_view begin);
// The document without the section between `begin` and `end`.
std::string without_section(const std::string& doc, std::string_view begin, std::string_view end);

}  // namespace sigheap
