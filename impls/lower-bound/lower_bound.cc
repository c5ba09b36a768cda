// lower-bound: the algorithm over index-linked records. Push: a write marks
// direct subscribers DIRTY and everything downstream PENDING (recursively, no
// heap), queueing effects. Pull: a PENDING computed brings its computed
// dependencies up to date in read order and recomputes only if one of them
// changed (a recompute with a new value marks its PENDING subscribers DIRTY).
#include "impls/lower-bound/lower_bound.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>

namespace sigheap::lower_bound {
namespace {

enum Kind : std::uint32_t { kSignalKind = 0, kComputedKind = 1, kEffectKind = 2 };
constexpr std::uint32_t kKindShift = 30;
constexpr Index kIndexMask = (1u << kKindShift) - 1;

NodeId node_id(Kind k, Index i) { return (static_cast<std::uint32_t>(k) << kKindShift) | i; }
Kind kind_of(NodeId n) { return static_cast<Kind>(n >> kKindShift); }
Index index_of(NodeId n) { return n & kIndexMask; }
std::uint8_t state_of(std::uint8_t flags) { return flags & kStateMask; }
std::uint8_t with_state(std::uint8_t flags, std::uint8_t state) {
  return static_cast<std::uint8_t>((flags & ~kStateMask) | state);
}

}  // namespace

static_assert(sizeof(SignalRecord) == 16 && sizeof(ComputedRecord) == 56 && sizeof(EffectRecord) == 48 &&
              sizeof(EdgeRecord) == 20);

namespace {

// Which of the Directory's capacities is T's.
template <class T>
constexpr int kColumnOf = std::is_same_v<T, SignalRecord>     ? 0
                          : std::is_same_v<T, ComputedRecord> ? 1
                          : std::is_same_v<T, EffectRecord>   ? 2
                                                              : 3;

template <class T>
std::byte* place(Column<T>& column, std::byte* at, Index capacity) {
  if (column.size != 0) std::memcpy(static_cast<void*>(at), column.data, sizeof(T) * column.size);
  column.data = reinterpret_cast<T*>(at);
  return at + sizeof(T) * capacity;
}

}  // namespace

// Allocates a block for these capacities and moves the arrays into it.
void Graph::layout(const Index (&capacity)[4]) {
  const std::size_t bytes = sizeof(Directory) + sizeof(SignalRecord) * capacity[0] +
                            sizeof(ComputedRecord) * capacity[1] + sizeof(EffectRecord) * capacity[2] +
                            sizeof(EdgeRecord) * capacity[3];
  auto* block = static_cast<std::byte*>(::operator new(bytes));
  auto* directory =
      ::new (static_cast<void*>(block)) Directory{{capacity[0], capacity[1], capacity[2], capacity[3]}};
  std::byte* at = block + sizeof(Directory);
  at = place(signals_, at, capacity[0]);
  at = place(computeds_, at, capacity[1]);
  at = place(effects_, at, capacity[2]);
  place(edges_, at, capacity[3]);
  ::operator delete(block_);
  block_ = directory;
}

template <class T>
Index Graph::push(Column<T>& column, const T& record) {
  const int k = kColumnOf<T>;
  if (block_ == nullptr || column.size == block_->capacity[k]) {
    Index capacity[4] = {};
    if (block_ != nullptr) std::memcpy(capacity, block_->capacity, sizeof capacity);
    capacity[k] = capacity[k] == 0 ? 4 : capacity[k] * 2;
    layout(capacity);
  }
  ::new (static_cast<void*>(&column.data[column.size])) T(record);
  return column.size++;
}

// A freed slot from the free list threaded through `link`, else a new one at the end.
template <class T>
Index Graph::reuse_or_push(Column<T>& column, Index& free_head, Index T::*link, const T& record) {
  const Index i = free_head;
  if (i == kNone) return push(column, record);
  free_head = column[i].*link;
  column[i] = record;
  return i;
}

void Graph::reserve(const Counts& shape) {
  const Index wanted[4] = {static_cast<Index>(shape.signals), static_cast<Index>(shape.computeds),
                           static_cast<Index>(shape.effects), static_cast<Index>(shape.edges)};
  Index capacity[4] = {};
  bool grow = block_ == nullptr;
  for (int k = 0; k < 4; ++k) {
    capacity[k] = block_ == nullptr ? wanted[k] : std::max(block_->capacity[k], wanted[k]);
    grow = grow || (block_ != nullptr && capacity[k] != block_->capacity[k]);
  }
  if (grow) layout(capacity);
}

Index& Graph::subscribers_of(NodeId producer) {
  return kind_of(producer) == kSignalKind ? signals_[index_of(producer)].subscribers
                                          : computeds_[index_of(producer)].subscribers;
}

Index& Graph::dependencies_of(NodeId consumer) {
  return kind_of(consumer) == kComputedKind ? computeds_[index_of(consumer)].dependencies
                                            : effects_[index_of(consumer)].dependencies;
}

std::uint8_t& Graph::flags_of(NodeId consumer) {
  return kind_of(consumer) == kComputedKind ? computeds_[index_of(consumer)].flags
                                            : effects_[index_of(consumer)].flags;
}

SignalHandle Graph::signal(double v) { return {push(signals_, SignalRecord{v, kNone})}; }

ComputedHandle Graph::computed(Fn fn) {
  return {push(computeds_, ComputedRecord{fn, 0.0, kNone, kNone, kDirty})};
}

EffectHandle Graph::effect(Fn fn) {
  const Index i =
      reuse_or_push(effects_, free_effects_, &EffectRecord::next, EffectRecord{fn, kNone, kNone, kDirty});
  ++live_effects_;
  run_effect(i);
  return {i};
}

// Records that the running consumer read `producer`: the edge after the cursor
// is reused when it points to the same producer (the previous run read in the
// same order), else a new one is linked.
void Graph::track(NodeId producer) {
  if (consumer_ == kNone) return;
  const Index prev = cursor_;
  const Index next = prev == kNone ? dependencies_of(consumer_) : edges_[prev].next_dependency;
  if (next != kNone && edges_[next].producer == producer) {
    cursor_ = next;
    return;
  }
  if (prev != kNone && edges_[prev].producer == producer) return;  // read twice in a row
  const Index e = reuse_or_push(edges_, free_edges_, &EdgeRecord::next_dependency,
                                EdgeRecord{producer, consumer_, kNone, subscribers_of(producer), next});
  Index& subscribers = subscribers_of(producer);
  if (subscribers != kNone) edges_[subscribers].prev_subscriber = e;
  subscribers = e;
  if (prev == kNone) {
    dependencies_of(consumer_) = e;
  } else {
    edges_[prev].next_dependency = e;
  }
  cursor_ = e;
}

double Graph::run(NodeId consumer) {
  // The function is copied out: the arrays may grow while it runs.
  Fn fn = kind_of(consumer) == kComputedKind ? computeds_[index_of(consumer)].fn
                                             : effects_[index_of(consumer)].fn;
  const NodeId prev_consumer = consumer_;
  const Index prev_cursor = cursor_;
  consumer_ = consumer;
  cursor_ = kNone;
  ScopeExit restore([&] {
    // Edges after the cursor were not read by this run: drop them.
    Index stale;
    if (cursor_ == kNone) {
      stale = dependencies_of(consumer);
      dependencies_of(consumer) = kNone;
    } else {
      stale = edges_[cursor_].next_dependency;
      edges_[cursor_].next_dependency = kNone;
    }
    release_dependencies(stale);
    consumer_ = prev_consumer;
    cursor_ = prev_cursor;
  });
  return fn();
}

void Graph::unlink(Index edge) {
  const EdgeRecord& r = edges_[edge];
  if (r.prev_subscriber != kNone) {
    edges_[r.prev_subscriber].next_subscriber = r.next_subscriber;
  } else {
    subscribers_of(r.producer) = r.next_subscriber;
  }
  if (r.next_subscriber != kNone) edges_[r.next_subscriber].prev_subscriber = r.prev_subscriber;
}

void Graph::release_dependencies(Index first) {
  for (Index e = first; e != kNone;) {
    const Index next = edges_[e].next_dependency;
    unlink(e);
    edges_[e].next_dependency = free_edges_;
    free_edges_ = e;
    e = next;
  }
}

// Raises a consumer to `state` (PENDING < DIRTY); a CLEAN consumer passes
// PENDING on to its own subscribers, or, an effect, is queued.
void Graph::mark(NodeId consumer, State state) {
  std::uint8_t& flags = flags_of(consumer);
  const std::uint8_t current = state_of(flags);
  if (current >= state) return;
  flags = with_state(flags, state);
  if (current != kClean) return;  // already PENDING: downstream is marked
  if (kind_of(consumer) == kEffectKind) {
    if ((flags & (kQueued | kDisposed)) != 0) return;
    flags |= kQueued;
    const Index i = index_of(consumer);
    effects_[i].next = kNone;
    if (queue_tail_ != kNone) {
      effects_[queue_tail_].next = i;
    } else {
      queue_head_ = i;
    }
    queue_tail_ = i;
    return;
  }
  for (Index e = computeds_[index_of(consumer)].subscribers; e != kNone; e = edges_[e].next_subscriber) {
    mark(edges_[e].consumer, kPending);
  }
}

// Brings computed `c` up to date.
void Graph::update(Index c) {
  const std::uint8_t flags = computeds_[c].flags;
  if ((flags & kHasValue) != 0) {
    if (state_of(flags) == kClean) return;
    if (state_of(flags) == kPending && !dependencies_changed(node_id(kComputedKind, c))) {
      computeds_[c].flags = with_state(computeds_[c].flags, kClean);
      return;
    }
  }
  const double old_value = computeds_[c].value;
  const double value = run(node_id(kComputedKind, c));
  ComputedRecord& record = computeds_[c];
  record.flags = static_cast<std::uint8_t>(with_state(record.flags, kClean) | kHasValue);
  if ((flags & kHasValue) != 0 && value == old_value) return;
  record.value = value;
  for (Index e = record.subscribers; e != kNone; e = edges_[e].next_subscriber) {
    std::uint8_t& sub = flags_of(edges_[e].consumer);
    if (state_of(sub) == kPending) sub = with_state(sub, kDirty);
  }
}

// For a PENDING consumer: updates its computed dependencies in read order until
// one of them changed (which marks the consumer DIRTY).
bool Graph::dependencies_changed(NodeId consumer) {
  for (Index e = dependencies_of(consumer); e != kNone; e = edges_[e].next_dependency) {
    const NodeId producer = edges_[e].producer;
    if (kind_of(producer) == kComputedKind) update(index_of(producer));
    if (state_of(flags_of(consumer)) == kDirty) return true;
  }
  return false;
}

double Graph::get(SignalHandle s) {
  track(node_id(kSignalKind, s.i));
  return signals_[s.i].value;
}

double Graph::get(ComputedHandle c) {
  track(node_id(kComputedKind, c.i));
  update(c.i);
  return computeds_[c.i].value;
}

double Graph::peek(ComputedHandle c) {
  const NodeId prev = consumer_;
  consumer_ = kNone;
  ScopeExit restore([&] { consumer_ = prev; });
  update(c.i);
  return computeds_[c.i].value;
}

void Graph::set(SignalHandle s, double v) {
  if (signals_[s.i].value == v) return;
  signals_[s.i].value = v;
  for (Index e = signals_[s.i].subscribers; e != kNone; e = edges_[e].next_subscriber) {
    mark(edges_[e].consumer, kDirty);
  }
  flush();
}

void Graph::run_effect(Index i) {
  effects_[i].flags = static_cast<std::uint8_t>(with_state(effects_[i].flags, kClean) | kRunning);
  ScopeExit done([&] {
    effects_[i].flags &= static_cast<std::uint8_t>(~kRunning);
    if ((effects_[i].flags & kDisposed) != 0) retire_effect(i);  // disposed itself while running
  });
  run(node_id(kEffectKind, i));
}

void Graph::flush() {
  if (flushing_ || batch_depth_ > 0) return;
  flushing_ = true;
  ScopeExit done([&] { flushing_ = false; });
  while (queue_head_ != kNone) {
    const Index i = queue_head_;
    queue_head_ = effects_[i].next;
    if (queue_head_ == kNone) queue_tail_ = kNone;
    effects_[i].flags &= static_cast<std::uint8_t>(~kQueued);
    const std::uint8_t flags = effects_[i].flags;
    if ((flags & kDisposed) != 0) {
      retire_effect(i);
      continue;
    }
    const NodeId n = node_id(kEffectKind, i);
    if (state_of(flags) == kDirty || (state_of(flags) == kPending && dependencies_changed(n))) {
      run_effect(i);
    } else {
      effects_[i].flags = with_state(effects_[i].flags, kClean);
    }
  }
}

void Graph::dispose(EffectHandle e) {
  if ((effects_[e.i].flags & kDisposed) != 0) return;
  effects_[e.i].flags |= kDisposed;
  --live_effects_;
  retire_effect(e.i);
}

// A disposed effect gives back its edges and its slot once nothing refers to
// it: not while it is running (its run still tracks) and not while it is queued
// (the flush skips it then).
void Graph::retire_effect(Index i) {
  EffectRecord& r = effects_[i];
  if ((r.flags & (kRunning | kQueued)) != 0) return;
  release_dependencies(r.dependencies);
  effects_[i].dependencies = kNone;
  effects_[i].next = free_effects_;
  free_effects_ = i;
}

Counts Graph::counts() const {
  Counts c{.signals = signals_.size, .computeds = computeds_.size, .effects = live_effects_, .edges = 0};
  auto count_distinct = [&](Index first) {
    for (Index e = first; e != kNone; e = edges_[e].next_dependency) {
      Index earlier = first;
      while (earlier != e && edges_[earlier].producer != edges_[e].producer) {
        earlier = edges_[earlier].next_dependency;
      }
      if (earlier == e) ++c.edges;
    }
  };
  for (Index i = 0; i < computeds_.size; ++i) count_distinct(computeds_[i].dependencies);
  for (Index i = 0; i < effects_.size; ++i) {
    if ((effects_[i].flags & kDisposed) == 0) count_distinct(effects_[i].dependencies);
  }
  return c;
}

}  // namespace sigheap::lower_bound
