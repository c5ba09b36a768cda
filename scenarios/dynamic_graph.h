#pragma once
// Seeded dynamic graphs, after js-reactivity-benchmark's `makeGraph` configurations: a first
// layer of `width` signals, then `layers - 1` layers of `width` computeds, each reading `sources`
// consecutive nodes of the previous layer from a random offset. Static computeds always read all
// their sources; dynamic ones read the first and, only when it is even, the rest. Each iteration
// writes one signal and reads a fraction of the last layer. A small generator of our own
// (SplitMix64, impls/reactive.h) makes the same graph for every model. Values stay integers mod 1000003.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::scenarios {

template <class Config>
struct DynamicGraph {
  static constexpr std::string_view name = Config::name;
  static constexpr std::string_view description = Config::description;
  static constexpr std::array<ParamSpec, 6> params{{
      {"width", Config::width, 1, "nodes per layer"},
      {"layers", Config::layers, 2, "layers, the first of signals"},
      {"sources", Config::sources, 1, "sources each computed reads (at most width)"},
      {"static_permille", Config::static_permille, 0, "per mille of computeds with a fixed read set"},
      {"read_permille", Config::read_permille, 1, "per mille of the last layer read per iteration"},
      {"seed", 1, 0, "graph seed"},
  }};
  static constexpr std::uint64_t default_iterations = Config::iterations;
  static constexpr std::int64_t kModulus = 1000003;

  struct NodeSpec {
    std::uint32_t first_source;  // offset into the previous layer
    bool dynamic;
  };

  template <Reactive G>
  class Run {
   public:
    explicit Run(const ParamValues& p)
        : width_(static_cast<std::size_t>(p["width"])),
          layers_(static_cast<std::size_t>(p["layers"])),
          sources_(std::min(static_cast<std::size_t>(p["sources"]), width_)),
          reads_(std::max<std::size_t>(1, width_ * static_cast<std::size_t>(p["read_permille"]) / 1000)) {
      SplitMix64 rng(static_cast<std::uint64_t>(p["seed"]) * 0x9e3779b97f4a7c15ULL + 12345);
      const auto static_permille = static_cast<std::uint64_t>(p["static_permille"]);
      for (std::size_t n = 0; n < width_ * (layers_ - 1); ++n) {
        const auto first = static_cast<std::uint32_t>(rng.next() % width_);
        specs_.push_back({first, rng.next() % 1000 >= static_permille});
      }
      computeds_.reserve(specs_.size());
      signals_.reserve(width_);
      expected_edges_ = count_initial_edges();
    }

    Counts shape() const {
      return {.signals = width_, .computeds = specs_.size(), .effects = 0, .edges = expected_edges_};
    }

    void setup(G& g) {
      for (std::size_t j = 0; j < width_; ++j) signals_.push_back(g.signal(static_cast<double>(j)));
      for (std::size_t n = 0; n < specs_.size(); ++n) {
        computeds_.push_back(g.computed([g = &g, self = this, n] { return self->evaluate(*g, n); }));
      }
      for (std::size_t j = 0; j < width_; ++j) checksum_ += g.get(leaf(j));
    }

    void iteration(G& g, std::uint64_t i) {
      g.set(signals_[i % width_], static_cast<double>(i + width_));
      for (std::size_t j = 0; j < reads_; ++j) checksum_ += g.get(leaf(j));
    }

    double checksum() const { return checksum_; }

   private:
    typename G::ComputedHandle leaf(std::size_t j) const { return computeds_[computeds_.size() - width_ + j]; }

    // Node n's k-th source, as an index into the previous layer.
    std::size_t source(std::size_t n, std::size_t k) const { return (specs_[n].first_source + k) % width_; }

    // The rule both the models and count_initial_edges follow: `value(prev, k)` reads source k.
    template <class ReadSource>
    static double rule(const NodeSpec& spec, std::size_t sources, ReadSource&& value) {
      const auto first = static_cast<std::int64_t>(value(0));
      std::int64_t sum = first;
      if (!spec.dynamic || first % 2 == 0) {
        for (std::size_t k = 1; k < sources; ++k) sum += static_cast<std::int64_t>(value(k));
      }
      return static_cast<double>((sum + 1) % kModulus);
    }

