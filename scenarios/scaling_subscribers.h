#pragma once
// scaling-subscribers (Lattice's benchmark whose memory grew with N): one signal -> n computeds
// (source * (i+1)) -> n effects. The default suite runs n = 10, 25, 50, 100.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct ScalingSubscribers {
  static constexpr std::string_view name = "scaling-subscribers";
  static constexpr std::string_view description = "1 signal -> n computeds -> n effects";
  static constexpr std::array<ParamSpec, 1> params{{{"n", 10, 1, "subscribers"}}};
  static constexpr std::array<std::array<std::int64_t, 1>, 4> param_sets{{{10}, {25}, {50}, {100}}};
  static constexpr std::uint64_t default_iterations = 5000;

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& p) : n_(static_cast<std::size_t>(p["n"])) {
      computeds_.reserve(n_);
      seen_.assign(n_, 0);
    }
    Counts shape() const { return {.signals = 1, .computeds = n_, .effects = n_, .edges = 2 * n_}; }

    void setup(G& g) {
      source_ = g.signal(0);
      for (std::size_t i = 0; i < n_; ++i) {
        computeds_.push_back(
            g.computed([g = &g, s = source_, i] { return g->get(s) * static_cast<double>(i + 1); }));
        g.effect([g = &g, self = this, i] { self->seen_[i] = g->get(self->computeds_[i]); });
      }
      add_seen();
    }
    void iteration(G& g, std::uint64_t i) {
      g.set(source_, static_cast<double>(i + 1));
      add_seen();
    }
    double checksum() const { return checksum_; }

   private:
    void add_seen() {
      for (double v : seen_) checksum_ += v;
    }
    std::size_t n_;
    typename G::SignalHandle source_{};
    std::vector<typename G::ComputedHandle> computeds_;
    std::vector<double> seen_;
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
