#pragma once
// kairo-mux (kairo "mux"): `width` heads -> one mux computed reading all of them -> per head a
// split computed (mux()[i]) -> +1 -> effect. The original mux builds a new object on every run,
// so its value always changes; here it copies the heads into the scenario's own buffer (reserved
// before measurement) and returns a new generation number, which changes just the same.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct KairoMux {
  static constexpr std::string_view name = "kairo-mux";
  static constexpr std::string_view description =
      "width heads -> mux (reads all) -> width x (split -> +1 -> effect); writes the first 10 heads";
  static constexpr std::array<ParamSpec, 1> params{{{"width", 100, 1, "heads"}}};
  static constexpr std::uint64_t default_iterations = 2000;

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& p) : width_(static_cast<std::size_t>(p["width"])) {
      heads_.reserve(width_);
      values_.assign(width_, 0);
      seen_.assign(width_, 0);
      outs_.reserve(width_);
    }
    Counts shape() const {
      return {.signals = width_, .computeds = 2 * width_ + 1, .effects = width_, .edges = 4 * width_};
    }

    void setup(G& g) {
      for (std::size_t i = 0; i < width_; ++i) heads_.push_back(g.signal(0));
      mux_ = g.computed([g = &g, self = this] {
        for (std::size_t i = 0; i < self->width_; ++i) self->values_[i] = g->get(self->heads_[i]);
        return static_cast<double>(++self->generation_);
      });
      for (std::size_t i = 0; i < width_; ++i) {
        auto split = g.computed([g = &g, self = this, i] {
          g->get(self->mux_);
          return self->values_[i];
        });
        outs_.push_back(g.computed([g = &g, split] { return g->get(split) + 1; }));
        g.effect([g = &g, self = this, i] { self->seen_[i] = g->get(self->outs_[i]); });
      }
      add_seen();
    }
    void iteration(G& g, std::uint64_t i) {
      g.set(heads_[i % std::min<std::size_t>(10, width_)], static_cast<double>(i + 1));
      add_seen();
    }
    double checksum() const { return checksum_; }

   private:
    void add_seen() {
      for (double v : seen_) checksum_ += v;
    }
    std::size_t width_;
    std::vector<typename G::SignalHandle> heads_;
    typename G::ComputedHandle mux_{};
    std::vector<typename G::ComputedHandle> outs_;
    std::vector<double> values_;
    std::vector<double> seen_;
    std::uint64_t generation_ = 0;
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
