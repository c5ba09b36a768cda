#pragma once
// A test-only model whose allocations are known by construction, so the measurement engine's
// phase figures can be asserted exactly: a signal is one 24-byte block, a computed one 104-byte
// block, an effect one 56-byte block; every set() allocates and frees (or, with Leak, keeps) a
// 200-byte block. Computeds are recomputed on every read; edges are counted on first evaluation.

#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::testing {

inline constexpr std::size_t kSignalBlock = 24;
inline constexpr std::size_t kComputedBlock = 104;  // 112-byte size class
inline constexpr std::size_t kEffectBlock = 56;
inline constexpr std::size_t kSetBlock = 200;

template <bool Leak>
class ScriptedGraph {
 public:
  static constexpr std::string_view name = Leak ? "scripted-leaky" : "scripted";

  struct SignalNode {
    double value;
    unsigned char pad[kSignalBlock - sizeof(double)];
  };
  struct ComputedNode {
    Fn fn;
    bool evaluated;
    unsigned char pad[kComputedBlock - sizeof(Fn) - sizeof(bool)];
  };
  struct EffectNode {
    Fn fn;
    unsigned char pad[kEffectBlock - sizeof(Fn)];
  };
  static_assert(sizeof(SignalNode) == kSignalBlock && sizeof(ComputedNode) == kComputedBlock &&
                sizeof(EffectNode) == kEffectBlock);
  using SignalHandle = SignalNode*;
  using ComputedHandle = ComputedNode*;
  using EffectHandle = EffectNode*;

  ScriptedGraph() = default;
  ScriptedGraph(const ScriptedGraph&) = delete;
  ScriptedGraph& operator=(const ScriptedGraph&) = delete;
  ~ScriptedGraph() {
    for (auto* s : signals_) delete s;
    for (auto* c : computeds_) delete c;
    for (auto* e : effects_) delete e;
    signals_.clear();
    computeds_.clear();
    effects_.clear();
  }

  SignalHandle signal(double v) {
    auto* s = new SignalNode{v, {}};
    if (signals_.size() < signals_.capacity()) signals_.push_back(s);
    ++counts_.signals;
    return s;
  }
  ComputedHandle computed(Fn fn) {
    auto* c = new ComputedNode{fn, false, {}};
    if (computeds_.size() < computeds_.capacity()) computeds_.push_back(c);
    ++counts_.computeds;
    return c;
  }
  EffectHandle effect(Fn fn) {
    auto* e = new EffectNode{fn, {}};
    if (effects_.size() < effects_.capacity()) effects_.push_back(e);
    ++counts_.effects;
    const bool outer = tracking_;
    tracking_ = true;
    e->fn();
    tracking_ = outer;
    return e;
  }
  double get(SignalHandle s) {
    if (tracking_) ++counts_.edges;
    return s->value;
  }
  double get(ComputedHandle c) {
    if (tracking_) ++counts_.edges;
    const bool outer = tracking_;
    tracking_ = !c->evaluated;
    c->evaluated = true;
    const double v = c->fn();
    tracking_ = outer;
    return v;
  }
  double peek(SignalHandle s) { return s->value; }
  double peek(ComputedHandle c) { return c->fn(); }
  void set(SignalHandle s, double v) {
    s->value = v;
    // Explicit operator calls: a new-expression/delete pair could be elided by the compiler.
    void* churn = ::operator new(kSetBlock);
    sink_ = churn;
    if constexpr (!Leak) ::operator delete(churn, kSetBlock);
  }
  template <class F>
  void batch(F&& f) {
    f();
  }
  void dispose(EffectHandle) { --counts_.effects; }
  Counts counts() const { return counts_; }

  // Room for the node pointers, reserved before measurement by the test (no growth inside).
  static void reserve(std::size_t n) {
    signals_.reserve(n);
    computeds_.reserve(n);
    effects_.reserve(n);
  }

 private:
  inline static std::vector<SignalNode*> signals_;
  inline static std::vector<ComputedNode*> computeds_;
  inline static std::vector<EffectNode*> effects_;
  inline static void* volatile sink_ = nullptr;
  Counts counts_;
  bool tracking_ = false;
};

}  // namespace sigheap::testing
