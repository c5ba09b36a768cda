#pragma once
// mol-bench (js-reactivity-benchmark's molBench, after $mol_wire's benchmark): A, B -> C, D, E, F,
// G -> effects H, I, J, with JS's short-circuit reads (`||`). D's array of {x} objects is encoded
// by its offset (D[k].x = k + D); hard(n) = n + fib(16) uses the constant 987 instead of a
// recursive fib: user work, not graph work. Effects record what they saw; each iteration is one
// of the original's batches.
#include <array>
#include <cstdint>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap::scenarios {

struct MolBench {
  static constexpr std::string_view name = "mol-bench";
  static constexpr std::string_view description = "the $mol_wire graph: 2 signals, 5 computeds, 3 effects, batched writes";
  static constexpr std::array<ParamSpec, 0> params{};
  static constexpr std::uint64_t default_iterations = 20000;

  static constexpr double kFib16 = 987;
  static std::int64_t mod2(double v) { return static_cast<std::int64_t>(v) % 2; }

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues&) {}
    // At setup A = B = 0: F reads D only (D[2].x = 2 is truthy); G reads C, E (C is 0), D, F.
    Counts shape() const { return {.signals = 2, .computeds = 5, .effects = 3, .edges = 15}; }

    void setup(G& g) {
      a_ = g.signal(0);
      b_ = g.signal(0);
      c_ = g.computed([g = &g, self = this] {
        return static_cast<double>(mod2(g->get(self->a_)) + mod2(g->get(self->b_)));
      });
      d_ = g.computed([g = &g, self = this] {
        return static_cast<double>(mod2(g->get(self->a_)) - mod2(g->get(self->b_)));
      });
      e_ = g.computed([g = &g, self = this] {
        return g->get(self->c_) + g->get(self->a_) + (0 + g->get(self->d_)) + kFib16;
      });
      f_ = g.computed([g = &g, self = this] {
        const double d2 = 2 + g->get(self->d_);
        return (d2 != 0 ? d2 : g->get(self->b_)) + kFib16;
      });
      g_ = g.computed([g = &g, self = this] {
        const double c = g->get(self->c_);
        const double c_or_e = c != 0 ? g->get(self->c_) : static_cast<double>(mod2(g->get(self->e_)));
        return c + c_or_e + (4 + g->get(self->d_)) + g->get(self->f_);
      });
      g.effect([g = &g, self = this] { self->seen_[0] = g->get(self->g_) + kFib16; });
      g.effect([g = &g, self = this] { self->seen_[1] = g->get(self->g_); });
      g.effect([g = &g, self = this] { self->seen_[2] = g->get(self->f_) + kFib16; });
      add_seen();
    }
    void iteration(G& g, std::uint64_t i) {
      const auto j = static_cast<double>(i / 2);
      if (i % 2 == 0) {
        g.batch([&] {
          g.set(b_, 1);
          g.set(a_, 1 + j * 2);
        });
      } else {
        g.batch([&] {
          g.set(a_, 2 + j * 2);
          g.set(b_, 2);
        });
      }
      add_seen();
    }
    double checksum() const { return checksum_; }

   private:
    void add_seen() { checksum_ += seen_[0] + 2 * seen_[1] + 3 * seen_[2]; }
    typename G::SignalHandle a_{}, b_{};
    typename G::ComputedHandle c_{}, d_{}, e_{}, f_{}, g_{};
    double seen_[3] = {};
    double checksum_ = 0;
  };
};

}  // namespace sigheap::scenarios
