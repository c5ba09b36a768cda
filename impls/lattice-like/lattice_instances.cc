// lattice-like: the per-instance closures whose layout no lattice-optimized
// switch changes (the peeks, the effect's flush and dispose) and createEffect.
// Signals and computeds: lattice_graph.h.
#include "impls/lattice-like/lattice_closures.h"

namespace sigheap::lattice_like {
namespace {

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

}  // namespace

double untracked_pull(ComputedNode* node, BaseContext* ctx, PullUpdates* pull_updates) {
  NodeHeader* prev = ctx->current_consumer;
  ctx->current_consumer = nullptr;
  if (node->status == Status::kPending) (*pull_updates)(node);
  ctx->current_consumer = prev;
  return node->value;
}

double signal_peek_code(Closure<double()>* self) { return static_cast<SignalPeek*>(self)->node->value; }

double computed_peek_code(Closure<double()>* self) {
  auto* p = static_cast<ComputedPeek*>(self);
  return untracked_pull(p->node, p->ctx, p->pull_updates);
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

}  // namespace sigheap::lattice_like
