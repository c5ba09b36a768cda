#pragma once
// A test-only model whose speed has a knob: preact-like, made about SIGHEAP_TEST_SLOWDOWN times
// slower (the environment variable, a factor of at least 1; 1 when unset), to prove that the
// timing gate catches a real slowdown. Registered only in the tests' own CLI binary
// (sigheap-test-cli). Memory figures stay preact-like's: the padding allocates nothing.
//
// The padding is a fixed amount of work per tracked read and per write — the calls a steady
// iteration consists of — so that it is the same instruction count run after run, as the timing
// gate's instruction counter needs (an earlier knob spun on the clock for (factor - 1) times the
// work's wall time: exact in CPU time, but under callgrind the spin's instruction count followed
// the machine's load). Each call runs (factor - 1) * kRoundsPerCall rounds of an empty loop of
// three instructions, about what preact-like spends per call on these scenarios (155 to 235
// instructions on computed-diamond-simple, kairo-triangle and kairo-deep), so factor 2 gives
// 1.8 to 2.3 times the instructions (measured: docs/ci.md, "How far to trust it"). In CPU time
// the same padding slows a little less (the loop runs at one round per cycle, the model's code
// at a few instructions per cycle).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "impls/preact-like/preact_like.h"

namespace sigheap::testing {

class SlowdownGraph : public preact_like::Graph {
 public:
  static constexpr std::string_view name = "slowdown-knob";
  static constexpr std::string_view description =
      "test-only: preact-like, about SIGHEAP_TEST_SLOWDOWN times the instructions";

  double get(SignalHandle s) {
    pad();
    return preact_like::Graph::get(s);
  }
  double get(ComputedHandle c) {
    pad();
    return preact_like::Graph::get(c);
  }
  void set(SignalHandle s, double v) {
    pad();
    preact_like::Graph::set(s, v);
  }

 private:
  static constexpr double kRoundsPerCall = 64;

  static void pad() {
    static const std::uint64_t rounds = [] {
      const char* text = std::getenv("SIGHEAP_TEST_SLOWDOWN");
      const double factor = text == nullptr ? 1.0 : std::strtod(text, nullptr);
      return factor > 1.0 ? static_cast<std::uint64_t>((factor - 1) * kRoundsPerCall) : 0;
    }();
    // The empty asm statement keeps the compiler from removing or folding the loop.
    for (std::uint64_t i = 0; i < rounds; ++i) asm volatile("");
  }
};

}  // namespace sigheap::testing
