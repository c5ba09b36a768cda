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

  struct SignalNode : OwnedLink {
    double value = 0;
  };
  struct ComputedNode : OwnedLink {
    Fn fn;
    bool evaluated = false;
    unsigned char pad[kComputedBlock - sizeof(OwnedLink) - sizeof(Fn) - sizeof(bool)] = {};
  };
  struct EffectNode : OwnedLink {
    Fn fn;
    unsigned char pad[kEffectBlock - sizeof(OwnedLink) - sizeof(Fn)] = {};
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
    signals_.for_each([](SignalNode* n) { delete n; });
    computeds_.for_each([](ComputedNode* n) { delete n; });
    effects_.for_each([](EffectNode* n) { delete n; });
  }

  SignalHandle signal(double v) {
    auto* s = new SignalNode();
    s->value = v;
    signals_.push(s);
    ++counts_.signals;
    return s;
  }
  ComputedHandle computed(Fn fn) {
    auto* c = new ComputedNode();
    c->fn = fn;
    computeds_.push(c);
    ++counts_.computeds;
    return c;
  }
  EffectHandle effect(Fn fn) {
    auto* e = new EffectNode();
    e->fn = fn;
    effects_.push(e);
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
    if constexpr (Leak) {
      if (leaked_.size() < leaked_.capacity()) leaked_.push_back(churn);  // kept for free_leaked()
    } else {
      ::operator delete(churn, kSetBlock);
    }
  }
  template <class F>
  void batch(F&& f) {
    f();
  }
  void dispose(EffectHandle) { --counts_.effects; }
  Counts counts() const { return counts_; }

  // Room for the deliberately leaked blocks, reserved before measurement by the test.
  static void reserve_leaks(std::size_t leaks) { leaked_.reserve(leaks); }
  // After the measurement: give the deliberately leaked blocks back (LeakSanitizer builds).
  static void free_leaked() {
    for (void* p : leaked_) ::operator delete(p, kSetBlock);
    leaked_.clear();
  }

 private:
  OwnedList<SignalNode> signals_;
  OwnedList<ComputedNode> computeds_;
  OwnedList<EffectNode> effects_;
  inline static std::vector<void*> leaked_;
  inline static void* volatile sink_ = nullptr;
  Counts counts_;
  bool tracking_ = false;
};

}  // namespace sigheap::testing
