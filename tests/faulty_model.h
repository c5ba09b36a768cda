#pragma once
// Test-only models that fail on purpose, each in one way, on every write after setup (so setup
// succeeded and the fault hits the steady phase); the faulty-timing-* ones only in the timing pass
// (counting off), so that their memory pass succeeds and the failure hits `run --time`. Registered
// only in the tests' own CLI binary (sigheap-test-cli), never in the default list.
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "harness/counting_allocator.h"
#include "impls/preact-like/preact_like.h"

namespace sigheap::testing {

enum class Fault { kSegv, kAbort, kThrow, kHang, kLeak, kSteadyAlloc, kUncounted, kTimingSegv, kTimingHang };

inline constexpr std::string_view kFaultNames[] = {
    "faulty-segv",         "faulty-abort",     "faulty-throw",       "faulty-hang",       "faulty-leak",
    "faulty-steady-alloc", "faulty-uncounted", "faulty-timing-segv", "faulty-timing-hang"};

template <Fault F>
class FaultyGraph : public preact_like::Graph {
 public:
  static constexpr std::string_view name = kFaultNames[static_cast<int>(F)];
  static constexpr std::string_view description = "test-only: fails on purpose";

  void set(SignalHandle s, double v) {
    inject();
    preact_like::Graph::set(s, v);
  }

 private:
  static void inject() {
    if constexpr (F == Fault::kSegv) {
      // A segmentation fault. (Raised: on some sandboxes a store to address 0 does not fault.)
      std::raise(SIGSEGV);
    } else if constexpr (F == Fault::kAbort) {
      std::abort();
    } else if constexpr (F == Fault::kThrow) {
      throw std::runtime_error("faulty model: injected failure");
    } else if constexpr (F == Fault::kHang) {
      hang();
    } else if constexpr (F == Fault::kLeak) {
      sink_ = ::operator new(48);  // never freed
    } else if constexpr (F == Fault::kSteadyAlloc) {
      sink_ = ::operator new(48);
      ::operator delete(sink_, 48);
    } else if constexpr (F == Fault::kUncounted) {
      // An allocation the counters miss but jemalloc sees: the cross-check must catch it.
      alloc::set_counting(false);
      sink_ = ::operator new(48);
      alloc::set_counting(true);
      ::operator delete(sink_, 48);
    } else if constexpr (F == Fault::kTimingSegv) {
      if (!alloc::counting()) std::raise(SIGSEGV);
    } else if constexpr (F == Fault::kTimingHang) {
      if (!alloc::counting()) hang();
    }
  }
  static void hang() {
    for (volatile bool forever = true; forever;) {
    }
  }
  inline static void* volatile sink_ = nullptr;
};

using FaultyModels =
    TypeList<FaultyGraph<Fault::kSegv>, FaultyGraph<Fault::kAbort>, FaultyGraph<Fault::kThrow>,
             FaultyGraph<Fault::kHang>, FaultyGraph<Fault::kLeak>, FaultyGraph<Fault::kSteadyAlloc>,
             FaultyGraph<Fault::kUncounted>, FaultyGraph<Fault::kTimingSegv>,
             FaultyGraph<Fault::kTimingHang>>;

}  // namespace sigheap::testing
