// libFuzzer target: the report reader, then everything that consumes reports. The input is one
// report, or two separated by a NUL byte (old, new) for diff and gate; the bytes after a second
// NUL are tried as a gate config. Bad input must end in BadInput; any other exception, a crash, a
// leak (LeakSanitizer) or a hang is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "reports/comparability.h"
#include "reports/diff.h"
#include "reports/errors.h"
#include "reports/gate.h"
#include "reports/render.h"
#include "reports/render_html.h"
#include "reports/report_json.h"

namespace {

bool parse(const std::string& text, sigheap::report::Report& out) {
  try {
    out = sigheap::report::parse_report(text, "fuzz");
    return true;
  } catch (const sigheap::BadInput&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sigheap::report;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t first = input.find('\0');
  const std::string a = input.substr(0, first);
  const std::string rest = first == std::string::npos ? a : input.substr(first + 1);
  const std::size_t second = rest.find('\0');
  const std::string b = rest.substr(0, second);
  Report ra, rb;
  const bool ok_a = parse(a, ra);
  const bool ok_b = parse(b, rb);
  if (ok_a) {
    render_report(ra, Format::kTable);
    render_report(ra, Format::kMarkdown);
    render_html(ra, "fuzz");
    Report again;
    if (!parse(dump(ra), again) || !(again == ra)) __builtin_trap();  // what we write, we read back
  }
  GateConfig config;
  if (second != std::string::npos) {
    try {
      config = parse_gate_config(rest.substr(second + 1), "fuzz");
    } catch (const sigheap::BadInput&) {
    }
  }
  if (ok_a && ok_b) {
    try {
      check_comparable(ra, "a", rb, "b");
    } catch (const sigheap::BadInput&) {
    }
    const Diff d = compute_diff(ra, rb);
    render_diff(d, {Format::kTable, true, true});
    render_diff(d, {Format::kMarkdown, false, false});
    render_diff(d, {Format::kJson, true, false});
    run_gate(ra, rb, config, false);
    run_gate(rb, ra, config, true);
  }
  return 0;
}
