#pragma once
#include <string>

#include "reports/report.h"

namespace sigheap {

// Report metadata for this build and this invocation: tool version, git commit, UTC timestamp,
// compiler, allocator backend, cpu count and the command line.
report::Meta make_meta(int argc, char** argv, const std::string& config_json);

// sigheap's version ("0.1.0"), as `--version` prints it.
std::string tool_version();

}  // namespace sigheap
