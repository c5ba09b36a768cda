#pragma once
// The Lattice model as a template over the original investigation's recommendations (`Options`):
// with every switch off it is lattice-like, Lattice's structure at the time of
// the investigation; each switch applies one recommendation (lattice-optimized,
// impls/lattice-optimized/README.md). Only the objects a switch changes are
// templates; the algorithm (lattice_modules.cc) is shared.

#include <string_view>
#include <type_traits>

#include "impls/lattice-like/lattice_closures.h"
#include "impls/reactive.h"

namespace sigheap::lattice_like {

struct Options {
  bool shared_methods = false;     // `peek` is a shared method, not a per-instance closure
  bool singleton_helpers = false;  // stateless helpers created once for all graphs
  bool no_factories = false;       // the graph calls createSignal/... directly: no factory closures
  bool class_computed = false;     // a computed is one object with methods, no closures
  bool single_node = false;        // a signal's or computed's node is fused into its accessor
  bool pooled_frames = false;      // push-phase frames come from a reused stack
};

struct Absent {};

// The node an accessor closes over: a separate object, or (single-node) part of
// the accessor.
template <class Node, bool Fused>
struct NodeSlot {
  Node* ptr;
  Node* get() { return ptr; }
  void create() { ptr = new Node(); }
  void destroy() { delete ptr; }
};
template <class Node>
struct NodeSlot<Node, true> {
  Node node;
  Node* get() { return &node; }
  void create() {}
  void destroy() {}
};

// `function signal(value?)`: read and write; `signal.peek` a property of the
// function object.
template <Options O>
struct SignalAccessor : OwnedLink, Closure<double(bool, double)> {
  NodeSlot<ProducerNode, O.single_node> node;
  BaseContext* ctx;
  TrackDependency* track_dependency;
  PropagateFn* propagate;
  [[no_unique_address]] std::conditional_t<O.shared_methods, Absent, SignalPeek*> peek;
};

// `function computed()`.
template <Options O>
struct ComputedAccessor : OwnedLink, Closure<double()> {
  NodeSlot<ComputedNode, O.single_node> node;
  BaseContext* ctx;
  TrackDependency* track_dependency;
  PullUpdates* pull_updates;
  [[no_unique_address]] std::conditional_t<O.shared_methods, Absent, ComputedPeek*> peek;
};

// class-computed: the node is the object; its methods reach the graph's helpers
// through the graph (the API object), so it captures nothing. Computeds are
// never freed one by one, so one owner pointer (not two) suffices.
struct ComputedObject : ComputedNode {
  ComputedObject* next_owned = nullptr;
};

template <Options O>
using ComputedHandleOf = std::conditional_t<O.class_computed, ComputedObject*, ComputedAccessor<O>*>;

template <Options O>
struct CreateSignal : Closure<SignalAccessor<O>*(double)> {
  TrackDependency* track_dependency;
  PropagateFn* propagate;
  BaseContext* ctx;
};
template <Options O>
struct CreateComputed : Closure<ComputedHandleOf<O>(Fn)> {
  BaseContext* ctx;
  TrackDependency* track_dependency;
  PullUpdates* pull_updates;
};

template <Options O>
double signal_accessor_code(Closure<double(bool, double)>* self, bool write, double value) {
  auto* s = static_cast<SignalAccessor<O>*>(self);
  ProducerNode* node = s->node.get();
  if (!write) {
    if (NodeHeader* consumer = s->ctx->current_consumer) (*s->track_dependency)(node, consumer);
    return node->value;
  }
  // 384a5253 also resets a DIRTY signal to CLEAN on an equal write; inside a
  // batch that leaves pending consumers stale (differential test, seed 1). The
  // model keeps it DIRTY.
  if (node->value == value) return value;
  node->value = value;
  Dependency* subs = node->subscribers;
  if (subs == nullptr) return value;
  node->status = Status::kDirty;
  (*s->propagate)(subs);
  return value;
}

// The body of `function computed()` and of class-computed's `value` getter.
inline double tracked_pull(ComputedNode* node, BaseContext* ctx, TrackDependency* track_dependency,
                           PullUpdates* pull_updates) {
  if (NodeHeader* consumer = ctx->current_consumer) (*track_dependency)(node, consumer);
  if (node->status == Status::kPending) (*pull_updates)(node);
  return node->value;
}

template <Options O>
double computed_accessor_code(Closure<double()>* self) {
  auto* c = static_cast<ComputedAccessor<O>*>(self);
  return tracked_pull(c->node.get(), c->ctx, c->track_dependency, c->pull_updates);
}

template <Options O>
SignalAccessor<O>* create_signal_code(Closure<SignalAccessor<O>*(double)>* self, double value) {
  auto* f = static_cast<CreateSignal<O>*>(self);
  auto* accessor = new SignalAccessor<O>();
  accessor->node.create();
  ProducerNode* node = accessor->node.get();
  node->type = Type::kSignal;
  node->status = Status::kClean;
  node->value = value;
  node->has_value = true;
  accessor->code = &signal_accessor_code<O>;
  accessor->ctx = f->ctx;
  accessor->track_dependency = f->track_dependency;
  accessor->propagate = f->propagate;
  if constexpr (!O.shared_methods) accessor->peek = new SignalPeek{{&signal_peek_code}, node};
  return accessor;
}

inline void init_computed_node(ComputedNode* node, Fn compute) {
  node->type = Type::kComputed;
  node->status = Status::kPending;
  node->compute = compute;
}

template <Options O>
ComputedHandleOf<O> create_computed_code(Closure<ComputedHandleOf<O>(Fn)>* self, Fn compute) {
  if constexpr (O.class_computed) {
    auto* object = new ComputedObject();
    init_computed_node(object, compute);
    return object;
  } else {
    auto* f = static_cast<CreateComputed<O>*>(self);
    auto* accessor = new ComputedAccessor<O>();
    accessor->node.create();
    ComputedNode* node = accessor->node.get();
    init_computed_node(node, compute);
    accessor->code = &computed_accessor_code<O>;
    accessor->ctx = f->ctx;
    accessor->track_dependency = f->track_dependency;
    accessor->pull_updates = f->pull_updates;
    if constexpr (!O.shared_methods) {
      accessor->peek = new ComputedPeek{{&computed_peek_code}, node, f->ctx, f->pull_updates};
    }
    return accessor;
  }
}

// The factory modules' `method`s, one heap closure each per graph (absent under
// no-factories, where the graph passes the same arguments on the stack).
template <Options O>
struct Factories {
  CreateSignal<O> create_signal;
  CreateComputed<O> create_computed;
  CreateEffect create_effect;
};

template <Options O>
Factories<O> make_factories(const Modules& m) {
  return {{{&create_signal_code<O>}, m.track_dependency, m.scheduled_propagate, m.ctx},
          {{&create_computed_code<O>}, m.ctx, m.track_dependency, m.pull_updates},
          {{&create_effect_code}, m.ctx, m.dispose_node, m.track, m.detach_all}};
}

// V: {name, description, options}.
template <class V>
class BasicGraph {
  static constexpr Options O = V::options;

