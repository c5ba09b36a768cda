#pragma once
// cellx (js-reactivity-benchmark's cellx bench): `layers` layers of 4 computeds, each layer
// reading the previous: p1 = b, p2 = a - c, p3 = b + d, p4 = c; every computed observed by an
// effect. Each iteration writes all 4 start signals in one batch (alternating 4,3,2,1 and
// 1,2,3,4) and reads the last layer.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct Cellx {
  static constexpr std::string_view name = "cellx";
  static constexpr std::string_view description =
      "layers x 4 computeds (each observed by an effect), batch-write 4 signals, read the end";
  static constexpr std::array<ParamSpec, 1> params{{{"layers", 1000, 1, "layers (2500, 5000 selectable)"}}};
  static constexpr std::uint64_t default_iterations = 100;

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& p) : layers_(static_cast<std::uint64_t>(p["layers"])) {
      nodes_.reserve(4 * layers_);
    }
    Counts shape() const {
      return {.signals = 4, .computeds = 4 * layers_, .effects = 4 * layers_, .edges = 10 * layers_};
    }

    void setup(G& g) {
      for (int k = 0; k < 4; ++k) start_[k] = g.signal(k + 1);
      for (std::size_t layer = 0; layer < layers_; ++layer) {
        nodes_.push_back(g.computed([g = &g, self = this, layer] { return read_prev(g, self, layer, 1); }));
        nodes_.push_back(g.computed([g = &g, self = this, layer] {
          return read_prev(g, self, layer, 0) - read_prev(g, self, layer, 2);
        }));
        nodes_.push_back(g.computed([g = &g, self = this, layer] {
          return read_prev(g, self, layer, 1) + read_prev(g, self, layer, 3);
        }));
        nodes_.push_back(g.computed([g = &g, self = this, layer] { return read_prev(g, self, layer, 2); }));
        for (std::size_t k = 0; k < 4; ++k) {
          auto node = nodes_[4 * layer + k];
          g.effect([g = &g, node] { g->get(node); });
        }
        for (std::size_t k = 0; k < 4; ++k) g.get(nodes_[4 * layer + k]);
      }
      read_end(g);
    }
    void iteration(G& g, std::uint64_t i) {
      static constexpr double kValues[2][4] = {{4, 3, 2, 1}, {1, 2, 3, 4}};
      const double* v = kValues[i % 2];
      g.batch([&] {
        for (int k = 0; k < 4; ++k) g.set(start_[k], v[k]);
      });
      read_end(g);
    }
    double checksum() const { return checksum_; }

   private:
    static double read_prev(G* g, Run* self, std::size_t layer, int k) {
      return layer == 0 ? g->get(self->start_[k]) : g->get(self->nodes_[4 * (layer - 1) + k]);
    }
    void read_end(G& g) {
      for (std::size_t k = 0; k < 4; ++k) checksum_ += g.get(nodes_[4 * (layers_ - 1) + k]) * static_cast<double>(k + 1);
    }
    std::uint64_t layers_;
    std::array<typename G::SignalHandle, 4> start_{};
    std::vector<typename G::ComputedHandle> nodes_;
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
