#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a run: the handler only records the signal; the runner sees
// it between polls, kills and reaps every worker it started, and throws Interrupted, which the
// CLI turns into one "interrupted" line and exit status 128 + the signal. Workers reset both
// signals to their default action, so a Ctrl-C that reaches the whole process group ends them too.

#include <stdexcept>

namespace sigheap {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

// Installs the recording handler for SIGINT and SIGTERM (without SA_RESTART, so a blocking poll
// or wait returns). Called by the CLI before it starts work.
void install_interrupt_handlers();

// In a freshly forked worker: the default action for SIGINT and SIGTERM again.
void reset_interrupt_handlers();

// The signal received since install_interrupt_handlers(), or 0.
int interrupt_signal();

// Throws Interrupted when a signal was received.
void throw_if_interrupted();

}  // namespace sigheap
