#include "impls/qt-qproperty/qt_qproperty.h"

#include <algorithm>

namespace sigheap::qt_qproperty {
namespace {

// What Qt stores as the binding: the user's function (the concept's Fn, as every model holds it)
// and where to report the evaluation. Qt moves it into the QPropertyBindingPrivate block it
// allocates for the binding, so these 48 bytes are part of Qt's binding allocation.
template <class Cell>
struct Binder {
  Fn fn;
  BasicGraph<Cell>* graph;
  Computed<Cell>* self;
  double operator()() { return graph->evaluate(self, fn); }
};

// Restores the read-tracking frame of the enclosing evaluation, also on an exception.
template <class Cell>
struct FrameGuard {
  std::size_t& start;
  bool& tracking;
  std::vector<Cell*>& reads;
  std::size_t saved_start;
  bool saved_tracking;
  FrameGuard(std::size_t& s, bool& t, std::vector<Cell*>& r)
      : start(s), tracking(t), reads(r), saved_start(s), saved_tracking(t) {
    start = reads.size();
    tracking = true;
  }
  ~FrameGuard() {
    reads.resize(start);
    start = saved_start;
    tracking = saved_tracking;
  }
};

// The first QObject of a thread creates that thread's QThreadData (496 bytes in 4 blocks with Qt
// 6.4.2), which lives as long as the thread: state of the process, not of a graph. Create it before
// main, so that the first qt-qobject-bindable graph measured does not carry it as a leak. (QProperty
// alone needs no such thing: its first binding, notifier and update group retain nothing.)
[[maybe_unused]] const bool kMainThreadDataCreated = [] {
  const QObject first;
  return true;
}();

}  // namespace

template <class Cell>
BasicGraph<Cell>::BasicGraph() {
  // The read-tracking scratch, sized once so that its growth is not charged to whichever object
  // happens to need more room: 64 distinct reads per evaluation before it grows.
  reads_.reserve(64);
}

template <class Cell>
BasicGraph<Cell>::~BasicGraph() {
  // Effects first (their notifiers unlink from the properties), then the bindings, then the
  // properties they observe.
  effects_.for_each([](Effect<Cell>* e) { delete e; });
  computeds_.for_each([](Computed<Cell>* c) { delete c; });
  signals_.for_each([](Signal<Cell>* s) { delete s; });
}

template <class Cell>
auto BasicGraph<Cell>::signal(double v) -> SignalHandle {
  auto* s = new Signal<Cell>(v);
  signals_.push(s);
  ++live_signals_;
  return {s};
}

template <class Cell>
auto BasicGraph<Cell>::computed(Fn fn) -> ComputedHandle {
  auto* c = new Computed<Cell>();
  computeds_.push(c);
  ++live_computeds_;
  // Eager: Qt evaluates the binding right here.
  c->cell.property.setBinding(Binder<Cell>{fn, this, c});
  return {c};
}

template <class Cell>
auto BasicGraph<Cell>::effect(Fn fn) -> EffectHandle {
  auto* e = new Effect<Cell>(fn);
  effects_.push(e);
  ++live_effects_;
  run(e);
  return {e};
}

template <class Cell>
double BasicGraph<Cell>::read(Cell& cell) {
  // Qt registers a read once per evaluation (its capture list); the adapter mirrors that list.
  if (tracking_ && std::find(reads_.begin() + static_cast<std::ptrdiff_t>(frame_start_), reads_.end(),
                             &cell) == reads_.end()) {
    reads_.push_back(&cell);
  }
  return cell.property.value();
}

template <class Cell>
double BasicGraph<Cell>::evaluate(Computed<Cell>* self, Fn& fn) {
  FrameGuard<Cell> frame(frame_start_, tracking_, reads_);
  const double v = fn();
  self->dependencies = static_cast<std::uint32_t>(reads_.size() - frame_start_);
  return v;
}

template <class Cell>
void BasicGraph<Cell>::set(SignalHandle s, double v) {
  s.p->cell.property.setValue(v);  // evaluates dependent bindings, then calls the notifiers
  if (batch_depth_ == 0) flush();
}

template <class Cell>
void BasicGraph<Cell>::schedule(Effect<Cell>* e) {
  if (e->queued || e->disposed) return;
  e->queued = true;
  e->next_queued = nullptr;
  if (queue_tail_ != nullptr) {
    queue_tail_->next_queued = e;
  } else {
    queue_head_ = e;
  }
  queue_tail_ = e;
}

template <class Cell>
void BasicGraph<Cell>::run(Effect<Cell>* e) {
  e->running = true;
  {
    FrameGuard<Cell> frame(frame_start_, tracking_, reads_);
    e->fn();
    if (!e->disposed) rewatch(e, frame_start_);
  }
  e->running = false;
  if (e->disposed && !e->queued) delete e;
}

// Installs one notifier per property the run read, unless the run read exactly the properties
// already watched. Called outside Qt's notification (from flush or effect creation), so that
// no notifier is destroyed while Qt is calling it.
template <class Cell>
void BasicGraph<Cell>::rewatch(Effect<Cell>* e, std::size_t first_read) {
  const std::size_t n = reads_.size() - first_read;
  bool same = n == e->watches.size();
  for (std::size_t i = 0; same && i < n; ++i) same = e->watches[i].source == reads_[first_read + i];
  if (same) return;
  std::vector<Watch<Cell>> fresh;
  fresh.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Cell* source = reads_[first_read + i];
    fresh.push_back(Watch<Cell>{source, source->property.addNotifier([this, e] { schedule(e); })});
  }
  e->watches.swap(fresh);
}

