#pragma once
// computed-diamond-wide: source -> width paths ((source*(i+1) + i) mod 1000007) -> bottom (sum
// mod 1000007). Each iteration writes source and reads bottom.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct ComputedDiamondWide {
  static constexpr std::string_view name = "computed-diamond-wide";
  static constexpr std::string_view description = "source -> width paths -> bottom; write source, read bottom";
  static constexpr std::array<ParamSpec, 1> params{{{"width", 10, 1, "paths"}}};
  static constexpr std::uint64_t default_iterations = 20000;
  static constexpr std::int64_t kModulus = 1000007;

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& p) : width_(static_cast<std::size_t>(p["width"])) { paths_.reserve(width_); }
    Counts shape() const { return {.signals = 1, .computeds = width_ + 1, .effects = 0, .edges = 2 * width_}; }

    void setup(G& g) {
      source_ = g.signal(0);
      for (std::size_t i = 0; i < width_; ++i) {
        paths_.push_back(g.computed([g = &g, s = source_, i] {
          const auto v = static_cast<std::int64_t>(g->get(s));
          const auto k = static_cast<std::int64_t>(i);
          return static_cast<double>((v * (k + 1) + k) % kModulus);
        }));
      }
      bottom_ = g.computed([g = &g, self = this] {
        std::int64_t sum = 0;
        for (auto p : self->paths_) sum += static_cast<std::int64_t>(g->get(p));
        return static_cast<double>(sum % kModulus);
      });
      checksum_ += g.get(bottom_);
    }
    void iteration(G& g, std::uint64_t i) {
      g.set(source_, static_cast<double>(i + 1));
      checksum_ += g.get(bottom_);
    }
    double checksum() const { return checksum_; }

   private:
    std::size_t width_;
    typename G::SignalHandle source_{};
    std::vector<typename G::ComputedHandle> paths_;
    typename G::ComputedHandle bottom_{};
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
