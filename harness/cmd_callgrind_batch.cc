// `sigheap callgrind-batch FILE`: not for people (hidden from --help). `run --time-counter
// instructions` starts it under valgrind to take a batch of cells through the timing pass
// (harness/callgrind_batch.h, harness/instruction_timing.h).
#include <memory>
#include <string>

#include "harness/callgrind_batch.h"
#include "harness/commands.h"
#include "reports/atomic_write.h"

namespace sigheap {

Command add_callgrind_batch_command(CLI::App& app, const Invocation& inv) {
  auto file = std::make_shared<std::string>();
  auto* sub =
      app.add_subcommand("callgrind-batch", "Internal: the timing pass of run --time-counter instructions");
  sub->group("");  // hidden
  sub->add_option("FILE", *file, "The batch (JSON), written by sigheap run")->required();
  return {sub,
          [file, &inv] { return run_callgrind_batch(inv.matrix, batch_from_json(read_file(*file), *file)); }};
}

}  // namespace sigheap
