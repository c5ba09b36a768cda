#include "impls/preact-like/preact_like.h"

namespace sigheap::preact_like {
namespace {
[[noreturn]] void cycle_detected() { throw std::logic_error("preact-like: cycle detected"); }
}  // namespace

Graph::~Graph() {
  // Edges belong to their target's source list; free them first, then the objects.
  signals_.for_each([this](Signal* s) {
    if (s->is_computed) free_sources(static_cast<Computed*>(s));
  });
  effects_.for_each([this](BoundDispose* d) { free_sources(d->effect); });
  signals_.for_each([](Signal* s) {
    if (s->is_computed) {
      delete static_cast<Computed*>(s);
    } else {
      delete s;
    }
  });
  effects_.for_each([](BoundDispose* d) {
    delete d->effect;
    delete d;
  });
}

Signal* Graph::signal(double v) {
  auto* s = new Signal();
  s->value = v;
  signals_.push(s);
  ++counts_.signals;
  return s;
}

Computed* Graph::computed(Fn fn) {
  auto* c = new Computed();
  c->Signal::is_computed = true;
  c->Target::is_computed = true;
  c->fn = fn;
  c->global_version = global_version_ - 1;
  c->flags = kOutdated;
  signals_.push(c);
  ++counts_.computeds;
  return c;
}

BoundDispose* Graph::effect(Fn fn) {
  auto* e = new Effect();
  e->fn = fn;
  e->flags = kTracking;
  ++counts_.effects;
  run_effect(e);
  auto* d = new BoundDispose();
  d->effect = e;
  effects_.push(d);
  return d;
}

double Graph::get(Signal* s) {
  if (Node* node = add_dependency(s)) node->version = s->version;
  return s->value;
}

double Graph::get(Computed* c) {
  if (c->flags & kRunning) cycle_detected();
  Node* node = add_dependency(c);
  refresh_computed(c);
  if (node != nullptr) node->version = c->version;
  return c->value;
}

double Graph::peek(Computed* c) {
  if (!refresh_computed(c)) cycle_detected();
  return c->value;
}

void Graph::set(Signal* s, double v) {
  if (v == s->value) return;
  if (batch_iteration_ > 100) cycle_detected();
  s->value = v;
  ++s->version;
  ++global_version_;
  start_batch();
  ScopeExit end([this] { end_batch(); });
  for (Node* n = s->targets; n != nullptr; n = n->next_target) notify(n->target);
}

void Graph::dispose(BoundDispose* d) {
  Effect* e = d->effect;
  effects_.remove(d);
  delete d;
  --counts_.effects;
  e->flags |= kDisposed;
  if (!(e->flags & kRunning)) dispose_effect(e);
  // A running effect is freed when its run ends, a queued one when the batch pops it.
  if (!(e->flags & (kRunning | kNotified))) delete e;
}

// ---- dependency tracking --------------------------------------------------------------------

Node* Graph::add_dependency(Signal* s) {
  Target* ctx = eval_context_;
  if (ctx == nullptr) return nullptr;
  Node* node = s->node;
  if (node == nullptr || node->target != ctx) {
    // A new edge at the tail of the context's sources; the old _node is kept for rollback.
    node = new Node{s, ctx->sources, nullptr, ctx, nullptr, nullptr, 0, node};
    ++counts_.edges;
    if (ctx->sources != nullptr) ctx->sources->next_source = node;
    ctx->sources = node;
    s->node = node;
    if (ctx->flags & kTracking) subscribe(s, node);
    return node;
  }
  if (node->version == -1) {
    // Reuse the edge from the previous run: move it to the tail of the sources list.
    node->version = 0;
    if (node->next_source != nullptr) {
      node->next_source->prev_source = node->prev_source;
      if (node->prev_source != nullptr) node->prev_source->next_source = node->next_source;
      node->prev_source = ctx->sources;
      node->next_source = nullptr;
      ctx->sources->next_source = node;
      ctx->sources = node;
    }
    return node;
  }
  return nullptr;
}

void Graph::subscribe(Signal* s, Node* node) {
  if (s->is_computed) {
    auto* c = static_cast<Computed*>(s);
    if (c->targets == nullptr) {
      // First subscriber: the computed starts tracking and subscribes to its own sources.
      c->flags |= kOutdated | kTracking;
      for (Node* n = c->sources; n != nullptr; n = n->next_source) subscribe(n->source, n);
    }
  }
  if (s->targets != node && node->prev_target == nullptr) {
    node->next_target = s->targets;
    if (s->targets != nullptr) s->targets->prev_target = node;
    s->targets = node;
  }
}

void Graph::unsubscribe(Signal* s, Node* node) {
  if (s->targets == nullptr) return;
  Node* prev = node->prev_target;
  Node* next = node->next_target;
  if (prev != nullptr) {
    prev->next_target = next;
    node->prev_target = nullptr;
  }
  if (next != nullptr) {
    next->prev_target = prev;
    node->next_target = nullptr;
  }
  if (node == s->targets) s->targets = next;
  if (s->is_computed && s->targets == nullptr) {
    // Last subscriber gone: stop tracking and let go of the sources.
    auto* c = static_cast<Computed*>(s);
    c->flags &= static_cast<std::uint8_t>(~kTracking);
    for (Node* n = c->sources; n != nullptr; n = n->next_source) unsubscribe(n->source, n);
  }
}

void Graph::prepare_sources(Target* t) {
  for (Node* n = t->sources; n != nullptr; n = n->next_source) {
    if (Node* rollback = n->source->node) n->rollback = rollback;
    n->source->node = n;
    n->version = -1;
    if (n->next_source == nullptr) {
      t->sources = n;  // during a run, sources points at the tail
      break;
    }
  }
}

void Graph::cleanup_sources(Target* t) {
  Node* node = t->sources;
  Node* head = nullptr;
  while (node != nullptr) {
    Node* prev = node->prev_source;
    node->source->node = node->rollback;
    if (node->rollback != nullptr) node->rollback = nullptr;
    if (node->version == -1) {
      // Not read in this run: a stale edge, unlinked and dropped.
      unsubscribe(node->source, node);
      if (prev != nullptr) prev->next_source = node->next_source;
      if (node->next_source != nullptr) node->next_source->prev_source = prev;
      free_node(node);
    } else {
      head = node;
    }
    node = prev;
  }
  t->sources = head;
}

bool Graph::needs_to_recompute(Target* t) {
  for (Node* n = t->sources; n != nullptr; n = n->next_source) {
    if (n->source->version != n->version || !refresh(n->source) ||
        n->source->version != n->version) {
      return true;
    }
  }
  return false;
}

bool Graph::refresh(Signal* s) {
  return s->is_computed ? refresh_computed(static_cast<Computed*>(s)) : true;
}

bool Graph::refresh_computed(Computed* c) {
  c->flags &= static_cast<std::uint8_t>(~kNotified);
  if (c->flags & kRunning) return false;
  // Subscribed and not marked outdated: the value is current.
  if ((c->flags & (kOutdated | kTracking)) == kTracking) return true;
  c->flags &= static_cast<std::uint8_t>(~kOutdated);
  if (c->global_version == global_version_) return true;
  c->global_version = global_version_;
  c->flags |= kRunning;
  if (c->version > 0 && !needs_to_recompute(c)) {
    c->flags &= static_cast<std::uint8_t>(~kRunning);
    return true;
  }
  Target* prev = eval_context_;
  prepare_sources(c);
  eval_context_ = c;
  const double value = c->fn();
  if (value != c->value || c->version == 0) {
    c->value = value;
    ++c->version;
  }
  eval_context_ = prev;
  cleanup_sources(c);
  c->flags &= static_cast<std::uint8_t>(~kRunning);
  return true;
}

void Graph::notify(Target* t) {
  if (t->flags & kNotified) return;
  if (t->is_computed) {
    auto* c = static_cast<Computed*>(t);
    c->flags |= kOutdated | kNotified;
    for (Node* n = c->targets; n != nullptr; n = n->next_target) notify(n->target);
  } else {
    auto* e = static_cast<Effect*>(t);
    e->flags |= kNotified;
    e->next_batched = batched_effect_;
    batched_effect_ = e;
  }
}

// ---- effects and batches --------------------------------------------------------------------

void Graph::end_batch() {
  if (batch_depth_ > 1) {
    --batch_depth_;
    return;
  }
  while (batched_effect_ != nullptr) {
    Effect* e = batched_effect_;
    batched_effect_ = nullptr;
    ++batch_iteration_;
    while (e != nullptr) {
      Effect* next = e->next_batched;
      e->next_batched = nullptr;
      e->flags &= static_cast<std::uint8_t>(~kNotified);
      if (e->flags & kDisposed) {
        delete e;  // disposed while queued
      } else if (needs_to_recompute(e)) {
        run_effect(e);
      }
      e = next;
    }
  }
  batch_iteration_ = 0;
  --batch_depth_;
}

// Effect._callback: _start() hands back a freshly bound end function, called when the run ends.
void Graph::run_effect(Effect* e) {
  if (e->flags & kRunning) cycle_detected();
  e->flags |= kRunning;
  e->flags &= static_cast<std::uint8_t>(~kDisposed);
  prepare_sources(e);
  start_batch();
  auto* end = new BoundEnd{e, eval_context_};
  eval_context_ = e;
  if (!(e->flags & kDisposed) && e->fn) e->fn();
  end_effect(end);
}

void Graph::end_effect(BoundEnd* end) {
  Effect* e = end->effect;
  Target* prev = end->prev_context;
  delete end;
  if (eval_context_ != e) throw std::logic_error("preact-like: out-of-order effect");
  cleanup_sources(e);
  eval_context_ = prev;
  e->flags &= static_cast<std::uint8_t>(~kRunning);
  if (e->flags & kDisposed) {
    dispose_effect(e);
    if (!(e->flags & kNotified)) delete e;  // disposed during its own run
  }
  end_batch();
}

void Graph::dispose_effect(Effect* e) {
  for (Node* n = e->sources; n != nullptr; n = n->next_source) unsubscribe(n->source, n);
  free_sources(e);
  e->fn = Fn();
}

void Graph::free_sources(Target* t) {
  for (Node* n = t->sources; n != nullptr;) {
    Node* next = n->next_source;
    free_node(n);
    n = next;
  }
  t->sources = nullptr;
}

void Graph::free_node(Node* n) {
  --counts_.edges;
  delete n;
}

}  // namespace sigheap::preact_like
