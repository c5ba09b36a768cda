#pragma once
// A test-only model whose speed has a knob: preact-like, made SIGHEAP_TEST_SLOWDOWN times slower
// (the environment variable, a factor of at least 1; 1 when unset). Each write first spins for
// (factor - 1) times the time of the work since the previous write began (that write, its
// propagation and effects, the scenario's reads), so all of it takes `factor` times as long, and
// a steady iteration with it. Memory figures stay preact-like's; only time changes.
// Registered only in the tests' own CLI binary (sigheap-test-cli), to prove that the timing gate
// catches a real slowdown.
#include <chrono>
#include <cstdlib>
#include <string_view>

#include "impls/preact-like/preact_like.h"

namespace sigheap::testing {

class SlowdownGraph : public preact_like::Graph {
 public:
  static constexpr std::string_view name = "slowdown-knob";
  static constexpr std::string_view description = "test-only: preact-like, SIGHEAP_TEST_SLOWDOWN times slower";

  void set(SignalHandle s, double v) {
    // The vDSO clock: cheap beside the work it pads (a CPU-time clock is a system call).
    const Clock::time_point now = Clock::now();
    if (started_) {
      const auto until = now + (now - work_since_) * (factor() - 1);
      while (Clock::now() < until) {
      }
    }
    started_ = true;
    work_since_ = Clock::now();
    preact_like::Graph::set(s, v);
  }

 private:
  using Clock = std::chrono::steady_clock;

  static double factor() {
    static const double f = [] {
      const char* text = std::getenv("SIGHEAP_TEST_SLOWDOWN");
      const double v = text == nullptr ? 1.0 : std::strtod(text, nullptr);
      return v > 1.0 ? v : 1.0;
    }();
    return f;
  }

  bool started_ = false;
  Clock::time_point work_since_;  // when the work to be slowed began
};

}  // namespace sigheap::testing
