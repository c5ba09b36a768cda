#pragma once
// creation: setup-heavy. Builds n signals and n computeds (each reading one signal) and
// evaluates every computed; the steady phase writes one signal and reads its computed.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct Creation {
  static constexpr std::string_view name = "creation";
  static constexpr std::string_view description = "build n signals + n computeds (setup-heavy)";
  static constexpr std::array<ParamSpec, 1> params{{{"n", 100000, 1, "signals and computeds"}}};
  static constexpr std::uint64_t default_iterations = 1000;

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& p) : n_(static_cast<std::size_t>(p["n"])) {
      signals_.reserve(n_);
      computeds_.reserve(n_);
    }
    Counts shape() const { return {.signals = n_, .computeds = n_, .effects = 0, .edges = n_}; }

    void setup(G& g) {
      for (std::size_t i = 0; i < n_; ++i) {
        signals_.push_back(g.signal(static_cast<double>(i)));
        computeds_.push_back(g.computed([g = &g, s = signals_.back()] { return g->get(s) * 2; }));
      }
      for (auto c : computeds_) checksum_ += g.get(c);
    }
    void iteration(G& g, std::uint64_t i) {
      const std::size_t k = i % n_;
      g.set(signals_[k], static_cast<double>(n_ + i));
      checksum_ += g.get(computeds_[k]);
    }
    double checksum() const { return checksum_; }

   private:
    std::size_t n_;
    std::vector<typename G::SignalHandle> signals_;
    std::vector<typename G::ComputedHandle> computeds_;
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
