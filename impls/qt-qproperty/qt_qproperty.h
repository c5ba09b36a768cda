#pragma once
// qt-qproperty: Qt 6's property bindings (QtCore's QProperty), the real library, behind sigheap's
// Reactive concept; and qt-qobject-bindable, the same with each value a QObjectBindableProperty
// on a QObject of its own (how QObject classes expose bindable properties). Unlike the models, nothing here reproduces a structure: the bytes are Qt's
// own (QProperty values, QPropertyBindingPrivate blocks with the functor inside, dependency
// observers, QPropertyNotifier entries), counted through operator new *and* the malloc family.
// What the adapter adds of its own is small, listed in README.md, and kept out of Qt's figures
// where it can be.
//
//   signal   = QProperty<double> (qt-qobject-bindable: a QObject with a QObjectBindableProperty)
//   computed = the same with a binding; the binding's functor holds the user's Fn
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

#include <QtCore/QObject>
#include <QtCore/QProperty>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "impls/reactive.h"

namespace sigheap::qt_qproperty {

// Where a value lives. The graph reaches Qt only through `property` (value, setValue, setBinding,
// addNotifier, valueBypassingBindings), which both kinds of Qt property provide.
struct PlainCell {
  static constexpr std::string_view kImplName = "qt-qproperty";
  static constexpr std::string_view kDescription =
      "Qt 6 QProperty bindings (QtCore, the real library): eager bindings, dependency observers, "
      "QPropertyNotifier effects, property update groups";
  PlainCell() = default;
  explicit PlainCell(double v) : property(v) {}
  QProperty<double> property;
};

// A QObject holding one bindable property: Qt keeps the property's binding data in the object's
// QBindingStorage instead of next to the value.
class ObjectCell : public QObject {
 public:
  static constexpr std::string_view kImplName = "qt-qobject-bindable";
  static constexpr std::string_view kDescription =
      "Qt 6 QObjectBindableProperty, one QObject per value (QtCore, the real library): binding data in "
      "the object's QBindingStorage, otherwise as qt-qproperty";
  ObjectCell() = default;
  explicit ObjectCell(double v) { property.setValue(v); }
  Q_OBJECT_BINDABLE_PROPERTY(ObjectCell, double, property)
};

template <class Cell>
struct Signal : OwnedLink {
  explicit Signal(double v) : cell(v) {}
  Cell cell;
};

template <class Cell>
struct Computed : OwnedLink {
  Cell cell;                       // its binding owns the user's function
  std::uint32_t dependencies = 0;  // observers Qt registered in the last evaluation
};

// One dependency of an effect: the value it watches and Qt's notifier on it.
template <class Cell>
struct Watch {
  Cell* source;
  QPropertyNotifier notifier;
};

template <class Cell>
struct Effect : OwnedLink {
  explicit Effect(Fn f) : fn(f) {}
  Fn fn;
  std::vector<Watch<Cell>> watches;
  Effect* next_queued = nullptr;
  bool queued = false;
  bool running = false;
  bool disposed = false;
};

template <class Cell>
class BasicGraph {
 public:
  static constexpr std::string_view name = Cell::kImplName;
  static constexpr std::string_view description = Cell::kDescription;
  // Qt evaluates bindings eagerly (since 6.2): computeds a scenario never reads are evaluated too,
  // so their edges exist. The harness then checks the shape with "at least" this many edges.
  static constexpr bool kEagerComputeds = true;
  // Why a scenario is not run at these parameters (empty: it runs). Qt re-evaluates a binding once
  // per changed input, depth first, without ordering the graph: a chain of diamonds costs
  // 2^(depth-2) evaluations per write, so the layered scenarios run only with few layers.
  static std::string skip_reason(std::string_view scenario, const ParamValues& params);
  struct SignalHandle {
    Signal<Cell>* p;
  };
  struct ComputedHandle {
    Computed<Cell>* p;
  };
  struct EffectHandle {
    Effect<Cell>* p;
  };

  BasicGraph();
  BasicGraph(const BasicGraph&) = delete;
  BasicGraph& operator=(const BasicGraph&) = delete;
  ~BasicGraph();

  SignalHandle signal(double v);
  ComputedHandle computed(Fn fn);
  EffectHandle effect(Fn fn);
  double get(SignalHandle s) { return read(s.p->cell); }
  double get(ComputedHandle c) { return read(c.p->cell); }
  double peek(SignalHandle s) { return s.p->cell.property.valueBypassingBindings(); }
  double peek(ComputedHandle c) { return c.p->cell.property.valueBypassingBindings(); }
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
  double evaluate(Computed<Cell>* self, Fn& fn);
  // Called by Qt's notifier on a property an effect reads.
  void schedule(Effect<Cell>* e);

 private:
  double read(Cell& cell);
  void run(Effect<Cell>* e);
  void rewatch(Effect<Cell>* e, std::size_t first_read);
  void flush();

  OwnedList<Signal<Cell>> signals_;
  OwnedList<Computed<Cell>> computeds_;
  OwnedList<Effect<Cell>> effects_;
  std::uint64_t live_signals_ = 0;
  std::uint64_t live_computeds_ = 0;
  std::uint64_t live_effects_ = 0;
  // The values read by the evaluations in progress, innermost last (each evaluation's reads start
  // at `frame_start_`): the adapter's mirror of Qt's per-evaluation capture list, so it can count
  // a binding's dependencies and know an effect's sources. Its capacity is kept.
  std::vector<Cell*> reads_;
  std::size_t frame_start_ = 0;
  bool tracking_ = false;
  Effect<Cell>* queue_head_ = nullptr;
  Effect<Cell>* queue_tail_ = nullptr;
  int batch_depth_ = 0;
  bool flushing_ = false;
};

// Both are instantiated explicitly in qt_qproperty.cc, where the members are defined.
using Graph = BasicGraph<PlainCell>;        // qt-qproperty
using ObjectGraph = BasicGraph<ObjectCell>;  // qt-qobject-bindable

}  // namespace sigheap::qt_qproperty
