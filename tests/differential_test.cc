// Differential test: seeded random DAGs (signals, computeds with dynamic branches, effects)
// with random write sequences and batches. Every model must produce identical values after every
// step.
//
// Recompute counts legitimately differ between the modelled libraries, so the shared rule is
// glitch-freedom: in every step each computed and each effect runs at most once, and a write of
// an equal value runs nothing. Why the exact counts differ (each is the library's behaviour):
//  - preact-like re-validates by version: a batch that changes a signal and restores it still
//    re-runs its dependents (the version moved); alien-like compares values and does not;
//  - alien-like: a computed that loses its last subscriber drops its dependencies
//    (`unwatched`), so its next read recomputes it; preact-like and lattice-like keep them;
//  - lattice-like: a scheduled effect re-runs without a dirty check, and a written signal stays
//    DIRTY, so pending consumers of it recompute when pulled.
// The exact counts each model promises are asserted in the conformance suite.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <string>
#include <vector>

#include "registered_models.h"
#include "tests/example-model/example_model.h"
#include "tests/typed_models.h"

namespace sigheap {
namespace {

constexpr std::int64_t kModulus = 10007;

// Node i < signals is a signal; the rest are computeds reading earlier nodes.
struct ComputedSpec {
  std::vector<int> reads;  // always read
  int cond = -1;           // if >= 0: read cond, then branch_a if it is even else branch_b
  int branch_a = -1;
  int branch_b = -1;
  int weight = 1;
};
struct EffectSpec {
  std::vector<int> reads;
};
struct Op {
  enum Kind { kSet, kBatch, kRead, kDisposeEffect } kind;
  int target = 0;
  double value = 0;
  std::vector<std::pair<int, double>> batch;
};
struct Spec {
  int signals = 0;
  std::vector<ComputedSpec> computeds;
  std::vector<EffectSpec> effects;
  std::vector<Op> ops;
};

Spec make_spec(std::uint64_t seed) {
  SplitMix64 rng(seed);
  Spec s;
  s.signals = 1 + rng.below(5);
  const int computeds = 1 + rng.below(12);
  for (int c = 0; c < computeds; ++c) {
    const int earlier = s.signals + c;
    ComputedSpec spec;
    spec.weight = 1 + rng.below(7);
    const int reads = 1 + rng.below(3);
    for (int r = 0; r < reads; ++r) spec.reads.push_back(rng.below(earlier));
    if (rng.below(3) == 0) {
      spec.cond = rng.below(earlier);
      spec.branch_a = rng.below(earlier);
      spec.branch_b = rng.below(earlier);
    }
    s.computeds.push_back(spec);
  }
  const int total = s.signals + computeds;
  const int effects = rng.below(4);
  for (int e = 0; e < effects; ++e) {
    EffectSpec spec;
    const int reads = 1 + rng.below(3);
    for (int r = 0; r < reads; ++r) spec.reads.push_back(rng.below(total));
    s.effects.push_back(spec);
  }
  const int ops = 5 + rng.below(30);
  for (int o = 0; o < ops; ++o) {
    Op op;
    const int kind = rng.below(10);
    if (kind < 6) {
      op.kind = Op::kSet;
      op.target = rng.below(s.signals);
      op.value = rng.below(4);  // small range: equal writes and equal results happen
    } else if (kind < 8) {
      op.kind = Op::kBatch;
      const int n = 1 + rng.below(3);
      for (int i = 0; i < n; ++i) op.batch.emplace_back(rng.below(s.signals), rng.below(4));
    } else if (kind < 9 || s.effects.empty()) {
      op.kind = Op::kRead;
      op.target = s.signals + rng.below(computeds);
    } else {
      op.kind = Op::kDisposeEffect;
      op.target = rng.below(static_cast<int>(s.effects.size()));
    }
    s.ops.push_back(op);
  }
  return s;
}

// What a run observes: values read at the top level, after every step the values each effect
// saw in its latest run, and how often each computed and effect ran.
struct Trace {
  std::vector<double> values;
  std::vector<int> computed_runs;
  std::vector<int> effect_runs;
  int max_runs_in_a_step = 0;      // over every computed and effect, every step
  int runs_after_equal_writes = 0;  // runs caused by steps that write only equal values
};

template <class G>
struct Runner {
  using S = typename G::SignalHandle;
  using C = typename G::ComputedHandle;

  G g;
  const Spec& spec;
  std::vector<S> signals;
  std::vector<C> computeds;
  std::vector<typename G::EffectHandle> effects;
  std::vector<bool> live_effect;
  std::vector<std::vector<double>> effect_seen;
  Trace trace;

