#pragma once
// The clock timings are taken with: CPU time of the calling thread, in nanoseconds. On a shared
// machine a process that is descheduled keeps its wall clock running but not its CPU time, so CPU
// time measures the code, not the neighbours; for this single-threaded work it equals wall time
// whenever the thread runs undisturbed. (What it cannot remove is a neighbour slowing the core
// the thread runs on, through caches or a sibling hyperthread.)
#include <time.h>

#include <cstdint>

namespace sigheap {

inline std::int64_t thread_cpu_ns() noexcept {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

}  // namespace sigheap
