#pragma once
// alien-like: the structure of alien-signals 3.2.1 (src/system.ts + src/index.ts). Plain node
// objects per kind, one 7-field `Link` in two doubly linked lists (a subscriber's deps, a
// dependency's subs), flag bits, and an iterative propagate / checkDirty whose `{value, prev}`
// stack frames are heap objects exactly where alien-signals creates them. The JS API returns a
// bound function per signal, computed and effect; so does this model. See README.md.

#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::alien_like {

enum Flag : std::uint32_t {
  kNone = 0,
  kMutable = 1,
  kWatching = 2,
  kRecursedCheck = 4,
  kRecursed = 8,
  kDirty = 16,
  kPending = 32,
};

enum class Kind : std::uint8_t { kSignal, kComputed, kEffect };

// Lifetime bits the C++ model needs where JS relies on the garbage collector; kept apart from
// `flags` because the algorithm overwrites flags wholesale.
enum Life : std::uint8_t { kQueued = 1, kRunning = 2, kDisposed = 4 };

struct Link;

// The fields every node object has: `subs`, `subsTail`, `flags` (+ the kind, standing in for
// the `'getter' in node` / `'currentValue' in node` checks).
struct ReactiveNode {
  Link* subs = nullptr;
  Link* subs_tail = nullptr;
  std::uint32_t flags = kNone;
  Kind kind = Kind::kSignal;
  std::uint8_t life = 0;
};

struct SignalNode : ReactiveNode {
  double current_value = 0;
  double pending_value = 0;
};

// Computeds and effects also have `deps`, `depsTail`.
struct SubscriberNode : ReactiveNode {
  Link* deps = nullptr;
  Link* deps_tail = nullptr;
};

struct ComputedNode : SubscriberNode {
  double value = 0;
  Fn getter;
};

struct EffectNode : SubscriberNode {
  Fn fn;
  void* cleanup = nullptr;  // cleanup functions are not modelled (always null)
};

// `Link`: exactly the 7 fields of alien-signals.
struct Link {
  std::uint32_t version;
  ReactiveNode* dep;
  SubscriberNode* sub;
  Link* prev_sub;
  Link* next_sub;
  Link* prev_dep;
  Link* next_dep;
};

// `Stack<T>` of system.ts: `{ value, prev }`, one heap object per push.
struct Frame {
  Link* value;
  Frame* prev;
};

// `signalOper.bind(node)`, `computedOper.bind(node)`, `effectOper.bind(node)`: what the API
// returns and the user holds.
template <class Node>
struct Bound : OwnedLink {
  Node* node;
};

class Graph {
 public:
  static constexpr std::string_view name = "alien-like";
  static constexpr std::string_view description =
      "as alien-signals 3.2.1 (7-field Link, flag bits, heap stack frames in propagate/checkDirty)";
  using SignalHandle = Bound<SignalNode>*;
  using ComputedHandle = Bound<ComputedNode>*;
  using EffectHandle = Bound<EffectNode>*;

  Graph() = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  ~Graph();

  SignalHandle signal(double v);
  ComputedHandle computed(Fn getter);
  EffectHandle effect(Fn fn);

  double get(SignalHandle s) { return read_signal(s->node); }
  double get(ComputedHandle c) { return read_computed(c->node); }
  double peek(SignalHandle s);
  double peek(ComputedHandle c);
  void set(SignalHandle s, double v);
  void dispose(EffectHandle e);

  template <class F>
  void batch(F&& f) {
    ++batch_depth_;
    ScopeExit end([this] {
      if (--batch_depth_ == 0) flush();
    });
    f();
  }

  Counts counts() const;

 private:
  // system.ts
  void link(ReactiveNode* dep, SubscriberNode* sub, std::uint32_t version);
  Link* unlink(Link* l, SubscriberNode* sub);
  void propagate(Link* l, bool inner_write);
  bool check_dirty(Link* l, SubscriberNode* sub);
  void shallow_propagate(Link* l);
  static bool is_valid_link(Link* check, SubscriberNode* sub);
  bool update(ReactiveNode* node);
  void notify(EffectNode* e);
  void unwatched(ReactiveNode* node);

  // index.ts
  bool update_computed(ComputedNode* c);
  static bool update_signal(SignalNode* s);
  void run(EffectNode* e);
  void flush();
  double read_computed(ComputedNode* c);
  double read_signal(SignalNode* s);
  void dispose_all_deps_in_reverse(SubscriberNode* sub);
  void purge_deps(SubscriberNode* sub);
  void free_effect_if_done(EffectNode* e);

  std::uint32_t cycle_ = 0;
  int run_depth_ = 0;
  int batch_depth_ = 0;
  std::size_t notify_index_ = 0;
  std::size_t queued_length_ = 0;
  SubscriberNode* active_sub_ = nullptr;
  std::vector<EffectNode*> queued_;  // the module's `queued` array; grows like a JS array

  OwnedList<Bound<SignalNode>> signals_;
  OwnedList<Bound<ComputedNode>> computeds_;
  OwnedList<Bound<EffectNode>> effects_;
  Counts counts_;  // signals, computeds, effects; edges are counted by walking the graph
};

}  // namespace sigheap::alien_like
