// lattice-like: node factories (createSignal, createComputed, createEffect), the per-instance
// closures they create, and the Graph that owns them.
#include "impls/lattice-like/lattice_like.h"

namespace sigheap::lattice_like {
namespace {

// `function signal(value?)`
double signal_accessor_code(Closure<double(bool, double)>* self, bool write, double value) {
  auto* s = static_cast<SignalAccessor*>(self);
  ProducerNode* node = s->node;
  if (!write) {
    if (NodeHeader* consumer = s->ctx->current_consumer) (*s->track_dependency)(node, consumer);
    return node->value;
  }
  // 384a5253 also resets a DIRTY signal to CLEAN on an equal write; inside a batch that leaves
  // pending consumers stale (differential test, seed 1). The model keeps it DIRTY.
  if (node->value == value) return value;
  node->value = value;
  Dependency* subs = node->subscribers;
  if (subs == nullptr) return value;
  node->status = Status::kDirty;
  (*s->propagate)(subs);
  return value;
}

double signal_peek_code(Closure<double()>* self) {
  return static_cast<SignalPeek*>(self)->node->value;
}

// `function computed()`
double computed_accessor_code(Closure<double()>* self) {
  auto* c = static_cast<ComputedAccessor*>(self);
  ComputedNode* node = c->node;
  if (NodeHeader* consumer = c->ctx->current_consumer) (*c->track_dependency)(node, consumer);
  if (node->status == Status::kPending) (*c->pull_updates)(node);
  return node->value;
}

// `computed.peek = () => {...}`: an untracked read.
double computed_peek_code(Closure<double()>* self) {
  auto* p = static_cast<ComputedPeek*>(self);
  NodeHeader* prev = p->ctx->current_consumer;
  p->ctx->current_consumer = nullptr;
  if (p->node->status == Status::kPending) (*p->pull_updates)(p->node);
  p->ctx->current_consumer = prev;
  return p->node->value;
}

// The effect node's `flush()`.
void effect_flush_code(Closure<void()>* self) {
  auto* f = static_cast<EffectFlush*>(self);
  (*f->track)(f->ctx, f->node, &f->run);
}

// The dispose callback's inner `(node) => {...}`.
void effect_cleanup_code(NodeCleanup* self, EffectNode* node) {
  auto* c = static_cast<EffectCleanup*>(self);
  if (node->dependencies != nullptr) {
    (*c->detach_all)(node->dependencies);
    node->dependencies = nullptr;
  }
  node->dependency_tail = nullptr;
}

// The function effect() returns.
void effect_dispose_code(Closure<void()>* self) {
  auto* d = static_cast<EffectDispose*>(self);
  auto* cleanup = new EffectCleanup{{&effect_cleanup_code}, d->env, d->detach_all};
  (*d->dispose_node)(d->node, cleanup);
  delete cleanup;  // garbage once disposeNode returns
}

void free_dependencies(ConsumerFields* c) {
  for (Dependency* d = c->dependencies; d != nullptr;) {
    Dependency* next = d->next_dependency;
    delete d;
    d = next;
  }
}

}  // namespace

SignalAccessor* create_signal_code(Closure<SignalAccessor*(double)>* self, double value) {
  auto* f = static_cast<CreateSignal*>(self);
  auto* node = new ProducerNode();
  node->type = Type::kSignal;
  node->status = Status::kClean;
  node->value = value;
  node->has_value = true;
  auto* accessor = new SignalAccessor();
  accessor->code = &signal_accessor_code;
  accessor->node = node;
  accessor->ctx = f->ctx;
  accessor->track_dependency = f->track_dependency;
  accessor->propagate = f->propagate;
  accessor->peek = new SignalPeek{{&signal_peek_code}, node};
  return accessor;
}

ComputedAccessor* create_computed_code(Closure<ComputedAccessor*(Fn)>* self, Fn compute) {
  auto* f = static_cast<CreateComputed*>(self);
  auto* node = new ComputedNode();
  node->type = Type::kComputed;
  node->status = Status::kPending;
  node->compute = compute;
  auto* accessor = new ComputedAccessor();
  accessor->code = &computed_accessor_code;
  accessor->node = node;
  accessor->ctx = f->ctx;
  accessor->track_dependency = f->track_dependency;
  accessor->pull_updates = f->pull_updates;
  accessor->peek = new ComputedPeek{{&computed_peek_code}, node, f->ctx, f->pull_updates};
  return accessor;
}

EffectDispose* create_effect_code(Closure<EffectDispose*(Fn)>* self, Fn run) {
  auto* f = static_cast<CreateEffect*>(self);
  auto* node = new EffectNode();
  node->type = Type::kEffect;
  node->status = Status::kClean;
  auto* flush = new EffectFlush();
  flush->code = &effect_flush_code;
  flush->node = node;
  flush->ctx = f->ctx;
  flush->track = f->track;
  flush->run = run;
  node->flush = flush;
  node->running = true;
  (*f->track)(f->ctx, node, &flush->run);
  node->running = false;
  auto* dispose = new EffectDispose();
  dispose->code = &effect_dispose_code;
  dispose->dispose_node = f->dispose;
  dispose->node = node;
  dispose->detach_all = f->detach_all;
  dispose->env = flush;
  return dispose;
}

Graph::Graph() : modules_(Modules::create()) {}

Graph::~Graph() {
  computeds_.for_each([](ComputedAccessor* c) { free_dependencies(c->node); });
  effects_.for_each([](EffectDispose* d) { free_dependencies(d->node); });
  signals_.for_each([](SignalAccessor* s) {
    delete s->peek;
    delete s->node;
    delete s;
  });
  computeds_.for_each([](ComputedAccessor* c) {
    delete c->peek;
    delete c->node;
    delete c;
  });
  effects_.for_each([](EffectDispose* d) {
    delete d->node->flush;
    delete d->node;
    delete d;
  });
  modules_.destroy();
}

SignalAccessor* Graph::signal(double v) {
  SignalAccessor* s = (*modules_.create_signal)(v);
  signals_.push(s);
  ++counts_.signals;
  return s;
}

ComputedAccessor* Graph::computed(Fn fn) {
  ComputedAccessor* c = (*modules_.create_computed)(fn);
  computeds_.push(c);
  ++counts_.computeds;
  return c;
}

EffectDispose* Graph::effect(Fn fn) {
  ++counts_.effects;
  EffectDispose* d = (*modules_.create_effect)(fn);
  effects_.push(d);
  return d;
}

void Graph::dispose(EffectDispose* d) {
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

Counts Graph::counts() const {
  Counts c = counts_;
  // Distinct dependencies: trackDependency dedupes only against its cursor, so a run that reads
  // a, b, a holds two edges to a (their bytes are in the figures; the shape counts a once).
  auto count_edges = [&c](const ConsumerFields* f) {
    for (const Dependency* d = f->dependencies; d != nullptr; d = d->next_dependency) {
      const Dependency* earlier = f->dependencies;
      while (earlier != d && earlier->producer != d->producer) earlier = earlier->next_dependency;
      if (earlier == d) ++c.edges;
    }
  };
  computeds_.for_each([&](ComputedAccessor* a) { count_edges(a->node); });
  effects_.for_each([&](EffectDispose* d) { count_edges(d->node); });
  return c;
}

}  // namespace sigheap::lattice_like
