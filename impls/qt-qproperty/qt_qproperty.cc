#include "impls/qt-qproperty/qt_qproperty.h"

#include <algorithm>

namespace sigheap::qt_qproperty {
namespace {

// What Qt stores as the binding: the user's function (the concept's Fn, as every model holds it)
// and where to report the evaluation. Qt moves it into the QPropertyBindingPrivate block it
// allocates for the binding, so these 48 bytes are part of Qt's binding allocation.
struct Binder {
  Fn fn;
  Graph* graph;
  Computed* self;
  double operator()() { return graph->evaluate(self, fn); }
};

// Restores the read-tracking frame of the enclosing evaluation, also on an exception.
struct FrameGuard {
  std::size_t& start;
  bool& tracking;
  std::vector<QProperty<double>*>& reads;
  std::size_t saved_start;
  bool saved_tracking;
  FrameGuard(std::size_t& s, bool& t, std::vector<QProperty<double>*>& r)
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

}  // namespace

Graph::Graph() {
  // The read-tracking scratch, sized once so that its growth is not charged to whichever object
  // happens to need more room: 64 distinct reads per evaluation before it grows.
  reads_.reserve(64);
}

Graph::~Graph() {
  // Effects first (their notifiers unlink from the properties), then the bindings, then the
  // properties they observe.
  effects_.for_each([](Effect* e) { delete e; });
  computeds_.for_each([](Computed* c) { delete c; });
  signals_.for_each([](Signal* s) { delete s; });
}

SignalHandle Graph::signal(double v) {
  auto* s = new Signal(v);
  signals_.push(s);
  ++live_signals_;
  return {s};
}

ComputedHandle Graph::computed(Fn fn) {
  auto* c = new Computed();
  computeds_.push(c);
  ++live_computeds_;
  // Eager: Qt evaluates the binding right here.
  c->property.setBinding(Binder{fn, this, c});
  return {c};
}

EffectHandle Graph::effect(Fn fn) {
  auto* e = new Effect(fn);
  effects_.push(e);
  ++live_effects_;
  run(e);
  return {e};
}

double Graph::read(QProperty<double>& property) {
  // Qt registers a read once per evaluation (its capture list); the adapter mirrors that list.
  if (tracking_ && std::find(reads_.begin() + static_cast<std::ptrdiff_t>(frame_start_), reads_.end(),
                             &property) == reads_.end()) {
    reads_.push_back(&property);
  }
  return property.value();
}

double Graph::evaluate(Computed* self, Fn& fn) {
  FrameGuard frame(frame_start_, tracking_, reads_);
  const double v = fn();
  self->dependencies = static_cast<std::uint32_t>(reads_.size() - frame_start_);
  return v;
}

void Graph::set(SignalHandle s, double v) {
  s.p->property.setValue(v);  // evaluates dependent bindings, then calls the notifiers
  if (batch_depth_ == 0) flush();
}

void Graph::schedule(Effect* e) {
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

void Graph::run(Effect* e) {
  e->running = true;
  {
    FrameGuard frame(frame_start_, tracking_, reads_);
    e->fn();
    if (!e->disposed) rewatch(e, frame_start_);
  }
  e->running = false;
  if (e->disposed && !e->queued) delete e;
}

// Installs one notifier per property the run read, unless the run read exactly the properties
// already watched. Called outside Qt's notification (from flush or effect creation), so that
// no notifier is destroyed while Qt is calling it.
void Graph::rewatch(Effect* e, std::size_t first_read) {
  const std::size_t n = reads_.size() - first_read;
  bool same = n == e->watches.size();
  for (std::size_t i = 0; same && i < n; ++i) same = e->watches[i].source == reads_[first_read + i];
  if (same) return;
  std::vector<Watch> fresh;
  fresh.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    QProperty<double>* source = reads_[first_read + i];
    fresh.push_back(Watch{source, source->addNotifier([this, e] { schedule(e); })});
  }
  e->watches.swap(fresh);
}

void Graph::flush() {
  if (flushing_) return;  // a write from inside an effect: the running flush picks it up
  flushing_ = true;
  while (queue_head_ != nullptr) {
    Effect* e = queue_head_;
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

void Graph::dispose(EffectHandle h) {
  Effect* e = h.p;
  if (e->disposed) return;
  effects_.remove(e);
  --live_effects_;
  e->watches.clear();
  e->watches.shrink_to_fit();
  e->disposed = true;
  if (!e->queued && !e->running) delete e;
}

Counts Graph::counts() const {
  Counts c{.signals = live_signals_, .computeds = live_computeds_, .effects = live_effects_, .edges = 0};
  computeds_.for_each([&c](Computed* k) { c.edges += k->dependencies; });
  effects_.for_each([&c](Effect* e) { c.edges += e->watches.size(); });
  return c;
}

}  // namespace sigheap::qt_qproperty
