#pragma once
// computed-chain-deep: source -> depth computeds, each (prev + 1); write source, read the end.
#include <array>
#include <cstdint>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct ComputedChainDeep {
  static constexpr std::string_view name = "computed-chain-deep";
  static constexpr std::string_view description = "source -> chain of depth computeds; write source, read the end";
  static constexpr std::array<ParamSpec, 1> params{{{"depth", 50, 1, "chain length"}}};
  static constexpr std::uint64_t default_iterations = 10000;

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& p) : depth_(static_cast<std::uint64_t>(p["depth"])) {}
    Counts shape() const { return {.signals = 1, .computeds = depth_, .effects = 0, .edges = depth_}; }

    void setup(G& g) {
      source_ = g.signal(0);
      end_ = g.computed([g = &g, s = source_] { return g->get(s) + 1; });
      for (std::uint64_t i = 1; i < depth_; ++i) end_ = g.computed([g = &g, prev = end_] { return g->get(prev) + 1; });
      checksum_ += g.get(end_);
    }
    void iteration(G& g, std::uint64_t i) {
      g.set(source_, static_cast<double>(i + 1));
      checksum_ += g.get(end_);
    }
    double checksum() const { return checksum_; }

   private:
    std::uint64_t depth_;
    typename G::SignalHandle source_{};
    typename G::ComputedHandle end_{};
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
