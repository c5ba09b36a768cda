#pragma once
// kairo-unstable (kairo "unstable"): current reads head 20 times and, by head's parity, either
// double (head*2) or inverse (-head): its dependency set flips on every write.
#include <array>
#include <cstdint>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct KairoUnstable {
  static constexpr std::string_view name = "kairo-unstable";
  static constexpr std::string_view description =
      "current reads head and, by parity, double or inverse (20x): dependencies flip every write";
  static constexpr std::array<ParamSpec, 0> params{};
  static constexpr std::uint64_t default_iterations = 20000;

  template <Reactive G>
  class Run : public HeadWriteSeen<G> {
   public:
    explicit Run(const ParamValues&) {}
    // At setup head = 0 (even): current reads head and inverse; double is never read.
    Counts shape() const { return {.signals = 1, .computeds = 3, .effects = 1, .edges = 4}; }

    void setup(G& g) {
      this->head_ = g.signal(0);
      double_ = g.computed([g = &g, h = this->head_] { return g->get(h) * 2; });
      inverse_ = g.computed([g = &g, h = this->head_] { return -g->get(h); });
      auto current = g.computed([g = &g, self = this] {
        double total = 0;
        for (int k = 0; k < 20; ++k) {
          const auto h = static_cast<std::int64_t>(g->get(self->head_));
          total += h % 2 != 0 ? g->get(self->double_) : g->get(self->inverse_);
        }
        return total;
      });
      g.effect([g = &g, self = this, current] { self->seen_ = g->get(current); });
      this->checksum_ += this->seen_;
    }

   private:
    typename G::ComputedHandle double_{}, inverse_{};
  };
};

}  // namespace sigheap::scenarios
