#pragma once
// kairo-broad (kairo "broadPropagation"): head feeds `width` pairs current_i = head + i ->
// current2_i = current_i + 1, each observed by an effect. One write reaches every pair.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct KairoBroad {
  static constexpr std::string_view name = "kairo-broad";
  static constexpr std::string_view description =
      "head -> width x (head+i -> +1 -> effect); one write reaches every branch";
  static constexpr std::array<ParamSpec, 1> params{{{"width", 50, 1, "branches"}}};
  static constexpr std::uint64_t default_iterations = 2000;

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& p) : width_(static_cast<std::size_t>(p["width"])) {
      second_.reserve(width_);
      seen_.assign(width_, 0);
    }
    Counts shape() const { return {.signals = 1, .computeds = 2 * width_, .effects = width_, .edges = 3 * width_}; }

    void setup(G& g) {
      head_ = g.signal(0);
      for (std::size_t i = 0; i < width_; ++i) {
        auto first = g.computed([g = &g, h = head_, i] { return g->get(h) + static_cast<double>(i); });
        second_.push_back(g.computed([g = &g, first] { return g->get(first) + 1; }));
        g.effect([g = &g, self = this, i] { self->seen_[i] = g->get(self->second_[i]); });
      }
      add_seen();
    }
    void iteration(G& g, std::uint64_t i) {
      g.set(head_, static_cast<double>(i + 1));
      add_seen();
    }
    double checksum() const { return checksum_; }

   private:
    void add_seen() {
      for (double v : seen_) checksum_ += v;
    }
    std::size_t width_;
    typename G::SignalHandle head_{};
    std::vector<typename G::ComputedHandle> second_;
    std::vector<double> seen_;
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
