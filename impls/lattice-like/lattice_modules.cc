// lattice-like: the per-graph factory modules (graph traversal, graph edges,
// pull propagator, scheduler) and their closures' code.
#include "impls/lattice-like/lattice_closures.h"

namespace sigheap::lattice_like {
namespace {

// `Stack<Dependency>` of graph-traversal.ts: one heap object per push, freed
// when popped.
struct HeapFrames {
  Frame* top = nullptr;
  void push(Dependency* d) { top = new Frame{d, top}; }
  bool empty() const { return top == nullptr; }
  Dependency* pop() {
    Frame* f = top;
    Dependency* d = f->value;
    top = f->prev;
    delete f;
    return d;
  }
};

// lattice-optimized `pooled-frames`: the traversal's own reused array; deeper
// stacks spill into heap frames.
struct PooledFrames {
  Dependency** frames;
  int size = 0;
  HeapFrames spill;
  void push(Dependency* d) {
    if (size < kPooledFrames) {
      frames[size++] = d;
    } else {
      spill.push(d);
    }
  }
  bool empty() const { return size == 0; }
  Dependency* pop() { return spill.empty() ? frames[--size] : spill.pop(); }
};

// Push phase: depth-first over subscribers, marking PENDING; a frame per
// descent that leaves a sibling edge pending. (384a5253 pops only after a leaf;
// when a skipped node ends a list with frames pending, it stops early and
// misses updates. The model pops there too: same frames allocated, no missed
// updates.)
template <class Stack>
void traverse(Dependency* subscribers, OnLeaf* on_leaf, Stack& stack) {
  Dependency* current = subscribers;
  while (current != nullptr) {
    NodeHeader* consumer = current->consumer;
    const Status status = consumer->status;
    Dependency* consumer_subscribers =
        consumer->type == Type::kComputed ? static_cast<ComputedNode*>(consumer)->subscribers : nullptr;
    if (status != Status::kClean && status != Status::kDirty) {
      consumer_subscribers = nullptr;  // already visited: do not descend
    } else {
      consumer->status = Status::kPending;
      if (consumer_subscribers == nullptr) (*on_leaf)(consumer);
    }
    if (consumer_subscribers == nullptr) {
      current = current->next_consumer;
      if (current == nullptr && !stack.empty()) current = stack.pop();
      continue;
    }
    if (Dependency* sibling = current->next_consumer; sibling != nullptr) stack.push(sibling);
    current = consumer_subscribers;
  }
}

void traverse_graph_code(Closure<void(Dependency*, OnLeaf*)>*, Dependency* subscribers, OnLeaf* on_leaf) {
  HeapFrames stack;
  traverse(subscribers, on_leaf, stack);
}

void pooled_traverse_graph_code(Closure<void(Dependency*, OnLeaf*)>* self, Dependency* subscribers,
                                OnLeaf* on_leaf) {
  PooledFrames stack{static_cast<PooledTraverseGraph*>(self)->frames, 0, {}};
  traverse(subscribers, on_leaf, stack);
}

void noop_code(OnLeaf*, NodeHeader*) {}
OnLeaf g_noop{&noop_code};  // a module-level constant in graph-traversal.ts, not per graph

void traversal_propagate_code(PropagateFn* self, Dependency* subscribers) {
  (*static_cast<TraversalPropagate*>(self)->traverse_graph)(subscribers, &g_noop);
}

void track_dependency_code(Closure<void(ProducerNode*, NodeHeader*)>*, ProducerNode* producer,
                           NodeHeader* consumer_node) {
  ConsumerFields* consumer = consumer_fields(consumer_node);
  Dependency* tail = consumer->dependency_tail;
  if (tail != nullptr && tail->producer == producer) return;
  Dependency* next = tail != nullptr ? tail->next_dependency : consumer->dependencies;
  if (next != nullptr && next->producer == producer) {
    consumer->dependency_tail = next;  // reuse the edge of the previous run
    return;
  }
  Dependency* producer_tail = producer->subscribers_tail;
  auto* dep = new Dependency{producer, consumer_node, producer_tail, nullptr, tail, next};
  consumer->dependency_tail = dep;
  if (next != nullptr) next->prev_dependency = dep;
  if (tail != nullptr) {
    tail->next_dependency = dep;
  } else {
    consumer->dependencies = dep;
  }
  producer->subscribers_tail = dep;
  if (producer_tail != nullptr) {
    producer_tail->next_consumer = dep;
  } else {
    producer->subscribers = dep;
  }
}

// Unlinks `dep` and every edge after it in its consumer's list; they become
// garbage in JS.
void detach_all_code(Closure<void(Dependency*)>*, Dependency* dep) {
  Dependency* to_remove = dep;
  while (to_remove != nullptr) {
    ConsumerFields* consumer = consumer_fields(to_remove->consumer);
    ProducerNode* producer = to_remove->producer;
    Dependency* next_dependency = to_remove->next_dependency;
    if (next_dependency != nullptr) {
      next_dependency->prev_dependency = to_remove->prev_dependency;
    } else {
      consumer->dependency_tail = to_remove->prev_dependency;
    }
    if (to_remove->prev_dependency != nullptr) {
      to_remove->prev_dependency->next_dependency = next_dependency;
    } else {
      consumer->dependencies = next_dependency;
    }
    if (to_remove->next_consumer != nullptr) {
      to_remove->next_consumer->prev_consumer = to_remove->prev_consumer;
    } else {
      producer->subscribers_tail = to_remove->prev_consumer;
    }
    if (to_remove->prev_consumer != nullptr) {
      to_remove->prev_consumer->next_consumer = to_remove->next_consumer;
    } else {
      producer->subscribers = to_remove->next_consumer;
    }
    delete to_remove;
    to_remove = next_dependency;
  }
}

double track_code(Closure<double(BaseContext*, NodeHeader*, Fn*)>* self, BaseContext* ctx, NodeHeader* node,
                  Fn* fn) {
  ConsumerFields* consumer = consumer_fields(node);
  NodeHeader* prev = ctx->current_consumer;
  consumer->dependency_tail = nullptr;
  node->status = Status::kClean;
  ctx->current_consumer = node;
  const double result = (*fn)();
  ctx->current_consumer = prev;
  Dependency* tail = consumer->dependency_tail;
  if (Dependency* stale = tail != nullptr ? tail->next_dependency : consumer->dependencies) {
    (*static_cast<Track*>(self)->detach_all)(stale);
  }
  consumer->deferred_parent = nullptr;
  return result;
}

bool recompute_node_code(Closure<bool(ComputedNode*)>* self, ComputedNode* node) {
  auto* closure = static_cast<RecomputeNode*>(self);
  const double old_value = node->value;
  const bool had_value = node->has_value;
  node->stale = false;
  const double new_value = (*closure->track)(closure->ctx, node, &node->compute);
  if (!had_value || new_value != old_value) {  // JS: undefined !== first value
    node->value = new_value;
    node->has_value = true;
    node->status = Status::kDirty;
    // Model fix, not in 384a5253: a producer's DIRTY is overwritten by its next
    // recompute, so a pending consumer that had not pulled yet would later see
    // CLEAN and keep a stale value (differential test, seed 23). Flag pending
    // computed subscribers now; no allocation.
    for (Dependency* d = node->subscribers; d != nullptr; d = d->next_consumer) {
      if (d->consumer->type == Type::kComputed && d->consumer->status == Status::kPending) {
        d->consumer->stale = true;
      }
    }
    return true;
  }
  node->status = Status::kClean;
  return false;
}

// Pull phase: climbs through `deferredParent` instead of a stack: no
// allocation. (384a5253 clears deferredParent only when a node recomputes, so a
// node that climbs back without recomputing keeps it, and a later pull rooted
// there climbs into an unrelated consumer and runs it. The model clears it on
// every climb.)
void pull_updates_code(Closure<void(ComputedNode*)>* self, ComputedNode* root) {
  RecomputeNode& recompute = *static_cast<PullUpdates*>(self)->recompute_node;
  ComputedNode* current = root;
  while (current != nullptr) {
    ComputedNode* parent = current->deferred_parent;
    current->deferred_parent = nullptr;
    const Status status = current->status;
    if (status == Status::kClean) {
      current = parent;
      continue;
    }
    if (status == Status::kDirty || current->dependencies == nullptr || current->stale) {
      if (recompute(current) && parent != nullptr) parent->status = Status::kDirty;
      current = parent;
      continue;
    }
    bool moved = false;
    for (Dependency* dep = current->dependencies; dep != nullptr; dep = dep->next_dependency) {
      const Status producer_status = dep->producer->status;
      if (producer_status == Status::kDirty) {
        if (recompute(current) && parent != nullptr) parent->status = Status::kDirty;
        current = parent;
        moved = true;
        break;
      }
      if (producer_status == Status::kPending && dep->producer->type == Type::kComputed) {
        auto* producer = static_cast<ComputedNode*>(dep->producer);
        current->deferred_parent = parent;  // still waiting for this producer
        producer->deferred_parent = current;
        current = producer;
        moved = true;
        break;
      }
    }
    if (moved) continue;
    current->status = Status::kClean;
    current = parent;
  }
}

void scheduler_flush_code(Closure<void()>* self) {
  SchedulerState* s = static_cast<SchedulerFlush*>(self)->state;
  if (s->batch_depth > 0 || s->queue_head == nullptr) return;
  EffectNode* current = s->queue_head;
  s->queue_head = s->queue_tail = nullptr;
  while (current != nullptr) {
    EffectNode* next = current->next_scheduled;
    if (next != nullptr) current->next_scheduled = nullptr;
    if (current->status == Status::kScheduled) {
      current->status = Status::kClean;
      current->running = true;
      (*current->flush)();
      current->running = false;
    }
    if (current->zombie) {  // disposed while queued or while running: now
                            // unreferenced
      delete current->flush;
      delete current;
    }
    current = next;
  }
}

void queue_if_scheduled_code(OnLeaf* self, NodeHeader* node) {
  if (node->type != Type::kEffect || node->status != Status::kPending) return;
  SchedulerState* s = static_cast<QueueIfScheduled*>(self)->state;
  auto* scheduled = static_cast<EffectNode*>(node);
  node->status = Status::kScheduled;
  scheduled->next_scheduled = nullptr;
  if (s->queue_tail != nullptr) {
    s->queue_tail->next_scheduled = scheduled;
    s->queue_tail = scheduled;
  } else {
    s->queue_head = s->queue_tail = scheduled;
  }
}

void scheduled_propagate_code(PropagateFn* self, Dependency* subscribers) {
  auto* p = static_cast<ScheduledPropagate*>(self);
  (*p->propagate)(subscribers, p->queue_if_scheduled);
  if (p->state->queue_head == nullptr) return;
  (*p->flush)();
}

int start_batch_code(Closure<int()>* self) { return static_cast<StartBatch*>(self)->state->batch_depth++; }

int end_batch_code(Closure<int()>* self) {
  auto* e = static_cast<EndBatch*>(self);
  if (e->state->batch_depth != 0) {
    --e->state->batch_depth;
    if (e->state->batch_depth == 0 && e->state->queue_head != nullptr) (*e->flush)();
  }
  return e->state->batch_depth;
}

void dispose_node_code(Closure<void(EffectNode*, NodeCleanup*)>*, EffectNode* node, NodeCleanup* cleanup) {
  if (node->status == Status::kDisposed) return;
  node->status = Status::kDisposed;
  (*cleanup)(node);
}

// `singleton-helpers`: the stateless helpers as module-level objects, created
// once for every graph.
struct SharedHelpers {
  TraverseGraph traverse_graph{{&traverse_graph_code}};
  PooledTraverseGraph pooled_traverse_graph{{{&pooled_traverse_graph_code}}, {}};
  TraversalPropagate traversal_propagate{{&traversal_propagate_code}, &traverse_graph};
  TraversalPropagate pooled_traversal_propagate{{&traversal_propagate_code}, &pooled_traverse_graph};
  TrackDependency track_dependency{{&track_dependency_code}};
  DetachAll detach_all{{&detach_all_code}};
  Track track{{&track_code}, &detach_all};
  DisposeNode dispose_node{{&dispose_node_code}};
};
SharedHelpers g_shared;

}  // namespace

Modules Modules::create(bool singleton_helpers, bool pooled_frames) {
  Modules m{};
  m.shared_helpers = singleton_helpers;
  if (singleton_helpers) {
    m.traverse_graph = pooled_frames ? &g_shared.pooled_traverse_graph : &g_shared.traverse_graph;
    m.traversal_propagate =
        pooled_frames ? &g_shared.pooled_traversal_propagate : &g_shared.traversal_propagate;
    m.track_dependency = &g_shared.track_dependency;
    m.detach_all = &g_shared.detach_all;
    m.track = &g_shared.track;
    m.dispose_node = &g_shared.dispose_node;
  } else {
    // createGraphTraversal()
    m.traverse_graph = pooled_frames ? new PooledTraverseGraph{{{&pooled_traverse_graph_code}}, {}}
                                     : new TraverseGraph{{&traverse_graph_code}};
    m.traversal_propagate = new TraversalPropagate{{&traversal_propagate_code}, m.traverse_graph};
    // createGraphEdges()
    m.track_dependency = new TrackDependency{{&track_dependency_code}};
    m.detach_all = new DetachAll{{&detach_all_code}};
    m.track = new Track{{&track_code}, m.detach_all};
  }
  // createBaseContext()
  m.ctx = new BaseContext();
  // createPullPropagator({ctx, track})
  m.recompute_node = new RecomputeNode{{&recompute_node_code}, m.ctx, m.track};
  m.pull_updates = new PullUpdates{{&pull_updates_code}, m.recompute_node};
  // createScheduler({propagate: traverseGraph})
  m.scheduler = new SchedulerState();
  m.flush = new SchedulerFlush{{&scheduler_flush_code}, m.scheduler};
  m.queue_if_scheduled = new QueueIfScheduled{{&queue_if_scheduled_code}, m.scheduler};
  m.scheduled_propagate = new ScheduledPropagate{
      {&scheduled_propagate_code}, m.traverse_graph, m.queue_if_scheduled, m.flush, m.scheduler};
  m.start_batch = new StartBatch{{&start_batch_code}, m.scheduler};
  m.end_batch = new EndBatch{{&end_batch_code}, m.scheduler, m.flush};
  if (!singleton_helpers) m.dispose_node = new DisposeNode{{&dispose_node_code}};
  return m;
}

void Modules::destroy() {
  if (!shared_helpers) delete dispose_node;
  delete end_batch;
  delete start_batch;
  delete scheduled_propagate;
  delete queue_if_scheduled;
  delete flush;
  delete scheduler;
  delete pull_updates;
  delete recompute_node;
  delete ctx;
  if (shared_helpers) return;
  delete track;
  delete detach_all;
  delete track_dependency;
  delete traversal_propagate;
  if (traverse_graph->code == &pooled_traverse_graph_code) {
    delete static_cast<PooledTraverseGraph*>(traverse_graph);
  } else {
    delete traverse_graph;
  }
}

}  // namespace sigheap::lattice_like