 public:
  static constexpr std::string_view name = V::name;
  static constexpr std::string_view description = V::description;
  using SignalHandle = SignalAccessor<O>*;
  using ComputedHandle = ComputedHandleOf<O>;
  using EffectHandle = EffectDispose*;

  BasicGraph() : modules_(Modules::create(O.singleton_helpers, O.pooled_frames)) {
    if constexpr (!O.no_factories) {
      const Factories<O> f = make_factories<O>(modules_);
      factories_.create_signal = new CreateSignal<O>(f.create_signal);
      factories_.create_computed = new CreateComputed<O>(f.create_computed);
      factories_.create_effect = new CreateEffect(f.create_effect);
      factories_.batch = new BatchMethod{nullptr, modules_.start_batch, modules_.end_batch};
    }
  }
  BasicGraph(const BasicGraph&) = delete;
  BasicGraph& operator=(const BasicGraph&) = delete;

  ~BasicGraph() {
    for_each_computed([](ComputedNode* n) { free_dependencies(n); });
    effects_.for_each([](EffectDispose* d) { free_dependencies(d->node); });
    signals_.for_each([](SignalHandle s) {
      if constexpr (!O.shared_methods) delete s->peek;
      s->node.destroy();
      delete s;
    });
    if constexpr (O.class_computed) {
      for (ComputedObject* c = computeds_; c != nullptr;) {
        ComputedObject* next = c->next_owned;
        delete c;
        c = next;
      }
    } else {
      computeds_.for_each([](ComputedHandle c) {
        if constexpr (!O.shared_methods) delete c->peek;
        c->node.destroy();
        delete c;
      });
    }
    effects_.for_each([](EffectDispose* d) {
      delete d->node->flush;
      delete d->node;
      delete d;
    });
    if constexpr (!O.no_factories) {
      delete factories_.batch;
      delete factories_.create_effect;
      delete factories_.create_computed;
      delete factories_.create_signal;
    }
    modules_.destroy();
  }

  SignalHandle signal(double v) {
    SignalHandle s =
        with_factories([v](Factories<O>& f) { return create_signal_code<O>(&f.create_signal, v); },
                       [v](auto* f) { return (*f->create_signal)(v); });
    signals_.push(s);
    ++counts_.signals;
    return s;
  }

