#pragma once
#include <string>

#include "reports/report.h"

namespace sigheap {

// Report metadata for this build and this invocation: tool version, git commit, UTC timestamp,
// compiler, allocator backend, cpu count and the command line.
report::Meta make_meta(int argc, char** argv, const std::string& config_json);

// sigheap's version ("0.1.0"), as `--version` prints it.
std::string tool_version();

// The checkout this binary was built from (where the JavaScript runner is found by default). Kept
// in this file only: an absolute path differs between checkouts, and every other file then compiles
// the same in each (ccache reuses them in a fresh clone).
std::string source_dir();

}  // namespace sigheap