  explicit Runner(const Spec& s) : spec(s) {}

  double read(int node) {
    return node < spec.signals ? g.get(signals[node]) : g.get(computeds[node - spec.signals]);
  }

  double eval_computed(int c) {
    const ComputedSpec& cs = spec.computeds[c];
    ++trace.computed_runs[c];
    std::int64_t acc = cs.weight;
    for (int r : cs.reads) acc = (acc * 31 + static_cast<std::int64_t>(read(r))) % kModulus;
    if (cs.cond >= 0) {
      const auto cond = static_cast<std::int64_t>(read(cs.cond));
      const int branch = cond % 2 == 0 ? cs.branch_a : cs.branch_b;
      acc = (acc * 17 + static_cast<std::int64_t>(read(branch))) % kModulus;
    }
    return static_cast<double>(acc);
  }

  void run_effect(int e) {
    ++trace.effect_runs[e];
    effect_seen[e].clear();
    for (int r : spec.effects[e].reads) effect_seen[e].push_back(read(r));
  }

  Trace run() {
    trace.computed_runs.assign(spec.computeds.size(), 0);
    trace.effect_runs.assign(spec.effects.size(), 0);
    effect_seen.resize(spec.effects.size());
    for (int i = 0; i < spec.signals; ++i) signals.push_back(g.signal(i));
    for (std::size_t c = 0; c < spec.computeds.size(); ++c) {
      computeds.push_back(g.computed([self = this, c] { return self->eval_computed(static_cast<int>(c)); }));
    }
    for (std::size_t e = 0; e < spec.effects.size(); ++e) {
      effects.push_back(g.effect([self = this, e] { self->run_effect(static_cast<int>(e)); }));
      live_effect.push_back(true);
    }
    std::vector<double> current(spec.signals);
    for (int i = 0; i < spec.signals; ++i) current[i] = i;
    for (const Op& op : spec.ops) {
      const std::vector<int> computed_before = trace.computed_runs;
      const std::vector<int> effect_before = trace.effect_runs;
      bool writes_only_equal = op.kind == Op::kSet || op.kind == Op::kBatch;
      if (op.kind == Op::kSet) writes_only_equal = current[op.target] == op.value;
      for (const auto& [t, v] : op.batch) writes_only_equal = writes_only_equal && current[t] == v;
      if (op.kind == Op::kSet) current[op.target] = op.value;
      for (const auto& [t, v] : op.batch) current[t] = v;
      switch (op.kind) {
        case Op::kSet:
          g.set(signals[op.target], op.value);
          break;
        case Op::kBatch:
          g.batch([&] {
            for (const auto& [s, v] : op.batch) g.set(signals[s], v);
          });
          break;
        case Op::kRead:
          trace.values.push_back(read(op.target));
          break;
        case Op::kDisposeEffect:
          if (live_effect[op.target]) {
            g.dispose(effects[op.target]);
            live_effect[op.target] = false;
          }
          break;
      }
      for (const auto& seen : effect_seen) trace.values.insert(trace.values.end(), seen.begin(), seen.end());
      int step_runs = 0;
      for (std::size_t c = 0; c < computed_before.size(); ++c) {
        const int runs = trace.computed_runs[c] - computed_before[c];
        trace.max_runs_in_a_step = std::max(trace.max_runs_in_a_step, runs);
        step_runs += runs;
      }
      for (std::size_t e = 0; e < effect_before.size(); ++e) {
        const int runs = trace.effect_runs[e] - effect_before[e];
        trace.max_runs_in_a_step = std::max(trace.max_runs_in_a_step, runs);
        step_runs += runs;
      }
      if (writes_only_equal) trace.runs_after_equal_writes += step_runs;
    }
    for (int c = 0; c < static_cast<int>(spec.computeds.size()); ++c) {
      trace.values.push_back(read(spec.signals + c));
    }
    return trace;
  }
};

// A compact text form of a spec, printed when a model disagrees.
std::string describe(const Spec& s) {
  std::string out = fmt::format("{} signals\n", s.signals);
  for (std::size_t c = 0; c < s.computeds.size(); ++c) {
    const ComputedSpec& cs = s.computeds[c];
    out += fmt::format("  n{} = f{}(n{}", s.signals + c, cs.weight, fmt::join(cs.reads, " n"));
    if (cs.cond >= 0) out += fmt::format(" | n{} even ? n{} : n{}", cs.cond, cs.branch_a, cs.branch_b);
    out += ")\n";
  }
  for (std::size_t e = 0; e < s.effects.size(); ++e) {
    out += fmt::format("  effect{} reads n{}\n", e, fmt::join(s.effects[e].reads, " n"));
  }
  for (const Op& op : s.ops) {
    if (op.kind == Op::kSet) out += fmt::format("  set n{}={}\n", op.target, op.value);
    if (op.kind == Op::kRead) out += fmt::format("  read n{}\n", op.target);
    if (op.kind == Op::kDisposeEffect) out += fmt::format("  dispose effect{}\n", op.target);
    if (op.kind == Op::kBatch) {
      out += "  batch";
      for (const auto& [t, v] : op.batch) out += fmt::format(" n{}={}", t, v);
      out += "\n";
    }
  }
  return out;
}

template <class... G>
std::tuple<G*...> as_tuple(TypeList<G...>);

// The truth: every value evaluated directly from the current signal values, no caching.
struct Oracle {
  const Spec& spec;
  std::vector<double> signal_values;

