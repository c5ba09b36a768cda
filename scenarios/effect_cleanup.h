#pragma once
// effect-cleanup: a signal and `width` computeds stay; every iteration creates an effect reading
// all of them, writes the signal (the effect re-runs), and disposes the effect. Nothing may
// accumulate: the steady phase must stay flat (retained growth 0).
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct EffectCleanup {
  static constexpr std::string_view name = "effect-cleanup";
  static constexpr std::string_view description =
      "per iteration: create an effect over width computeds, write, dispose; must stay flat";
  static constexpr std::array<ParamSpec, 1> params{{{"width", 10, 1, "computeds the effect reads"}}};
  static constexpr std::uint64_t default_iterations = 10000;

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& p) : width_(static_cast<std::size_t>(p["width"])) { computeds_.reserve(width_); }
    Counts shape() const { return {.signals = 1, .computeds = width_, .effects = 0, .edges = width_}; }

    void setup(G& g) {
      source_ = g.signal(0);
      for (std::size_t i = 0; i < width_; ++i) {
        computeds_.push_back(g.computed([g = &g, s = source_, i] { return g->get(s) + static_cast<double>(i); }));
        checksum_ += g.get(computeds_.back());
      }
    }
    void iteration(G& g, std::uint64_t i) {
      auto e = g.effect([g = &g, self = this] {
        double total = 0;
        for (auto c : self->computeds_) total += g->get(c);
        self->seen_ = total;
      });
      g.set(source_, static_cast<double>(i + 1));
      checksum_ += seen_;
      g.dispose(e);
    }
    double checksum() const { return checksum_; }

   private:
    std::size_t width_;
    typename G::SignalHandle source_{};
    std::vector<typename G::ComputedHandle> computeds_;
    double seen_ = 0;
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