  ComputedHandle computed(Fn fn) {
    ComputedHandle c =
        with_factories([fn](Factories<O>& f) { return create_computed_code<O>(&f.create_computed, fn); },
                       [fn](auto* f) { return (*f->create_computed)(fn); });
    if constexpr (O.class_computed) {
      c->next_owned = computeds_;
      computeds_ = c;
    } else {
      computeds_.push(c);
    }
    ++counts_.computeds;
    return c;
  }

  EffectHandle effect(Fn fn) {
    ++counts_.effects;
    EffectDispose* d =
        with_factories([fn](Factories<O>& f) { return create_effect_code(&f.create_effect, fn); },
                       [fn](auto* f) { return (*f->create_effect)(fn); });
    effects_.push(d);
    return d;
  }

  double get(SignalHandle s) { return (*s)(false, 0); }
  double get(ComputedHandle c) {
    if constexpr (O.class_computed) {
      return tracked_pull(c, modules_.ctx, modules_.track_dependency, modules_.pull_updates);
    } else {
      return (*c)();
    }
  }
  double peek(SignalHandle s) {
    if constexpr (O.shared_methods) {
      return s->node.get()->value;
    } else {
      return (*s->peek)();
    }
  }
  double peek(ComputedHandle c) {
    if constexpr (O.class_computed) {
      return untracked_pull(c, modules_.ctx, modules_.pull_updates);
    } else if constexpr (O.shared_methods) {
      return untracked_pull(c->node.get(), c->ctx, c->pull_updates);
    } else {
      return (*c->peek)();
    }
  }
  void set(SignalHandle s, double v) { (*s)(true, v); }

  void dispose(EffectDispose* d) {
    EffectNode* node = d->node;
    const bool queued = node->status == Status::kScheduled;
    (*d)();
    effects_.remove(d);
    delete d;
    --counts_.effects;
    if (queued || node->running) {
      node->zombie = true;  // the scheduler's flush frees it when it is done with it
    } else {
      delete node->flush;
      delete node;
    }
  }

  template <class F>
  void batch(F&& f) {
    StartBatch* start = modules_.start_batch;
    EndBatch* end_batch = modules_.end_batch;
    if constexpr (!O.no_factories) {
      start = factories_.batch->start_batch;
      end_batch = factories_.batch->end_batch;
    }
    (*start)();
    ScopeExit end([end_batch] { (*end_batch)(); });
    f();
  }

  Counts counts() const {
    Counts c = counts_;
    // Distinct dependencies: trackDependency dedupes only against its cursor,
    // so a run that reads a, b, a holds two edges to a (their bytes are in the
    // figures; the shape counts a once).
    auto count_edges = [&c](const ConsumerFields* f) {
      for (const Dependency* d = f->dependencies; d != nullptr; d = d->next_dependency) {
        const Dependency* earlier = f->dependencies;
        while (earlier != d && earlier->producer != d->producer) earlier = earlier->next_dependency;
        if (earlier == d) ++c.edges;
      }
    };
    for_each_computed([&](ComputedNode* n) { count_edges(n); });
    effects_.for_each([&](EffectDispose* d) { count_edges(d->node); });
    return c;
  }

 private:
  struct FactoryPointers {
    CreateSignal<O>* create_signal = nullptr;
    CreateComputed<O>* create_computed = nullptr;
    CreateEffect* create_effect = nullptr;
    BatchMethod* batch = nullptr;
  };

  // Direct call with the arguments on the stack (no-factories), or through the
  // factory closure.
  template <class Direct, class ViaClosure>
  auto with_factories(Direct direct, ViaClosure via) {
    if constexpr (O.no_factories) {
      Factories<O> f = make_factories<O>(modules_);
      return direct(f);
    } else {
      return via(&factories_);
    }
  }

  template <class F>
  void for_each_computed(F&& f) const {
    if constexpr (O.class_computed) {
      for (ComputedObject* c = computeds_; c != nullptr; c = c->next_owned) f(c);
    } else {
      computeds_.for_each([&f](ComputedHandle c) { f(c->node.get()); });
    }
  }

  Modules modules_;
  [[no_unique_address]] std::conditional_t<O.no_factories, Absent, FactoryPointers> factories_;
  OwnedList<SignalAccessor<O>> signals_;
  std::conditional_t<O.class_computed, ComputedObject*, OwnedList<ComputedAccessor<O>>> computeds_{};
  OwnedList<EffectDispose> effects_;
  Counts counts_;  // signals, computeds, effects; edges are counted by walking
                   // the graph
};

}  // namespace sigheap::lattice_like