  double eval(int node) const {
    if (node < spec.signals) return signal_values[node];
    const ComputedSpec& cs = spec.computeds[node - spec.signals];
    std::int64_t acc = cs.weight;
    for (int r : cs.reads) acc = (acc * 31 + static_cast<std::int64_t>(eval(r))) % kModulus;
    if (cs.cond >= 0) {
      const int branch = static_cast<std::int64_t>(eval(cs.cond)) % 2 == 0 ? cs.branch_a : cs.branch_b;
      acc = (acc * 17 + static_cast<std::int64_t>(eval(branch))) % kModulus;
    }
    return static_cast<double>(acc);
  }

  std::vector<double> values() {
    std::vector<double> out;
    for (int i = 0; i < spec.signals; ++i) signal_values.push_back(i);
    std::vector<std::vector<double>> seen(spec.effects.size());
    std::vector<bool> live(spec.effects.size(), true);
    auto refresh_effects = [&] {
      for (std::size_t e = 0; e < seen.size(); ++e) {
        if (!live[e]) continue;
        seen[e].clear();
        for (int r : spec.effects[e].reads) seen[e].push_back(eval(r));
      }
    };
    refresh_effects();
    for (const Op& op : spec.ops) {
      if (op.kind == Op::kSet) signal_values[op.target] = op.value;
      for (const auto& [t, v] : op.batch) signal_values[t] = v;
      if (op.kind == Op::kRead) out.push_back(eval(op.target));
      if (op.kind == Op::kDisposeEffect) live[op.target] = false;
      refresh_effects();
      for (const auto& v : seen) out.insert(out.end(), v.begin(), v.end());
    }
    for (std::size_t c = 0; c < spec.computeds.size(); ++c) {
      out.push_back(eval(spec.signals + static_cast<int>(c)));
    }
    return out;
  }
};

template <class G>
Trace run_model(const Spec& spec) {
  Runner<G> r(spec);
  return r.run();
}

// Runs every registered model; the first (in registry order) is the reference.
template <class... G>
std::vector<std::pair<std::string, Trace>> run_all(TypeList<G...>, const Spec& spec) {
  return {{std::string(G::name), run_model<G>(spec)}...};
}

// Every registered model and the example model of docs/adding-a-model.md.
using DifferentialModels = testing::Append<Models, example::NaiveGraph>::type;

TEST(Differential, ThousandRandomGraphsGiveIdenticalValuesInEveryModel) {
  int compared = 0;
  for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
    const Spec spec = make_spec(seed);
    const auto traces = run_all(DifferentialModels{}, spec);
    const std::vector<double> truth = Oracle{spec, {}}.values();
    for (const auto& [name, t] : traces) {
      const auto diff = std::mismatch(t.values.begin(), t.values.end(), truth.begin(), truth.end());
      ASSERT_TRUE(diff.first == t.values.end() && diff.second == truth.end())
          << name << " differs from direct evaluation, seed " << seed << ", at value "
          << (diff.first - t.values.begin()) << " of " << truth.size() << " ("
          << (diff.first == t.values.end() ? "missing" : fmt::format("{}", *diff.first)) << " vs "
          << (diff.second == truth.end() ? "missing" : fmt::format("{}", *diff.second)) << ")\n"
          << describe(spec);
      EXPECT_LE(t.max_runs_in_a_step, 1) << name << " glitched, seed " << seed << "\n" << describe(spec);
      EXPECT_EQ(t.runs_after_equal_writes, 0) << name << ", seed " << seed << "\n" << describe(spec);
      ++compared;
    }
  }
  EXPECT_EQ(compared, 1000 * static_cast<int>(std::tuple_size_v<decltype(as_tuple(DifferentialModels{}))>));
}

}  // namespace
}  // namespace sigheap
