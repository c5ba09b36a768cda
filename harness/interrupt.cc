#include "harness/interrupt.h"

#include <signal.h>
#include <string.h>

#include <csignal>
#include <string>

namespace sigheap {

namespace {

volatile std::sig_atomic_t g_signal = 0;

void record(int sig) { g_signal = sig; }

void set_action(int sig, void (*handler)(int)) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll() and waitpid() return EINTR, and the runner looks
  ::sigaction(sig, &sa, nullptr);
}

std::string describe(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

}  // namespace

Interrupted::Interrupted(int signal) : std::runtime_error("interrupted by " + describe(signal)), signal_(signal) {}

void install_interrupt_handlers() {
  set_action(SIGINT, record);
  set_action(SIGTERM, record);
}

void reset_interrupt_handlers() {
  set_action(SIGINT, SIG_DFL);
  set_action(SIGTERM, SIG_DFL);
}

int interrupt_signal() { return g_signal; }

void throw_if_interrupted() {
  if (const int sig = g_signal; sig != 0) throw Interrupted(sig);
}

}  // namespace sigheap
