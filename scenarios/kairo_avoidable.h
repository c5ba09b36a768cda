#pragma once
// kairo-avoidable (js-reactivity-benchmark, kairo "avoidablePropagation"): head -> c1 -> c2
// (reads c1, always 0) -> c3 = c2+1 -> c4 = c3+2 -> c5 = c4+3 -> effect. A write to head
// recomputes c1 and c2, and c2's unchanged value should stop the rest. The original's busy()
// loops are left out: they are user work, not graph work.
#include <array>
#include <cstdint>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct KairoAvoidable {
  static constexpr std::string_view name = "kairo-avoidable";
  static constexpr std::string_view description =
      "head -> c1 -> c2 (constant) -> c3 -> c4 -> c5 -> effect; propagation should stop at c2";
  static constexpr std::array<ParamSpec, 0> params{};
  static constexpr std::uint64_t default_iterations = 20000;

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues&) {}
    Counts shape() const { return {.signals = 1, .computeds = 5, .effects = 1, .edges = 6}; }

    void setup(G& g) {
      head_ = g.signal(0);
      auto c1 = g.computed([g = &g, h = head_] { return g->get(h); });
      auto c2 = g.computed([g = &g, c1] { return g->get(c1) * 0; });
      auto c3 = g.computed([g = &g, c2] { return g->get(c2) + 1; });
      auto c4 = g.computed([g = &g, c3] { return g->get(c3) + 2; });
      c5_ = g.computed([g = &g, c4] { return g->get(c4) + 3; });
      g.effect([g = &g, self = this] { self->seen_ = g->get(self->c5_); });
      checksum_ += seen_;
    }
    void iteration(G& g, std::uint64_t i) {
      g.batch([&] { g.set(head_, static_cast<double>(i + 1)); });
      checksum_ += seen_;
    }
    double checksum() const { return checksum_; }

   private:
    typename G::SignalHandle head_{};
    typename G::ComputedHandle c5_{};
    double seen_ = 0;
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
