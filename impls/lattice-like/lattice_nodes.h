#pragma once
// lattice-like: node and edge objects, as Lattice's signals package declared
// them in its types.ts at the time of the memory investigation (commit
// 384a5253, Sept 2025).

#include <cstdint>

#include "impls/reactive.h"

namespace sigheap::lattice_like {

// One status enum, not bit flags (constants.ts).
enum class Status : std::uint8_t { kClean, kPending, kDirty, kScheduled, kDisposed };
enum class Type : std::uint8_t { kSignal, kComputed, kEffect };  // `__type`

struct Dependency;
struct ComputedNode;
struct EffectFlush;

// ReactiveNode {__type, status}. The bools live in the padding: `has_value`
// stands in for JS's `value === undefined` before the first compute;
// `running`/`zombie` for the garbage collector (when a disposed effect is no
// longer referenced by a running flush or the scheduler's queue); `stale` is
// the model's fix for a lost update (see recompute_node_code).
struct NodeHeader {
  Type type;
  Status status;
  bool has_value = false;
  bool running = false;
  bool zombie = false;
  bool stale = false;
};

// ProducerNode: {value, subscribers, subscribersTail}. A signal node is exactly
// this.
struct ProducerNode : NodeHeader {
  double value = 0;
  Dependency* subscribers = nullptr;
  Dependency* subscribers_tail = nullptr;
};

// ConsumerNode's own fields: {dependencies, dependencyTail, deferredParent}.
struct ConsumerFields {
  Dependency* dependencies = nullptr;
  Dependency* dependency_tail = nullptr;
  ComputedNode* deferred_parent = nullptr;
};

// DerivedNode: producer + consumer + `compute`.
struct ComputedNode : ProducerNode, ConsumerFields {
  Fn compute;
};

// ScheduledNode: consumer + {nextScheduled, flush}. `flush` is a per-instance
// closure.
struct EffectNode : NodeHeader, ConsumerFields {
  EffectNode* next_scheduled = nullptr;
  EffectFlush* flush = nullptr;
};

// The edge: exactly 6 pointers, no version.
struct Dependency {
  ProducerNode* producer;
  NodeHeader* consumer;
  Dependency* prev_consumer;
  Dependency* next_consumer;
  Dependency* prev_dependency;
  Dependency* next_dependency;
};

// `Stack<Dependency>` of graph-traversal.ts: {value, prev}, one heap object per
// push.
struct Frame {
  Dependency* value;
  Frame* prev;
};

inline ConsumerFields* consumer_fields(NodeHeader* n) {
  if (n->type == Type::kComputed) return static_cast<ComputedNode*>(n);
  return static_cast<EffectNode*>(n);
}

}  // namespace sigheap::lattice_like
