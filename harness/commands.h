#pragma once
// The subcommands of `sigheap`, each in its own file, registered on the CLI11 app by cli.cc.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

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

// Shared option checks (defined in cli.cc).

// The --format value of any command: table, markdown or json; BadInput otherwise.
report::Format parse_format_option(const std::string& value);

// Fails early (before any measurement) when `path` could not be written: BadInput says why.
// `create_dirs`: create the missing directories first (for default output paths, which are
// relative to the current directory in every command).
void check_writable(const std::string& path, bool create_dirs);

// An integer option's text, checked whole before any work starts: not an integer, or outside
// [min, max] (int64's range included: never clamped), is BadInput naming the flag; `hint` ends
// the message.
std::int64_t integer_option(std::string_view flag, const std::string& text, std::int64_t min, std::int64_t max,
                            std::string_view hint = {});

// --jobs, in every command that measures: 1 to kMaxJobs processes at once; absent: `fallback`.
inline constexpr std::int64_t kMaxJobs = 256;
unsigned jobs_option(const std::optional<std::string>& text, unsigned fallback);

// A duration option in seconds: a finite number above 0 and at most `max`.
double seconds_option(std::string_view flag, const std::string& text, double max);

unsigned cpu_count();

// Text layout for output on `fd` (its width) with the matrix's default scenario parameters.
report::RenderOptions render_options(const Matrix& m, int fd);

struct Command {
  CLI::App* sub;
  Action run;
};

Command add_list_command(CLI::App& app, const Invocation& inv);
Command add_run_command(CLI::App& app, const Invocation& inv);
Command add_merge_command(CLI::App& app, const Invocation& inv);
Command add_diff_command(CLI::App& app, const Invocation& inv);
Command add_gate_command(CLI::App& app, const Invocation& inv);
Command add_render_command(CLI::App& app, const Invocation& inv);
Command add_investigate_command(CLI::App& app, const Invocation& inv);
Command add_callgrind_batch_command(CLI::App& app, const Invocation& inv);  // hidden; run's helper

}  // namespace sigheap