template <class Cell>
void BasicGraph<Cell>::flush() {
  if (flushing_) return;  // a write from inside an effect: the running flush picks it up
  flushing_ = true;
  while (queue_head_ != nullptr) {
    Effect<Cell>* e = queue_head_;
    queue_head_ = e->next_queued;
    if (queue_head_ == nullptr) queue_tail_ = nullptr;
    e->queued = false;
    if (e->disposed) {
      if (!e->running) delete e;
      continue;
    }
    run(e);
  }
  flushing_ = false;
}

template <class Cell>
void BasicGraph<Cell>::dispose(EffectHandle h) {
  Effect<Cell>* e = h.p;
  if (e->disposed) return;
  effects_.remove(e);
  --live_effects_;
  e->watches.clear();
  e->watches.shrink_to_fit();
  e->disposed = true;
  if (!e->queued && !e->running) delete e;
}

template <class Cell>
Counts BasicGraph<Cell>::counts() const {
  Counts c{.signals = live_signals_, .computeds = live_computeds_, .effects = live_effects_, .edges = 0};
  computeds_.for_each([&c](Computed<Cell>* k) { c.edges += k->dependencies; });
  effects_.for_each([&c](Effect<Cell>* e) { c.edges += e->watches.size(); });
  return c;
}

template <class Cell>
std::string BasicGraph<Cell>::skip_reason(std::string_view scenario, const ParamValues& params) {
  struct Limit {
    std::string_view scenario;
    std::int64_t max_layers;  // the deepest graph that runs in seconds
  };
  static constexpr Limit kLimits[] = {
      {"cellx", 10}, {"dynamic-wide-dense", 3}, {"dynamic-deep", 12}, {"dynamic-very-dynamic", 4}};
  for (const Limit& l : kLimits) {
    if (l.scenario == scenario && params.has("layers") && params["layers"] > l.max_layers) {
      return "Qt re-evaluates a binding once per changed input, depth first (eager bindings), so a "
             "layered graph costs exponentially many evaluations per write: runs with --param layers=" +
             std::to_string(l.max_layers) + " or fewer";
    }
  }
  return {};
}

template class BasicGraph<PlainCell>;
template class BasicGraph<ObjectCell>;

}  // namespace sigheap::qt_qproperty
