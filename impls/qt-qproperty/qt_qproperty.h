#pragma once
// qt-qproperty: Qt 6's property bindings (QtCore's QProperty), the real library, behind sigheap's
// Reactive concept. Unlike the models, nothing here reproduces a structure: the bytes are Qt's
// own (QProperty values, QPropertyBindingPrivate blocks with the functor inside, dependency
// observers, QPropertyNotifier entries), counted through operator new *and* the malloc family.
// What the adapter adds of its own is small, listed in README.md, and kept out of Qt's figures
// where it can be.
//
//   signal   = QProperty<double>
//   computed = QProperty<double> with a binding; the binding's functor holds the user's Fn
//   effect   = one QPropertyNotifier (addNotifier) per property the effect's function read
//   batch    = Qt::beginPropertyUpdateGroup / endPropertyUpdateGroup
//   edges    = a computed's dependency observers (the distinct properties its binding read in its
//              last evaluation, as Qt registers them) + an effect's notifiers
//
// Semantic differences from the JS libraries (tests/model_traits.h records them): bindings are
// evaluated eagerly -- at setBinding and whenever a dependency changes -- so computeds are never
// lazy, and a diamond's bottom binding may be evaluated once per changed input. Effects are
// coalesced by this adapter (Qt calls a notifier per changed property; the adapter runs the
// effect once, after the write), which is what a Qt user writing "run this when any of these
// changes" does with a queued flag.

#include <QtCore/QProperty>

#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::qt_qproperty {

class Graph;

struct Signal : OwnedLink {
  explicit Signal(double v) : property(v) {}
  QProperty<double> property;
};

struct Computed : OwnedLink {
  QProperty<double> property;  // its binding owns the user's function
  std::uint32_t dependencies = 0;  // observers Qt registered in the last evaluation
};

struct Effect;

// One dependency of an effect: the property it watches and Qt's notifier on it.
struct Watch {
  QProperty<double>* source;
  QPropertyNotifier notifier;
};

struct Effect : OwnedLink {
  explicit Effect(Fn f) : fn(f) {}
  Fn fn;
  std::vector<Watch> watches;
  Effect* next_queued = nullptr;
  bool queued = false;
  bool running = false;
  bool disposed = false;
};

struct SignalHandle {
  Signal* p;
};
struct ComputedHandle {
  Computed* p;
};
struct EffectHandle {
  Effect* p;
};

class Graph {
 public:
  static constexpr std::string_view name = "qt-qproperty";
  static constexpr std::string_view description =
      "Qt 6 QProperty bindings (QtCore, the real library): eager bindings, dependency observers, "
      "QPropertyNotifier effects, property update groups";
  using SignalHandle = qt_qproperty::SignalHandle;
  using ComputedHandle = qt_qproperty::ComputedHandle;
  using EffectHandle = qt_qproperty::EffectHandle;

  Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  ~Graph();

  SignalHandle signal(double v);
  ComputedHandle computed(Fn fn);
  EffectHandle effect(Fn fn);
  double get(SignalHandle s) { return read(s.p->property); }
  double get(ComputedHandle c) { return read(c.p->property); }
  double peek(SignalHandle s) { return s.p->property.valueBypassingBindings(); }
  double peek(ComputedHandle c) { return c.p->property.valueBypassingBindings(); }
  void set(SignalHandle s, double v);
  void dispose(EffectHandle e);

  template <class F>
  void batch(F&& f) {
    Qt::beginPropertyUpdateGroup();
    ++batch_depth_;
    ScopeExit end([this] {
      --batch_depth_;
      Qt::endPropertyUpdateGroup();  // the outermost end evaluates the bindings, fires the notifiers
      if (batch_depth_ == 0) flush();
    });
    f();
  }

  Counts counts() const;

  // Called by a computed's binding (the functor Qt stores): evaluates the user's function and
  // notes the properties it read.
  double evaluate(Computed* self, Fn& fn);
  // Called by Qt's notifier on a property an effect reads.
  void schedule(Effect* e);

 private:
  double read(QProperty<double>& property);
  void run(Effect* e);
  void rewatch(Effect* e, std::size_t first_read);
  void flush();

  OwnedList<Signal> signals_;
  OwnedList<Computed> computeds_;
  OwnedList<Effect> effects_;
  std::uint64_t live_signals_ = 0;
  std::uint64_t live_computeds_ = 0;
  std::uint64_t live_effects_ = 0;
  // The properties read by the evaluations in progress, innermost last (each evaluation's reads
  // start at `frame_start_`): the adapter's mirror of Qt's per-evaluation capture list, so it
  // can count a binding's dependencies and know an effect's sources. Its capacity is kept.
  std::vector<QProperty<double>*> reads_;
  std::size_t frame_start_ = 0;
  bool tracking_ = false;
  Effect* queue_head_ = nullptr;
  Effect* queue_tail_ = nullptr;
  int batch_depth_ = 0;
  bool flushing_ = false;
};

}  // namespace sigheap::qt_qproperty
