#pragma once
// example-naive: the model docs/adding-a-model.md builds. Deliberately simple and correct:
// every node records the versions of what it read; a read re-validates them (pull); effects are
// re-checked after each write. Not a model of any library: it exists to show that a model is one
// header + one registry line, and that the conformance suite then covers it.

#include <string_view>
#include <utility>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::example {

class NaiveGraph {
  struct Node;
  struct Read {
    Node* node;
    unsigned version;  // the node's version when it was read
  };
  struct Node : OwnedLink {
    bool is_signal = true;
    bool evaluated = false;
    double value = 0;
    unsigned version = 0;  // bumped when the value changes
    unsigned checked = 0;  // the write epoch in which it was last validated
    Fn fn;
    std::vector<Read> reads;  // what the last run read
  };

 public:
  static constexpr std::string_view name = "example-naive";
  static constexpr std::string_view description = "docs/adding-a-model.md's example (tests only)";
  using SignalHandle = Node*;
  using ComputedHandle = Node*;
  struct EffectTag {
    Node* node;
  };
  using EffectHandle = EffectTag;

  NaiveGraph() = default;
  NaiveGraph(const NaiveGraph&) = delete;
  NaiveGraph& operator=(const NaiveGraph&) = delete;
  ~NaiveGraph() {
    nodes_.for_each([](Node* n) { delete n; });
    effects_.for_each([](Node* n) { delete n; });
  }

  SignalHandle signal(double v) {
    auto* n = new Node();
    n->value = v;
    nodes_.push(n);
    ++counts_.signals;
    return n;
  }
  ComputedHandle computed(Fn fn) {
    auto* n = new Node();
    n->is_signal = false;
    n->fn = fn;
    nodes_.push(n);
    ++counts_.computeds;
    return n;
  }
  EffectHandle effect(Fn fn) {
    auto* n = new Node();
    n->is_signal = false;
    n->fn = fn;
    effects_.push(n);
    ++counts_.effects;
    run(n);
    return {n};
  }

  // SignalHandle and ComputedHandle are the same type here, so one overload serves both.
  double get(Node* n) {
    refresh(n);
    if (context_ != nullptr) track(n);
    return n->value;
  }
  double peek(Node* n) {
    refresh(n);
    return n->value;
  }
  void set(Node* s, double v) {
    if (s->value == v) return;
    s->value = v;
    ++s->version;
    ++epoch_;
    if (batch_depth_ == 0) run_effects();
  }
  template <class F>
  void batch(F&& f) {
    ++batch_depth_;
    f();
    if (--batch_depth_ == 0) run_effects();
  }
  void dispose(EffectHandle e) {
    counts_.edges -= e.node->reads.size();
    --counts_.effects;
    effects_.remove(e.node);
    delete e.node;
  }
  Counts counts() const { return counts_; }

 private:
  void track(Node* n) {
    for (const Read& r : context_->reads) {
      if (r.node == n) return;
    }
    context_->reads.push_back({n, n->version});
    ++counts_.edges;
  }
  bool stale(Node* n) {
    if (!n->evaluated) return true;
    for (const Read& r : n->reads) {
      refresh(r.node);
      if (r.node->version != r.version) return true;
    }
    return false;
  }
  void refresh(Node* n) {
    if (n->is_signal || (n->evaluated && n->checked == epoch_)) return;  // once per write
    if (stale(n)) run(n);
    n->checked = epoch_;
  }
  void run(Node* n) {
    counts_.edges -= n->reads.size();
    n->reads.clear();
    Node* outer = std::exchange(context_, n);
    const double v = n->fn();
    context_ = outer;
    if (!n->evaluated || v != n->value) ++n->version;
    n->value = v;
    n->evaluated = true;
  }
  void run_effects() {
    effects_.for_each([this](Node* e) {
      if (stale(e)) run(e);
    });
  }

  Node* context_ = nullptr;
  unsigned epoch_ = 1;
  int batch_depth_ = 0;
  OwnedList<Node> nodes_;
  OwnedList<Node> effects_;
  Counts counts_;
};

}  // namespace sigheap::example
