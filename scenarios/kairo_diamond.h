#pragma once
// kairo-diamond (kairo "diamond"): head -> width computeds (head+1) -> sum -> effect.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct KairoDiamond {
  static constexpr std::string_view name = "kairo-diamond";
  static constexpr std::string_view description = "head -> width x (head+1) -> sum -> effect";
  static constexpr std::array<ParamSpec, 1> params{{{"width", 5, 1, "parallel computeds"}}};
  static constexpr std::uint64_t default_iterations = 20000;

  template <Reactive G>
  class Run : public HeadWriteSeen<G> {
   public:
    explicit Run(const ParamValues& p) : width_(static_cast<std::size_t>(p["width"])) { branches_.reserve(width_); }
    Counts shape() const { return {.signals = 1, .computeds = width_ + 1, .effects = 1, .edges = 2 * width_ + 1}; }

    void setup(G& g) {
      this->head_ = g.signal(0);
      for (std::size_t i = 0; i < width_; ++i) {
        branches_.push_back(g.computed([g = &g, h = this->head_] { return g->get(h) + 1; }));
      }
      auto sum = g.computed([g = &g, self = this] {
        double total = 0;
        for (auto b : self->branches_) total += g->get(b);
        return total;
      });
      g.effect([g = &g, self = this, sum] { self->seen_ = g->get(sum); });
      this->checksum_ += this->seen_;
    }

   private:
    std::size_t width_;
    std::vector<typename G::ComputedHandle> branches_;
  };
};

}  // namespace sigheap::scenarios
