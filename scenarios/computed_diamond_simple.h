#pragma once
// computed-diamond-simple, as in Lattice's benchmark of that name:
//
//   source -> left, right -> bottom
//   left:   5 rounds (j = 0..4) of r = (r*31 + j)   mod 1000007, starting from source
//   right:  5 rounds (j = 0..4) of r = (r*37 + 2*j) mod 1000007, starting from source
//   bottom: (l*l + r*r) mod 1000007, reading left then right
//
// Iteration i writes i+1 to source (so every write changes it; setup evaluated it at 0) and reads
// bottom. Values are non-negative integers below 2^53, so integer arithmetic gives exactly the
// doubles fmod would, without libm's cost.

#include <array>
#include <cstdint>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct ComputedDiamondSimple {
  static constexpr std::string_view name = "computed-diamond-simple";
  static constexpr std::string_view description =
      "source -> left, right -> bottom; each iteration writes source and reads bottom";
  static constexpr std::array<ParamSpec, 0> params{};
  static constexpr std::uint64_t default_iterations = 100000;

  static constexpr std::int64_t kModulus = 1000007;

  static double left_of(double source) {
    auto r = static_cast<std::int64_t>(source);
    for (std::int64_t j = 0; j < 5; ++j) r = (r * 31 + j) % kModulus;
    return static_cast<double>(r);
  }
  static double right_of(double source) {
    auto r = static_cast<std::int64_t>(source);
    for (std::int64_t j = 0; j < 5; ++j) r = (r * 37 + 2 * j) % kModulus;
    return static_cast<double>(r);
  }
  static double bottom_of(double l, double r) {
    const auto li = static_cast<std::int64_t>(l);
    const auto ri = static_cast<std::int64_t>(r);
    return static_cast<double>((li * li + ri * ri) % kModulus);
  }

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& /*params*/) {}

    Counts shape() const { return {.signals = 1, .computeds = 3, .effects = 0, .edges = 4}; }

    void setup(G& g) {
      source_ = g.signal(0);
      left_ = g.computed([g = &g, s = source_] { return left_of(g->get(s)); });
      right_ = g.computed([g = &g, s = source_] { return right_of(g->get(s)); });
      bottom_ = g.computed(
          [g = &g, l = left_, r = right_] { return bottom_of(g->get(l), g->get(r)); });
      checksum_ += g.get(bottom_);
    }

    void iteration(G& g, std::uint64_t i) {
      g.set(source_, static_cast<double>(i + 1));
      checksum_ += g.get(bottom_);
    }

    double checksum() const { return checksum_; }

   private:
    typename G::SignalHandle source_{};
    typename G::ComputedHandle left_{}, right_{}, bottom_{};
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
