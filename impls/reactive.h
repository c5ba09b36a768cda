#pragma once
// The one header that impls (models) and scenarios share: the Reactive concept every model
// satisfies, the callable type every model stores the user's functions in, and the scenario
// contract. Nothing here allocates.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

namespace sigheap {

// Live objects of a graph, for shape checks and conformance tests.
struct Counts {
  std::uint64_t signals = 0;
  std::uint64_t computeds = 0;
  std::uint64_t effects = 0;
  std::uint64_t edges = 0;
  bool operator==(const Counts&) const = default;
};

// The user's function (a computed's or an effect's body), held identically by every model:
// a function pointer and kCaptureBytes of inline, trivially copyable captures. It never
// allocates, so the bytes a model reports come from the model's own structure.
class Fn {
 public:
  static constexpr std::size_t kCaptureBytes = 24;

  Fn() = default;

  template <class F>
    requires(!std::same_as<std::remove_cvref_t<F>, Fn> && std::is_invocable_v<F&>)
  Fn(F f) {  // NOLINT(google-explicit-constructor): lambdas convert implicitly, like JS closures
    static_assert(sizeof(F) <= kCaptureBytes, "captures too large for sigheap::Fn");
    static_assert(alignof(F) <= alignof(void*), "over-aligned captures");
    static_assert(std::is_trivially_copyable_v<F> && std::is_trivially_destructible_v<F>,
                  "sigheap::Fn captures must be trivially copyable (pointers, handles, numbers)");
    ::new (static_cast<void*>(storage_)) F(f);
    call_ = [](void* s) -> double {
      F& fn = *std::launder(reinterpret_cast<F*>(s));
      if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
        fn();
        return 0.0;
      } else {
        return static_cast<double>(fn());
      }
    };
  }

  double operator()() { return call_(storage_); }
  explicit operator bool() const { return call_ != nullptr; }

 private:
  double (*call_)(void*) = nullptr;
  alignas(void*) unsigned char storage_[kCaptureBytes] = {};
};

// An intrusive doubly linked list through which a graph owns the objects it hands out. It stands
// in for the garbage collector of the JS libraries: it lets the graph free everything at
// teardown and free a disposed effect at once. Every heap-node model pays it the same way.
struct OwnedLink {
  OwnedLink* owned_prev = nullptr;
  OwnedLink* owned_next = nullptr;
};

template <class T>
class OwnedList {
  static_assert(std::is_base_of_v<OwnedLink, T>);

 public:
  void push(T* item) {
    OwnedLink* link = item;
    link->owned_prev = nullptr;
    link->owned_next = head_;
    if (head_ != nullptr) head_->owned_prev = link;
    head_ = link;
  }
  void remove(T* item) {
    OwnedLink* link = item;
    if (link->owned_prev != nullptr) link->owned_prev->owned_next = link->owned_next;
    if (link->owned_next != nullptr) link->owned_next->owned_prev = link->owned_prev;
    if (head_ == link) head_ = link->owned_next;
    link->owned_prev = link->owned_next = nullptr;
  }
  // Calls f(T*) on every item; f may free the item it is given.
  template <class F>
  void for_each(F&& f) const {
    for (OwnedLink* link = head_; link != nullptr;) {
      OwnedLink* next = link->owned_next;
      f(static_cast<T*>(link));
      link = next;
    }
  }
  void forget_all() { head_ = nullptr; }

 private:
  OwnedLink* head_ = nullptr;
};

static_assert(sizeof(Fn) == 32);

// Runs a function when the scope ends, also when it ends by an exception (a batch's end).
template <class F>
class ScopeExit {
 public:
  explicit ScopeExit(F f) : f_(std::move(f)) {}
  ScopeExit(const ScopeExit&) = delete;
  ScopeExit& operator=(const ScopeExit&) = delete;
  ~ScopeExit() { f_(); }

 private:
  F f_;
};

// ---- the model contract ------------------------------------------------------------------

// A reactive graph model. The graph owns every node it creates; destroying it frees everything.
// Handles are small, trivially copyable values (so user functions can capture them).
template <class G>
concept Reactive =
    std::default_initializable<G> && !std::copyable<G> &&
    std::is_trivially_copyable_v<typename G::SignalHandle> &&
    std::is_trivially_copyable_v<typename G::ComputedHandle> &&
    std::is_trivially_copyable_v<typename G::EffectHandle> &&
    requires(G& g, const G& cg, typename G::SignalHandle s, typename G::ComputedHandle c,
             typename G::EffectHandle e, Fn fn, double v) {
      { G::name } -> std::convertible_to<std::string_view>;
      { g.signal(v) } -> std::same_as<typename G::SignalHandle>;
      { g.computed(fn) } -> std::same_as<typename G::ComputedHandle>;
      { g.effect(fn) } -> std::same_as<typename G::EffectHandle>;
      { g.get(s) } -> std::same_as<double>;     // tracked read
      { g.get(c) } -> std::same_as<double>;
      { g.peek(s) } -> std::same_as<double>;    // untracked read
      { g.peek(c) } -> std::same_as<double>;
      g.set(s, v);
      g.batch([] {});
      g.dispose(e);
      { cg.counts() } -> std::same_as<Counts>;
    };

