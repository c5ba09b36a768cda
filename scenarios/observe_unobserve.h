#pragma once
// observe-unobserve: a chain of `depth` computeds switches between observed and unobserved every
// iteration: an effect subscribes to its end, the source is written, the effect is disposed, the
// source is written again and the end is read unobserved. Must stay flat.
#include <array>
#include <cstdint>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct ObserveUnobserve {
  static constexpr std::string_view name = "observe-unobserve";
  static constexpr std::string_view description =
      "a chain toggles between observed (effect) and unobserved reads; must stay flat";
  static constexpr std::array<ParamSpec, 1> params{{{"depth", 5, 1, "chain length"}}};
  static constexpr std::uint64_t default_iterations = 10000;

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& p) : depth_(static_cast<std::uint64_t>(p["depth"])) {}
    Counts shape() const { return {.signals = 1, .computeds = depth_, .effects = 0, .edges = depth_}; }

    void setup(G& g) {
      source_ = g.signal(0);
      end_ = g.computed([g = &g, s = source_] { return g->get(s) * 2; });
      for (std::uint64_t i = 1; i < depth_; ++i) end_ = g.computed([g = &g, prev = end_] { return g->get(prev) + 1; });
      checksum_ += g.get(end_);
    }
    void iteration(G& g, std::uint64_t i) {
      const auto v = static_cast<double>(2 * i + 1);
      auto e = g.effect([g = &g, self = this] { self->seen_ = g->get(self->end_); });
      g.set(source_, v);
      checksum_ += seen_;
      g.dispose(e);
      g.set(source_, v + 1);
      checksum_ += g.get(end_);
    }
    double checksum() const { return checksum_; }

   private:
    std::uint64_t depth_;
    typename G::SignalHandle source_{};
    typename G::ComputedHandle end_{};
    double seen_ = 0;
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
