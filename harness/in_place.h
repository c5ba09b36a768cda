#pragma once
// Holds a graph in place, never on the heap: the graph object's own size is not the model's
// allocation, so measurement and attribution keep it out of the counters this way.

#include <new>

namespace sigheap {

template <class G>
class InPlace {
 public:
  InPlace() = default;
  InPlace(const InPlace&) = delete;
  InPlace& operator=(const InPlace&) = delete;
  ~InPlace() { reset(); }
  G& emplace() {
    reset();
    graph_ = ::new (static_cast<void*>(storage_)) G();
    return *graph_;
  }
  void reset() {
    if (graph_ != nullptr) graph_->~G();
    graph_ = nullptr;
  }
  G& operator*() { return *graph_; }
  const G& operator*() const { return *graph_; }
  G* operator->() { return graph_; }
  const G* operator->() const { return graph_; }

 private:
  alignas(G) unsigned char storage_[sizeof(G)];
  G* graph_ = nullptr;
};

}  // namespace sigheap
