#pragma once
// kairo-repeated (kairo "repeatedObservers"): one computed reads the same head `reads` times.
#include <array>
#include <cstdint>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct KairoRepeated {
  static constexpr std::string_view name = "kairo-repeated";
  static constexpr std::string_view description = "one computed reads head `reads` times -> effect";
  static constexpr std::array<ParamSpec, 1> params{{{"reads", 30, 1, "reads of head per run"}}};
  static constexpr std::uint64_t default_iterations = 20000;

  template <Reactive G>
  class Run : public HeadWriteSeen<G> {
   public:
    explicit Run(const ParamValues& p) : reads_(p["reads"]) {}
    Counts shape() const { return {.signals = 1, .computeds = 1, .effects = 1, .edges = 2}; }

    void setup(G& g) {
      this->head_ = g.signal(0);
      auto current = g.computed([g = &g, self = this] {
        double total = 0;
        for (std::int64_t k = 0; k < self->reads_; ++k) total += g->get(self->head_);
        return total;
      });
      g.effect([g = &g, self = this, current] { self->seen_ = g->get(current); });
      this->checksum_ += this->seen_;
    }

   private:
    std::int64_t reads_;
  };
};

}  // namespace sigheap::scenarios
