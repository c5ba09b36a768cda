#pragma once
// lattice-like: every closure Lattice's factory modules and node factories
// create, as a heap object holding its code pointer and exactly the variables
// it captures. Calls go through the code pointer, as a JS call goes through the
// function object.

#include "impls/lattice-like/lattice_nodes.h"

namespace sigheap::lattice_like {

template <class Sig>
struct Closure;
template <class R, class... A>
struct Closure<R(A...)> {
  R (*code)(Closure*, A...);
  R operator()(A... a) { return code(this, a...); }
};

using OnLeaf = Closure<void(NodeHeader*)>;
using PropagateFn = Closure<void(Dependency*)>;

// context.ts: createBaseContext()
struct BaseContext {
  NodeHeader* current_consumer = nullptr;
  EffectNode* queue_head = nullptr;  // declared by the base context; the scheduler keeps its own
  EffectNode* queue_tail = nullptr;
};

// helpers/graph-traversal.ts: createGraphTraversal() -> {traverseGraph,
// propagate}
struct TraverseGraph : Closure<void(Dependency*, OnLeaf*)> {};
struct TraversalPropagate : PropagateFn {
  TraverseGraph* traverse_graph;
};

// helpers/graph-edges.ts: createGraphEdges() -> {trackDependency, detachAll,
// track}
struct TrackDependency : Closure<void(ProducerNode*, NodeHeader*)> {};
struct DetachAll : Closure<void(Dependency*)> {};
struct Track : Closure<double(BaseContext*, NodeHeader*, Fn*)> {
  DetachAll* detach_all;
};

// helpers/pull-propagator.ts: createPullPropagator({ctx, track}) ->
// recomputeNode, pullUpdates
struct RecomputeNode : Closure<bool(ComputedNode*)> {
  BaseContext* ctx;
  Track* track;
};
struct PullUpdates : Closure<void(ComputedNode*)> {
  RecomputeNode* recompute_node;
};

// helpers/scheduler.ts: createScheduler({propagate}); its `let` variables live
// in one context.
struct SchedulerState {
  int batch_depth = 0;
  EffectNode* queue_head = nullptr;
  EffectNode* queue_tail = nullptr;
};
struct SchedulerFlush : Closure<void()> {
  SchedulerState* state;
};
struct QueueIfScheduled : OnLeaf {
  SchedulerState* state;
};
struct ScheduledPropagate : PropagateFn {
  TraverseGraph* propagate;  // the traversal's traverseGraph, passed in as `propagate`
  QueueIfScheduled* queue_if_scheduled;
  SchedulerFlush* flush;
  SchedulerState* state;
};
struct StartBatch : Closure<int()> {
  SchedulerState* state;
};
struct EndBatch : Closure<int()> {
  SchedulerState* state;
  SchedulerFlush* flush;
};
using NodeCleanup = Closure<void(EffectNode*)>;
struct DisposeNode : Closure<void(EffectNode*, NodeCleanup*)> {};

// ---- per instance
// --------------------------------------------------------------------------

// `signal.peek = () => node.value` (the accessors are in lattice_graph.h: their
// layout depends on the variant's switches).
struct SignalPeek : Closure<double()> {
  ProducerNode* node;
};

// `computed.peek = () => {...}`: an untracked read.
struct ComputedPeek : Closure<double()> {
  ComputedNode* node;
  BaseContext* ctx;
  PullUpdates* pull_updates;
};
// The effect node's `flush()` method, a per-instance closure over
// createEffect's variables (node, ctx, track, run, and the mutable `cleanup`).
struct EffectFlush : Closure<void()> {
  EffectNode* node;
  BaseContext* ctx;
  Track* track;
  Fn run;
  void* cleanup = nullptr;  // cleanup functions are not modelled (always null)
};
// `() => disposeNode(node, (node) => {...})`: what effect() returns.
struct EffectDispose : OwnedLink, Closure<void()> {
  DisposeNode* dispose_node;
  EffectNode* node;
  DetachAll* detach_all;
  EffectFlush* env;  // createEffect's context (the `cleanup` variable)
};
// The inner `(node) => { cleanup?.(); detachAll(...) }`, created by each
// dispose call.
struct EffectCleanup : NodeCleanup {
  EffectFlush* env;
  DetachAll* detach_all;
};

// The factory modules' `method`s: createSignal and createComputed are in
// lattice_graph.h.
struct CreateEffect : Closure<EffectDispose*(Fn)> {
  BaseContext* ctx;
  DisposeNode* dispose;
  Track* track;
  DetachAll* detach_all;
};
struct BatchMethod {  // called inline by Graph::batch (the user's function is a
                      // template)
  void* code;
  StartBatch* start_batch;
  EndBatch* end_batch;
};

}  // namespace sigheap::lattice_like

namespace sigheap::lattice_like {

// One API instance's helper modules, created by Graph's constructor in the
// order Lattice's helpers are composed. With `singleton_helpers` the stateless
// ones (traversal, edges, disposeNode) are module-level objects shared by every
// graph, not allocated per graph. With `pooled_frames` the traversal keeps a
// reused frame stack (`PooledTraverseGraph`) instead of a heap frame per push.
struct Modules {
  TraverseGraph* traverse_graph;
  TraversalPropagate* traversal_propagate;
  TrackDependency* track_dependency;
  DetachAll* detach_all;
  Track* track;
  BaseContext* ctx;
  RecomputeNode* recompute_node;
  PullUpdates* pull_updates;
  SchedulerState* scheduler;
  SchedulerFlush* flush;
  QueueIfScheduled* queue_if_scheduled;
  ScheduledPropagate* scheduled_propagate;
  StartBatch* start_batch;
  EndBatch* end_batch;
  DisposeNode* dispose_node;
  bool shared_helpers;

  static Modules create(bool singleton_helpers, bool pooled_frames);
  void destroy();
};

// Frames a `PooledTraverseGraph` holds; a deeper descent spills into heap
// frames.
inline constexpr int kPooledFrames = 16;
struct PooledTraverseGraph : TraverseGraph {
  Dependency* frames[kPooledFrames];
};

// Shared code of the per-instance closures (lattice_modules.cc).
double untracked_pull(ComputedNode* node, BaseContext* ctx, PullUpdates* pull_updates);
double signal_peek_code(Closure<double()>* self);
double computed_peek_code(Closure<double()>* self);
EffectDispose* create_effect_code(Closure<EffectDispose*(Fn)>* self, Fn run);
void effect_dispose_code(Closure<void()>* self);
void free_dependencies(ConsumerFields* c);

}  // namespace sigheap::lattice_like
