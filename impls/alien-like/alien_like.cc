#include "impls/alien-like/alien_like.h"

namespace sigheap::alien_like {

Graph::~Graph() {
  // Links belong to their subscriber's deps list; free them, then the nodes and bound functions.
  auto free_deps = [](SubscriberNode* sub) {
    for (Link* l = sub->deps; l != nullptr;) {
      Link* next = l->next_dep;
      delete l;
      l = next;
    }
  };
  computeds_.for_each([&](Bound<ComputedNode>* b) { free_deps(b->node); });
  effects_.for_each([&](Bound<EffectNode>* b) { free_deps(b->node); });
  signals_.for_each([](Bound<SignalNode>* b) {
    delete b->node;
    delete b;
  });
  computeds_.for_each([](Bound<ComputedNode>* b) {
    delete b->node;
    delete b;
  });
  effects_.for_each([](Bound<EffectNode>* b) {
    delete b->node;
    delete b;
  });
}

// Distinct dependencies: link() dedupes against depsTail, its successor and the dependency's
// subsTail, so a run reading a, b, a where b also reads a holds two links to a (both are in the
// byte figures; the shape counts a once).
Counts Graph::counts() const {
  Counts c = counts_;
  c.edges = 0;
  auto count = [&c](const SubscriberNode* sub) {
    for (const Link* l = sub->deps; l != nullptr; l = l->next_dep) {
      const Link* earlier = sub->deps;
      while (earlier != l && earlier->dep != l->dep) earlier = earlier->next_dep;
      if (earlier == l) ++c.edges;
    }
  };
  computeds_.for_each([&](Bound<ComputedNode>* b) { count(b->node); });
  effects_.for_each([&](Bound<EffectNode>* b) { count(b->node); });
  return c;
}

Bound<SignalNode>* Graph::signal(double v) {
  auto* node = new SignalNode();
  node->current_value = v;
  node->pending_value = v;
  node->flags = kMutable;
  auto* bound = new Bound<SignalNode>();
  bound->node = node;
  signals_.push(bound);
  ++counts_.signals;
  return bound;
}

Bound<ComputedNode>* Graph::computed(Fn getter) {
  auto* node = new ComputedNode();
  node->kind = Kind::kComputed;
  node->getter = getter;
  auto* bound = new Bound<ComputedNode>();
  bound->node = node;
  computeds_.push(bound);
  ++counts_.computeds;
  return bound;
}

Bound<EffectNode>* Graph::effect(Fn fn) {
  auto* e = new EffectNode();
  e->kind = Kind::kEffect;
  e->fn = fn;
  e->flags = kWatching | kRecursedCheck;
  ++counts_.effects;
  SubscriberNode* prev = active_sub_;
  active_sub_ = e;  // nested effects (linking to an outer effect) are not modelled
  ++run_depth_;
  e->life |= kRunning;
  e->fn();
  e->life &= static_cast<std::uint8_t>(~kRunning);
  --run_depth_;
  active_sub_ = prev;
  e->flags &= ~kRecursedCheck;
  auto* bound = new Bound<EffectNode>();
  bound->node = e;
  effects_.push(bound);
  return bound;
}

double Graph::peek(Bound<SignalNode>* s) {
  SubscriberNode* prev = active_sub_;
  active_sub_ = nullptr;
  const double v = read_signal(s->node);
  active_sub_ = prev;
  return v;
}

double Graph::peek(Bound<ComputedNode>* c) {
  SubscriberNode* prev = active_sub_;
  active_sub_ = nullptr;
  const double v = read_computed(c->node);
  active_sub_ = prev;
  return v;
}

// signalOper with a value.
void Graph::set(Bound<SignalNode>* b, double v) {
  SignalNode* s = b->node;
  if (s->pending_value == v) return;
  s->pending_value = v;
  s->flags = kMutable | kDirty;
  if (s->subs != nullptr) {
    propagate(s->subs, run_depth_ != 0);
    if (batch_depth_ == 0) flush();
  }
}

// effectOper: effectScopeOper + cleanup. The node and the bound function become garbage.
void Graph::dispose(Bound<EffectNode>* b) {
  EffectNode* e = b->node;
  effects_.remove(b);
  delete b;
  --counts_.effects;
  e->flags = kNone;
  dispose_all_deps_in_reverse(e);
  e->life |= kDisposed;
  free_effect_if_done(e);
}

void Graph::free_effect_if_done(EffectNode* e) {
  if ((e->life & kDisposed) && !(e->life & (kQueued | kRunning))) delete e;
}

// ---- system.ts ----------------------------------------------------------------------------

void Graph::link(ReactiveNode* dep, SubscriberNode* sub, std::uint32_t version) {
  Link* prev_dep = sub->deps_tail;
  if (prev_dep != nullptr && prev_dep->dep == dep) return;
  Link* next_dep = prev_dep != nullptr ? prev_dep->next_dep : sub->deps;
  if (next_dep != nullptr && next_dep->dep == dep) {
    next_dep->version = version;
    sub->deps_tail = next_dep;
    return;
  }
  Link* prev_sub = dep->subs_tail;
  if (prev_sub != nullptr && prev_sub->version == version && prev_sub->sub == sub) return;
  auto* l = new Link{version, dep, sub, prev_sub, nullptr, prev_dep, next_dep};
  sub->deps_tail = l;
  dep->subs_tail = l;
  if (next_dep != nullptr) next_dep->prev_dep = l;
  if (prev_dep != nullptr) {
    prev_dep->next_dep = l;
  } else {
    sub->deps = l;
  }
  if (prev_sub != nullptr) {
    prev_sub->next_sub = l;
  } else {
    dep->subs = l;
  }
}

Link* Graph::unlink(Link* l, SubscriberNode* sub) {
  ReactiveNode* dep = l->dep;
  Link* prev_dep = l->prev_dep;
  Link* next_dep = l->next_dep;
  Link* next_sub = l->next_sub;
  Link* prev_sub = l->prev_sub;
  if (next_dep != nullptr) {
    next_dep->prev_dep = prev_dep;
  } else {
    sub->deps_tail = prev_dep;
  }
  if (prev_dep != nullptr) {
    prev_dep->next_dep = next_dep;
  } else {
    sub->deps = next_dep;
  }
  if (next_sub != nullptr) {
    next_sub->prev_sub = prev_sub;
  } else {
    dep->subs_tail = prev_sub;
  }
  delete l;
  if (prev_sub != nullptr) {
    prev_sub->next_sub = next_sub;
  } else if ((dep->subs = next_sub) == nullptr) {
    unwatched(dep);
  }
  return next_dep;
}

void Graph::propagate(Link* l, bool inner_write) {
  Link* next = l->next_sub;
  Frame* stack = nullptr;
  while (true) {
    SubscriberNode* sub = l->sub;
    std::uint32_t flags = sub->flags;
    if (!(flags & (kRecursedCheck | kRecursed | kDirty | kPending))) {
      sub->flags = flags | kPending;
      if (inner_write) sub->flags |= kRecursed;
    } else if (!(flags & (kRecursedCheck | kRecursed))) {
      flags = kNone;
    } else if (!(flags & kRecursedCheck)) {
      sub->flags = (flags & ~kRecursed) | kPending;
    } else if (!(flags & (kDirty | kPending)) && is_valid_link(l, sub)) {
      sub->flags = flags | kRecursed | kPending;
      flags &= kMutable;
    } else {
      flags = kNone;
    }
    if (flags & kWatching) notify(static_cast<EffectNode*>(sub));
    if (flags & kMutable) {
      if (Link* sub_subs = sub->subs; sub_subs != nullptr) {
        l = sub_subs;
        if (Link* next_sub = sub_subs->next_sub; next_sub != nullptr) {
          stack = new Frame{next, stack};  // descends into a node with several subscribers
          next = next_sub;
        }
        continue;
      }
    }
    if ((l = next) != nullptr) {
      next = l->next_sub;
      continue;
    }
    bool resumed = false;
    while (stack != nullptr) {
      Frame* top = stack;
      l = top->value;
      stack = top->prev;
      delete top;
      if (l != nullptr) {
        next = l->next_sub;
        resumed = true;
        break;
      }
    }
    if (!resumed) break;
  }
}

bool Graph::check_dirty(Link* l, SubscriberNode* sub) {
  Frame* stack = nullptr;
  int check_depth = 0;
  bool dirty = false;
  while (true) {
    ReactiveNode* dep = l->dep;
    const std::uint32_t flags = dep->flags;
    bool descended = false;
    if (sub->flags & kDirty) {
      dirty = true;
    } else if ((flags & (kMutable | kDirty)) == (kMutable | kDirty)) {
      Link* subs = dep->subs;
      if (update(dep)) {
        if (subs->next_sub != nullptr) shallow_propagate(subs);
        dirty = true;
      }
    } else if ((flags & (kMutable | kPending)) == (kMutable | kPending)) {
      stack = new Frame{l, stack};  // descends into a pending computed dependency
      auto* dep_sub = static_cast<SubscriberNode*>(dep);
      l = dep_sub->deps;
      sub = dep_sub;
      ++check_depth;
      descended = true;
    }
    if (descended) continue;
    if (!dirty) {
      if (Link* next_dep = l->next_dep; next_dep != nullptr) {
        l = next_dep;
        continue;
      }
    }
    bool resumed = false;
    while (check_depth-- > 0) {
      Frame* top = stack;
      l = top->value;
      stack = top->prev;
      delete top;
      if (dirty) {
        Link* subs = sub->subs;
        if (update(sub)) {
          if (subs->next_sub != nullptr) shallow_propagate(subs);
          sub = l->sub;
          continue;
        }
        dirty = false;
      } else {
        sub->flags &= ~kPending;
      }
      sub = l->sub;
      if (Link* next_dep = l->next_dep; next_dep != nullptr) {
        l = next_dep;
        resumed = true;
        break;
      }
    }
    if (resumed) continue;
    return dirty && sub->flags != 0;
  }
}

void Graph::shallow_propagate(Link* l) {
  do {
    SubscriberNode* sub = l->sub;
    const std::uint32_t flags = sub->flags;
    if ((flags & (kPending | kDirty)) == kPending) {
      sub->flags = flags | kDirty;
      if ((flags & (kWatching | kRecursedCheck)) == kWatching) notify(static_cast<EffectNode*>(sub));
    }
  } while ((l = l->next_sub) != nullptr);
}

bool Graph::is_valid_link(Link* check, SubscriberNode* sub) {
  for (Link* l = sub->deps_tail; l != nullptr; l = l->prev_dep) {
    if (l == check) return true;
  }
  return false;
}

bool Graph::update(ReactiveNode* node) {
  if (node->kind == Kind::kComputed) return update_computed(static_cast<ComputedNode*>(node));
  if (node->kind == Kind::kSignal) return update_signal(static_cast<SignalNode*>(node));
  node->flags = kMutable;  // effect scopes (not modelled)
  return true;
}

void Graph::notify(EffectNode* e) {
  // Nested effects are not modelled, so the parent chain of index.ts's notify is one long.
  if (queued_length_ == queued_.size()) {
    queued_.push_back(e);
  } else {
    queued_[queued_length_] = e;
  }
  ++queued_length_;
  e->flags &= ~kWatching;
  e->life |= kQueued;
}

void Graph::unwatched(ReactiveNode* node) {
  if (node->kind == Kind::kComputed) {
    auto* c = static_cast<ComputedNode*>(node);
    if (c->deps_tail != nullptr) {
      c->flags = kMutable | kDirty;
      dispose_all_deps_in_reverse(c);
    }
  } else if (node->kind == Kind::kEffect) {
    // An unwatched effect is disposed (effectOper); only reachable with nested effects.
    node->flags = kNone;
    dispose_all_deps_in_reverse(static_cast<EffectNode*>(node));
  }
}

// ---- index.ts -----------------------------------------------------------------------------

bool Graph::update_computed(ComputedNode* c) {
  c->deps_tail = nullptr;
  c->flags = kMutable | kRecursedCheck;
  SubscriberNode* prev = active_sub_;
  active_sub_ = c;
  ++cycle_;
  const double old_value = c->value;
  c->value = c->getter();
  active_sub_ = prev;
  c->flags &= ~kRecursedCheck;
  purge_deps(c);
  return old_value != c->value;
}

bool Graph::update_signal(SignalNode* s) {
  s->flags = kMutable;
  const bool changed = s->current_value != s->pending_value;
  s->current_value = s->pending_value;
  return changed;
}

void Graph::run(EffectNode* e) {
  const std::uint32_t flags = e->flags;
  if ((flags & kDirty) || ((flags & kPending) && check_dirty(e->deps, e))) {
    e->deps_tail = nullptr;
    e->flags = kWatching | kRecursedCheck;
    SubscriberNode* prev = active_sub_;
    active_sub_ = e;
    ++cycle_;
    ++run_depth_;
    e->life |= kRunning;
    e->fn();
    e->life &= static_cast<std::uint8_t>(~kRunning);
    --run_depth_;
    active_sub_ = prev;
    e->flags &= ~kRecursedCheck;
    purge_deps(e);
  } else if (e->deps != nullptr) {
    e->flags = kWatching;
  }
}

void Graph::flush() {
  while (notify_index_ < queued_length_) {
    EffectNode* e = queued_[notify_index_];
    queued_[notify_index_++] = nullptr;
    e->life &= static_cast<std::uint8_t>(~kQueued);
    run(e);
    free_effect_if_done(e);  // disposed while queued, or during its own run
  }
  notify_index_ = 0;
  queued_length_ = 0;
}

double Graph::read_computed(ComputedNode* c) {
  const std::uint32_t flags = c->flags;
  bool stale = (flags & kDirty) != 0;
  if (!stale && (flags & kPending)) {
    if (check_dirty(c->deps, c)) {
      stale = true;
    } else {
      c->flags = flags & ~kPending;
    }
  }
  if (stale) {
    if (update_computed(c)) {
      if (Link* subs = c->subs; subs != nullptr) shallow_propagate(subs);
    }
  } else if (flags == kNone) {
    // First read: evaluate, linking the dependencies as they are read.
    c->flags = kMutable | kRecursedCheck;
    SubscriberNode* prev = active_sub_;
    active_sub_ = c;
    c->value = c->getter();
    active_sub_ = prev;
    c->flags &= ~kRecursedCheck;
  }
  if (SubscriberNode* sub = active_sub_; sub != nullptr) link(c, sub, cycle_);
  return c->value;
}

double Graph::read_signal(SignalNode* s) {
  if (s->flags & kDirty) {
    if (update_signal(s)) {
      if (Link* subs = s->subs; subs != nullptr) shallow_propagate(subs);
    }
  }
  if (SubscriberNode* sub = active_sub_; sub != nullptr) link(s, sub, cycle_);
  return s->current_value;
}

void Graph::dispose_all_deps_in_reverse(SubscriberNode* sub) {
  for (Link* l = sub->deps_tail; l != nullptr;) {
    Link* prev = l->prev_dep;
    unlink(l, sub);
    l = prev;
  }
}

void Graph::purge_deps(SubscriberNode* sub) {
  Link* dep = sub->deps_tail != nullptr ? sub->deps_tail->next_dep : sub->deps;
  while (dep != nullptr) dep = unlink(dep, sub);
}

}  // namespace sigheap::alien_like