    double evaluate(G& g, std::size_t n) {
      const std::size_t layer = n / width_;  // 0: reads the signals
      return rule(specs_[n], sources_, [&](std::size_t k) {
        const std::size_t s = source(n, k);
        return layer == 0 ? g.get(signals_[s]) : g.get(computeds_[(layer - 1) * width_ + s]);
      });
    }

    // Direct evaluation at the initial values: which computeds the setup evaluates (all leaves,
    // and what they read), and how many distinct sources each of those reads.
    std::uint64_t count_initial_edges() const {
      const std::size_t total = specs_.size();
      std::vector<double> value(total);
      std::vector<std::size_t> read_count(total);
      for (std::size_t n = 0; n < total; ++n) {
        const std::size_t layer = n / width_;
        std::size_t reads = 0;
        value[n] = rule(specs_[n], sources_, [&](std::size_t k) {
          ++reads;
          const std::size_t s = source(n, k);
          return layer == 0 ? static_cast<double>(s) : value[(layer - 1) * width_ + s];
        });
        read_count[n] = reads;
      }
      std::vector<bool> evaluated(total, false);
      for (std::size_t j = 0; j < width_; ++j) evaluated[total - width_ + j] = true;
      std::uint64_t edges = 0;
      for (std::size_t n = total; n-- > 0;) {
        if (!evaluated[n]) continue;
        edges += read_count[n];
        if (n < width_) continue;
        for (std::size_t k = 0; k < read_count[n]; ++k) evaluated[(n / width_ - 1) * width_ + source(n, k)] = true;
      }
      return edges;
    }

    std::size_t width_, layers_, sources_, reads_;
    std::vector<NodeSpec> specs_;
    std::vector<typename G::SignalHandle> signals_;
    std::vector<typename G::ComputedHandle> computeds_;
    std::uint64_t expected_edges_ = 0;
    double checksum_ = 0;
  };
};

struct DynamicSimpleConfig {
  static constexpr std::string_view name = "dynamic-simple";
  static constexpr std::string_view description = "seeded graph: 10 wide, 5 layers, 2 sources, static, read 20%";
  static constexpr std::int64_t width = 10, layers = 5, sources = 2, static_permille = 1000, read_permille = 200;
  static constexpr std::uint64_t iterations = 20000;
};
struct DynamicWideDenseConfig {
  static constexpr std::string_view name = "dynamic-wide-dense";
  static constexpr std::string_view description = "seeded graph: 1000 wide, 5 layers, 25 sources, static, read all";
  static constexpr std::int64_t width = 1000, layers = 5, sources = 25, static_permille = 1000, read_permille = 1000;
  static constexpr std::uint64_t iterations = 100;
};
struct DynamicDeepConfig {
  static constexpr std::string_view name = "dynamic-deep";
  static constexpr std::string_view description = "seeded graph: 5 wide, 500 layers, 3 sources, static, read all";
  static constexpr std::int64_t width = 5, layers = 500, sources = 3, static_permille = 1000, read_permille = 1000;
  static constexpr std::uint64_t iterations = 500;
};
struct DynamicVeryDynamicConfig {
  static constexpr std::string_view name = "dynamic-very-dynamic";
  static constexpr std::string_view description = "seeded graph: 100 wide, 15 layers, 6 sources, half dynamic, read all";
  static constexpr std::int64_t width = 100, layers = 15, sources = 6, static_permille = 500, read_permille = 1000;
  static constexpr std::uint64_t iterations = 1000;
};

using DynamicSimple = DynamicGraph<DynamicSimpleConfig>;
using DynamicWideDense = DynamicGraph<DynamicWideDenseConfig>;
using DynamicDeep = DynamicGraph<DynamicDeepConfig>;
using DynamicVeryDynamic = DynamicGraph<DynamicVeryDynamicConfig>;

}  // namespace sigheap::scenarios
