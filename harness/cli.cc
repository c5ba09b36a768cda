#include "harness/cli.h"

#include <fmt/format.h>

#include <unistd.h>

#include <iostream>

#include "harness/commands.h"
#include "harness/interrupt.h"
#include "reports/errors.h"

namespace sigheap {

int cli_main(int argc, char** argv, const Matrix& matrix) {
  CLI::App app{
      "sigheap: exact memory profiles of reactive-graph (signals) models.\n"
      "Runs models x scenarios under a counting allocator over jemalloc and reports bytes per\n"
      "phase (setup / steady / teardown) and per object (signal, computed, edge, effect, graph).",
      "sigheap"};
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success, 1 a regression or a failed measurement, 2 bad usage or bad input.\n"
      "Start with `sigheap list` and `sigheap run --help`. Reports: sigheap.report/1 (reports/schema/).");
  app.set_version_flag("--version", std::string(SIGHEAP_VERSION));
  const Invocation inv{argc, argv, matrix};
  const std::vector<Command> commands = {
      add_list_command(app, inv),
      add_run_command(app, inv),
      add_diff_command(app, inv),
      add_gate_command(app, inv),
      add_render_command(app, inv),
      add_investigate_command(app, inv),
  };

  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    std::string names;
    for (const Command& c : commands) {
      known = known || c.sub->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + c.sub->get_name();
    }
    if (!known) {
      std::cerr << "sigheap: unknown command '" << argv[1] << "' (valid: " << names << ")\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    if (what.empty()) what = e.get_name();
    std::cerr << "sigheap: " << what << " (see 'sigheap --help')\n";
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

}  // namespace sigheap
