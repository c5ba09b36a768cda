#pragma once
// The subcommands of `sigheap`, each in its own file, registered on the CLI11 app by cli.cc.

#include <CLI/CLI.hpp>
#include <functional>

#include "harness/matrix.h"
#include "reports/render.h"

namespace sigheap {

// A subcommand's action, run after parsing; returns the exit code. Throws BadInput for bad input.
using Action = std::function<int()>;

struct Invocation {
  int argc;
  char** argv;
  const Matrix& matrix;
};

// The --format value of any command: table, markdown or json; BadInput otherwise.
report::Format parse_format_option(const std::string& value);

// Fails early (before any measurement) when `path` could not be written: BadInput says why.
// `create_dirs`: create the missing directories first (for default output paths).
void check_writable(const std::string& path, bool create_dirs);

struct Command {
  CLI::App* sub;
  Action run;
};

Command add_list_command(CLI::App& app, const Invocation& inv);
Command add_run_command(CLI::App& app, const Invocation& inv);
Command add_diff_command(CLI::App& app, const Invocation& inv);
Command add_gate_command(CLI::App& app, const Invocation& inv);
Command add_render_command(CLI::App& app, const Invocation& inv);
Command add_investigate_command(CLI::App& app, const Invocation& inv);

}  // namespace sigheap
