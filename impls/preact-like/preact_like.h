#pragma once
// preact-like: the class-style structure of @preact/signals-core 1.x. Signal, Computed and
// Effect objects; one intrusive 8-field edge Node in two doubly linked lists (a target's
// sources, a source's targets); a global version counter; nodes recycled across re-runs through
// the `node` fast path and `rollback`; computeds subscribe to their sources only while
// something subscribes to them; refresh is recursive (no heap frames); each effect run
// allocates the bound "end" function Preact's _start returns. See README.md for the mapping.

#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap::preact_like {

enum Flag : std::uint8_t {
  kRunning = 1 << 0,
  kNotified = 1 << 1,
  kOutdated = 1 << 2,
  kDisposed = 1 << 3,
  kHasError = 1 << 4,
  kTracking = 1 << 5,
};

struct Signal;
struct Target;

// Preact's `Node`: exactly the 8 fields of the library.
struct Node {
  Signal* source;
  Node* prev_source;
  Node* next_source;
  Target* target;
  Node* prev_target;
  Node* next_target;
  std::int32_t version;
  Node* rollback;
};

// `Signal` (and the signal half of `Computed`).
struct Signal : OwnedLink {
  double value = 0;
  std::int32_t version = 0;
  bool is_computed = false;  // stands in for the prototype: which _refresh/_subscribe to call
  Node* node = nullptr;      // _node: the edge to the current evaluation context, if any
  Node* targets = nullptr;   // _targets
  void* watched = nullptr;   // _watched / _unwatched option callbacks (unused, kept for layout)
  void* unwatched = nullptr;
};

// The consumer half shared by Computed and Effect (`_sources`, `_flags`).
struct Target {
  Node* sources = nullptr;
  std::uint8_t flags = 0;
  bool is_computed = false;
};

struct Computed : Signal, Target {
  Fn fn;                            // _fn
  std::uint32_t global_version = 0;  // _globalVersion
};

struct Effect : Target {
  Fn fn;                             // _fn
  void* cleanup = nullptr;           // _cleanup (cleanup functions are not modelled: always null)
  Effect* next_batched = nullptr;    // _nextBatchedEffect
};

// `effect._dispose.bind(effect)`: what effect() returns, and what the user holds.
struct BoundDispose : OwnedLink {
  Effect* effect;
};

// `endEffect.bind(effect, prevContext)`: allocated by every effect run, dropped after it.
struct BoundEnd {
  Effect* effect;
  Target* prev_context;
};

class Graph {
 public:
  static constexpr std::string_view name = "preact-like";
  static constexpr std::string_view description =
      "class style, as @preact/signals-core 1.x (8-field edge Node, recursive refresh)";
  using SignalHandle = Signal*;
  using ComputedHandle = Computed*;
  using EffectHandle = BoundDispose*;

  Graph() = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  ~Graph();

  SignalHandle signal(double v);
  ComputedHandle computed(Fn fn);
  EffectHandle effect(Fn fn);

  double get(SignalHandle s);
  double get(ComputedHandle c);
  double peek(SignalHandle s) const { return s->value; }
  double peek(ComputedHandle c);
  void set(SignalHandle s, double v);
  void dispose(EffectHandle e);

  template <class F>
  void batch(F&& f) {
    start_batch();
    ScopeExit end([this] { end_batch(); });
    f();
  }

  Counts counts() const { return counts_; }

 private:
  Node* add_dependency(Signal* s);
  void subscribe(Signal* s, Node* node);
  void unsubscribe(Signal* s, Node* node);
  void prepare_sources(Target* t);
  void cleanup_sources(Target* t);
  bool needs_to_recompute(Target* t);
  bool refresh(Signal* s);
  bool refresh_computed(Computed* c);
  void notify(Target* t);
  void start_batch() { ++batch_depth_; }
  void end_batch();
  void run_effect(Effect* e);
  void end_effect(BoundEnd* end);
  void dispose_effect(Effect* e);
  void free_sources(Target* t);
  void free_node(Node* n);

  // Module state of the library, one set per graph.
  Target* eval_context_ = nullptr;
  Effect* batched_effect_ = nullptr;
  int batch_depth_ = 0;
  int batch_iteration_ = 0;
  std::uint32_t global_version_ = 0;

  OwnedList<Signal> signals_;  // signals and computeds
  OwnedList<BoundDispose> effects_;
  Counts counts_;
};

}  // namespace sigheap::preact_like
