#pragma once
// lower-bound: the floor. The same semantics as the other models (push marks,
// pull recomputes, glitch-free, equal values cut propagation, edges reused
// across re-runs) with no per-node heap objects: four arrays of compact records
// (signals, computeds, effects, edges) linked by 32-bit indices, all in one
// heap block. A graph that is told its final shape (`reserve`) allocates the
// block once, exactly; otherwise a full array doubles (the block is laid out
// anew). See README.md.

#include <cstdint>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap::lower_bound {

using Index = std::uint32_t;
inline constexpr Index kNone = 0xffffffffu;

// A node id: kind in the top two bits, array index below.
using NodeId = std::uint32_t;

enum State : std::uint8_t { kClean = 0, kPending = 1, kDirty = 2, kStateMask = 3 };
enum Flag : std::uint8_t { kHasValue = 4, kQueued = 8, kRunning = 16, kDisposed = 32 };

struct SignalRecord {  // 16 B
  double value;
  Index subscribers;  // head of the subscriber edge list
};
struct ComputedRecord {  // 56 B
  Fn fn;
  double value;
  Index subscribers;
  Index dependencies;  // head of the dependency edge list, in read order
  std::uint8_t flags;
};
struct EffectRecord {  // 48 B
  Fn fn;
  Index dependencies;
  Index next;  // next queued effect, or the next free slot
  std::uint8_t flags;
};
struct EdgeRecord {  // 20 B
  NodeId producer;
  NodeId consumer;
  Index prev_subscriber;
  Index next_subscriber;
  Index next_dependency;  // also the free list's link
};

// One array of records inside the graph's block.
template <class T>
struct Column {
  T* data = nullptr;
  Index size = 0;
  T& operator[](Index i) { return data[i]; }
  const T& operator[](Index i) const { return data[i]; }
};

// The graph's one heap block starts with the capacities of its four arrays.
struct Directory {
  Index capacity[4];  // signals, computeds, effects, edges
};

struct SignalHandle {
  Index i;
};
struct ComputedHandle {
  Index i;
};
struct EffectHandle {
  Index i;
};

class Graph {
 public:
  static constexpr std::string_view name = "lower-bound";
  static constexpr std::string_view description =
      "the floor: compact records (signals, computeds, effects, edges) in arrays of one block, 32-bit links, "
      "no per-node heap objects";
  using SignalHandle = lower_bound::SignalHandle;
  using ComputedHandle = lower_bound::ComputedHandle;
  using EffectHandle = lower_bound::EffectHandle;

  Graph() = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  ~Graph() { ::operator delete(block_); }

  // Sizes every array for a graph of this shape, once (the harness calls it
  // before setup when it knows the shape, as a caller of an array-based library
  // would pass a capacity hint).
  void reserve(const Counts& shape);

  SignalHandle signal(double v);
  ComputedHandle computed(Fn fn);
  EffectHandle effect(Fn fn);
  double get(SignalHandle s);
  double get(ComputedHandle c);
  double peek(SignalHandle s) { return signals_[s.i].value; }
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
  template <class T>
  Index push(Column<T>& column, const T& record);
  template <class T>
  Index reuse_or_push(Column<T>& column, Index& free_head, Index T::*link, const T& record);
  void layout(const Index (&capacity)[4]);
  Index& subscribers_of(NodeId producer);
  Index& dependencies_of(NodeId consumer);
  std::uint8_t& flags_of(NodeId consumer);
  void track(NodeId producer);
  double run(NodeId consumer);
  void unlink(Index edge);
  void release_dependencies(Index first);
  void mark(NodeId consumer, State state);
  void update(Index computed);
  bool dependencies_changed(NodeId consumer);
  void run_effect(Index effect);
  void retire_effect(Index effect);
  void flush();

  Directory* block_ = nullptr;
  Column<SignalRecord> signals_;
  Column<ComputedRecord> computeds_;
  Column<EffectRecord> effects_;
  Column<EdgeRecord> edges_;
  Index free_edges_ = kNone;
  Index free_effects_ = kNone;
  Index live_effects_ = 0;
  NodeId consumer_ = kNone;  // the computed or effect running now
  Index cursor_ = kNone;     // its last dependency edge read in this run
  Index queue_head_ = kNone;
  Index queue_tail_ = kNone;
  int batch_depth_ = 0;
  bool flushing_ = false;
};

}  // namespace sigheap::lower_bound