// Optional: a model that keeps its records in arrays (lower-bound) may be told the graph's shape
// before it is built, as a caller passes a capacity hint; the harness does so whenever it knows
// the shape (a scenario's shape(), an attribution sample's counts).
template <class G>
concept TakesShapeHint = requires(G& g, const Counts& c) { g.reserve(c); };

template <class G>
void give_shape_hint(G& g, const Counts& shape) {
  if constexpr (TakesShapeHint<G>) g.reserve(shape);
}

// ---- the scenario contract ---------------------------------------------------------------

// One integer parameter of a scenario, with its default and smallest valid value.
struct ParamSpec {
  std::string_view name;
  std::int64_t default_value;
  std::int64_t min_value;
  std::string_view help;
};

// A scenario's parameter values, in the order of its ParamSpec list. Fixed capacity, no heap.
class ParamValues {
 public:
  static constexpr std::size_t kMax = 8;
  explicit ParamValues(std::span<const ParamSpec> specs) : specs_(specs) {
    for (std::size_t i = 0; i < specs.size() && i < kMax; ++i) values_[i] = specs[i].default_value;
  }
  std::int64_t operator[](std::string_view name) const { return values_[index_of(name)]; }
  void set(std::string_view name, std::int64_t v) { values_[index_of(name)] = v; }
  bool has(std::string_view name) const { return find(name) < specs_.size(); }
  std::span<const ParamSpec> specs() const { return specs_; }
  std::int64_t value_at(std::size_t i) const { return values_[i]; }

 private:
  std::size_t find(std::string_view name) const {
    std::size_t i = 0;
    while (i < specs_.size() && specs_[i].name != name) ++i;
    return i;
  }
  std::size_t index_of(std::string_view name) const {
    const std::size_t i = find(name);
    if (i >= specs_.size()) std::terminate();  // a scenario asked for a parameter it never declared
    return i;
  }
  std::span<const ParamSpec> specs_;
  std::int64_t values_[kMax] = {};
};

// A scenario is a type S with:
//   static constexpr std::string_view name, description;
//   static constexpr std::array<ParamSpec, K> params;     (may be empty)
//   static constexpr std::uint64_t default_iterations;    (steady-state iterations)
//   template <Reactive G> class Run, constructed from ParamValues outside any measured phase
//   (it reserves its own bookkeeping there), with:
//     Counts shape() const;              expected counts() after setup
//     void setup(G&);                    build the graph and evaluate it once
//     void iteration(G&, std::uint64_t i);
//     double checksum() const;           of the values read; equal for every model
// Optionally `static constexpr std::array<std::array<std::int64_t, K>, M> param_sets` lists the
// named parameter sets the default suite runs (otherwise: the defaults).
template <class S, class G>
concept ScenarioFor =
    Reactive<G> && requires(typename S::template Run<G>& run, const typename S::template Run<G>& crun,
                            G& g, const ParamValues& p, std::uint64_t i) {
      { S::name } -> std::convertible_to<std::string_view>;
      { S::description } -> std::convertible_to<std::string_view>;
      { S::default_iterations } -> std::convertible_to<std::uint64_t>;
      { std::span<const ParamSpec>(S::params) };
      typename S::template Run<G>;
      requires std::constructible_from<typename S::template Run<G>, const ParamValues&>;
      { crun.shape() } -> std::same_as<Counts>;
      run.setup(g);
      run.iteration(g, i);
      { crun.checksum() } -> std::same_as<double>;
    };

// splitmix64: a small deterministic generator, so seeded graphs are the same for every model and
// on every platform.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t state) : state_(state) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform enough for test and scenario shapes: next() mod n.
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }

 private:
  std::uint64_t state_;
};

// A building block of the kairo-style scenarios: a `head` signal that iteration i sets to i+1, and
// `seen_`, the value an effect last recorded, added to the checksum after every iteration (so the
// checksum does not depend on how often a model re-runs its effects).
template <Reactive G>
class HeadWriteSeen {
 public:
  void iteration(G& g, std::uint64_t i) {
    g.set(head_, static_cast<double>(i + 1));
    checksum_ += seen_;
  }
  double checksum() const { return checksum_; }

 protected:
  typename G::SignalHandle head_{};
  double seen_ = 0;
  double checksum_ = 0;
};

}  // namespace sigheap
