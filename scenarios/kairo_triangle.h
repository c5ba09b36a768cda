#pragma once
// kairo-triangle (kairo "triangle"): a chain head -> c1 -> ... -> c(width), and a sum computed
// reading head..c(width-1) -> effect. As in the original, the last link c(width) is created but
// never read.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct KairoTriangle {
  static constexpr std::string_view name = "kairo-triangle";
  static constexpr std::string_view description = "chain of width nodes; sum reads all of them -> effect";
  static constexpr std::array<ParamSpec, 1> params{{{"width", 10, 2, "nodes in the chain, head included"}}};
  static constexpr std::uint64_t default_iterations = 10000;

  template <Reactive G>
  class Run : public HeadWriteSeen<G> {
   public:
    explicit Run(const ParamValues& p) : width_(static_cast<std::size_t>(p["width"])) { chain_.reserve(width_); }
    // Chain: width computeds (the last unread); sum reads width nodes; the effect reads sum.
    Counts shape() const {
      return {.signals = 1, .computeds = width_ + 1, .effects = 1, .edges = (width_ - 1) + width_ + 1};
    }

    void setup(G& g) {
      this->head_ = g.signal(0);
      auto prev = g.computed([g = &g, h = this->head_] { return g->get(h) + 1; });
      chain_.push_back(prev);
      for (std::size_t i = 2; i < width_; ++i) {
        prev = g.computed([g = &g, prev] { return g->get(prev) + 1; });
        chain_.push_back(prev);
      }
      g.computed([g = &g, prev] { return g->get(prev) + 1; });  // the unread last link
      auto sum = g.computed([g = &g, self = this] {
        double total = g->get(self->head_);
        for (auto c : self->chain_) total += g->get(c);
        return total;
      });
      g.effect([g = &g, self = this, sum] { self->seen_ = g->get(sum); });
      this->checksum_ += this->seen_;
    }

   private:
    std::size_t width_;
    std::vector<typename G::ComputedHandle> chain_;
  };
};

}  // namespace sigheap::scenarios
