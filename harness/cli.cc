#include "harness/cli.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "harness/commands.h"
#include "harness/meta.h"
#include "harness/interrupt.h"
#include "harness/suggest.h"
#include "harness/terminal.h"
#include "reports/errors.h"

namespace sigheap {

namespace {

// The subcommand named on the command line, if it is one.
const Command* named_command(int argc, char** argv, const std::vector<Command>& commands) {
  if (argc < 2) return nullptr;
  for (const Command& c : commands) {
    if (c.sub->get_name() == argv[1]) return &c;
  }
  return nullptr;
}

// The first "--flag" (or "--flag=value") the command does not know, with a suggestion, so that
// `--impls` gets "did you mean --impl?" instead of CLI11's list of unexpected arguments.
std::string unknown_flag_message(int argc, char** argv, const CLI::App& sub) {
  std::vector<std::string> flags;
  for (const CLI::Option* o : sub.get_options()) {
    for (const std::string& name : o->get_lnames()) flags.push_back("--" + name);
  }
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.rfind("--", 0) != 0) continue;
    arg = arg.substr(0, arg.find('='));
    if (std::find(flags.begin(), flags.end(), arg) != flags.end()) continue;
    return fmt::format("unknown option '{}'{}", arg, did_you_mean(arg, flags));
  }
  return {};
}

}  // namespace

int cli_main(int argc, char** argv, const Matrix& matrix) {
  CLI::App app{
      "sigheap: exact memory profiles of reactive-graph (signals) models.\n"
      "Runs models x scenarios under a counting allocator over jemalloc and reports bytes per\n"
      "phase (setup / steady / teardown) and per object (signal, computed, edge, effect, graph).",
      "sigheap"};
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success, 1 a regression or a failed measurement, 2 bad usage or bad input.\n"
      "Start with `sigheap list` and `sigheap run --help`. Reports: sigheap.report/1 (reports/schema/).\n"
      "Output paths are relative to the current directory. The columns of every table: README.md,\n"
      "\"Reading the tables\"; the story behind the tool: docs/background.md.");
  app.set_version_flag("--version", tool_version());
  const Invocation inv{argc, argv, matrix};
  const std::vector<Command> commands = {
      add_list_command(app, inv),
      add_run_command(app, inv),
      add_merge_command(app, inv),
      add_diff_command(app, inv),
      add_gate_command(app, inv),
      add_render_command(app, inv),
      add_investigate_command(app, inv),
      add_callgrind_batch_command(app, inv),
  };

  std::vector<std::string> names;  // the commands people use (hidden ones have no group)
  for (const Command& c : commands) {
    if (!c.sub->get_group().empty()) names.push_back(c.sub->get_name());
  }
  const Command* command = named_command(argc, argv, commands);
  if (argc > 1 && argv[1][0] != '-' && command == nullptr) {
    std::string valid;
    for (const std::string& n : names) valid += (valid.empty() ? "" : ", ") + n;
    std::cerr << fmt::format("sigheap: unknown command '{}'{} (valid: {}; see 'sigheap --help')\n", argv[1],
                             did_you_mean(argv[1], names), valid);
    return 2;
  }
  const std::string help = command != nullptr ? "sigheap " + command->sub->get_name() + " --help"
                                               : "sigheap --help";
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = command != nullptr ? unknown_flag_message(argc, argv, *command->sub) : "";
    if (what.empty()) what = e.what();
    if (what.empty()) what = e.get_name();
    std::cerr << fmt::format("sigheap: {} (see '{}')\n", what, help);
    return 2;
  }
  install_interrupt_handlers();
  try {
    for (const Command& c : commands) {
      if (c.sub->parsed()) return c.run();
    }
  } catch (const Interrupted& e) {
    // Every worker is gone and no output file was written; clear a progress line first.
    std::cerr << (::isatty(STDERR_FILENO) ? "\r\033[K" : "") << "sigheap: " << e.what() << '\n';
    return 128 + e.signal();
  } catch (const BadInput& e) {
    std::cerr << "sigheap: " << e.what() << '\n';
    return 2;
  }
  return 2;
}

void check_writable(const std::string& path, bool create_dirs) {
  namespace fs = std::filesystem;
  if (path.empty()) throw BadInput("cannot write '': the output path is empty");
  const fs::path p(path);
  fs::path dir = p.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (create_dirs) fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) {
    throw BadInput(fmt::format("cannot write '{}': directory '{}' does not exist", path, dir.string()));
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    throw BadInput(fmt::format("cannot write '{}': directory '{}' is not writable", path, dir.string()));
  }
  if (fs::is_directory(p, ec)) throw BadInput(fmt::format("cannot write '{}': it is a directory", path));
  // The report replaces the file by a rename: a device or a pipe (/dev/null) would be replaced too.
  if (fs::exists(p, ec) && !fs::is_regular_file(p, ec)) {
    throw BadInput(fmt::format("cannot write '{}': not a regular file", path));
  }
  // access() says yes to root everywhere; creating a file is the real test (e.g. /proc refuses).
  std::string probe = (dir / ".sigheap-probe-XXXXXX").string();
  const int fd = ::mkstemp(probe.data());
  if (fd < 0) {
    throw BadInput(fmt::format("cannot write '{}': cannot create a file in '{}' ({})", path, dir.string(),
                               std::strerror(errno)));
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

report::Format parse_format_option(const std::string& value) {
  const auto format = report::format_from_string(value);
  if (!format) throw BadInput(fmt::format("--format '{}': expected table, markdown or json", value));
  return *format;
}

std::int64_t integer_option(std::string_view flag, const std::string& text, std::int64_t min, std::int64_t max,
                            std::string_view hint) {
  std::int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  const bool digits = !text.empty() && ptr == end;
  if (ec == std::errc::invalid_argument || (ec == std::errc() && !digits)) {
    throw BadInput(fmt::format("{} '{}': not an integer", flag, text));
  }
  // Out of int64's range is out of ours too, on the side of its sign: never clamped.
  if (ec == std::errc::result_out_of_range ? text[0] != '-' : v > max) {
    throw BadInput(fmt::format("{} {}: must be at most {}{}", flag, text, report::format_number(static_cast<double>(max)), hint));
  }
  if (ec == std::errc::result_out_of_range || v < min) {
    throw BadInput(fmt::format("{} {}: must be at least {}{}", flag, text, report::format_number(static_cast<double>(min)), hint));
  }
  return v;
}

unsigned jobs_option(const std::optional<std::string>& text, unsigned fallback) {
  if (!text) return fallback;
  return static_cast<unsigned>(
      integer_option("--jobs", *text, 1, kMaxJobs, " (leave --jobs out for the CPU count)"));
}

double seconds_option(std::string_view flag, const std::string& text, double max) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
    throw BadInput(fmt::format("{} '{}': not a number of seconds", flag, text));
  }
  if (!(v > 0)) throw BadInput(fmt::format("{} {}: must be positive", flag, text));
  if (v > max) throw BadInput(fmt::format("{} {}: must be at most {} seconds", flag, text, report::format_number(max)));
  return v;
}

unsigned cpu_count() {
  const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  return static_cast<unsigned>(cpus > 0 ? cpus : 1);
}

report::RenderOptions render_options(const Matrix& m, int fd) {
  report::RenderOptions opt;
  opt.width = output_width(fd);
  for (const ScenarioInfo& s : m.scenarios) {
    report::Params defaults;
    for (const ParamSpec& p : s.params) defaults.emplace_back(std::string(p.name), p.default_value);
    opt.default_params.emplace(std::string(s.name), std::move(defaults));
  }
  return opt;
}

}  // namespace sigheap
