#pragma once
// kairo-deep (kairo "deepPropagation"): head -> a chain of `length` computeds (each +1) -> effect.
#include <array>
#include <cstdint>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct KairoDeep {
  static constexpr std::string_view name = "kairo-deep";
  static constexpr std::string_view description = "head -> chain of length computeds (+1 each) -> effect";
  static constexpr std::array<ParamSpec, 1> params{{{"length", 50, 1, "chain length"}}};
  static constexpr std::uint64_t default_iterations = 5000;

  template <Reactive G>
  class Run : public HeadWriteSeen<G> {
   public:
    explicit Run(const ParamValues& p) : length_(static_cast<std::uint64_t>(p["length"])) {}
    Counts shape() const { return {.signals = 1, .computeds = length_, .effects = 1, .edges = length_ + 1}; }

    void setup(G& g) {
      this->head_ = g.signal(0);
      auto current = g.computed([g = &g, h = this->head_] { return g->get(h) + 1; });
      for (std::uint64_t i = 1; i < length_; ++i) {
        current = g.computed([g = &g, prev = current] { return g->get(prev) + 1; });
      }
      g.effect([g = &g, self = this, current] { self->seen_ = g->get(current); });
      this->checksum_ += this->seen_;
    }

   private:
    std::uint64_t length_;
  };
};

}  // namespace sigheap::scenarios
