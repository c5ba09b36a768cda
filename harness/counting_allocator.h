#pragma once
// The counting allocator: every global operator new/delete form is replaced (counting_allocator.cc)
// and forwarded to a dedicated jemalloc arena with the thread cache bypassed, so every block is
// counted exactly once, at the size class jemalloc really hands out.
//
// Counters are process-wide and meant for single-threaded measurement: updates are relaxed
// load/store pairs (no lock prefix, no syscalls, no allocation in the hook).

#include <cstddef>
#include <cstdint>
#include <string>

namespace sigheap::alloc {

// A snapshot of the counters. Monotonic fields only; live figures are derived.
struct Counters {
  std::uint64_t allocs = 0;           // allocation events
  std::uint64_t frees = 0;            // deallocation events
  std::uint64_t requested_bytes = 0;  // bytes the program asked for
  std::uint64_t allocated_bytes = 0;  // bytes handed out (jemalloc size class, nallocx)
  std::uint64_t freed_bytes = 0;      // size-class bytes given back
  // Requested bytes given back: exact for sized deletes (what C++ uses for complete types and
  // std::allocator); an unsized delete counts the block's size class.
  std::uint64_t freed_requested_bytes = 0;
  std::uint64_t peak_live_bytes = 0;  // high-water mark of live bytes since the last reset_peak()

  std::int64_t live_bytes() const {
    return static_cast<std::int64_t>(allocated_bytes) - static_cast<std::int64_t>(freed_bytes);
  }
  std::int64_t live_requested_bytes() const {
    return static_cast<std::int64_t>(requested_bytes) - static_cast<std::int64_t>(freed_requested_bytes);
  }
  std::int64_t live_blocks() const {
    return static_cast<std::int64_t>(allocs) - static_cast<std::int64_t>(frees);
  }
};

Counters snapshot() noexcept;

// Starts a new peak window: the peak becomes the current live byte count.
void reset_peak() noexcept;

// Counting can be switched off (the allocator still serves requests) to time code without
// the counting hook. While off, nothing is counted, including frees.
void set_counting(bool on) noexcept;
bool counting() noexcept;

// Size class that a request of `size` bytes with `alignment` (0 = default) is rounded up to.
std::size_t size_class(std::size_t size, std::size_t alignment = 0) noexcept;

// "jemalloc 5.3.0-..." or "system malloc" in sanitizer builds.
std::string backend_name();

// jemalloc's own statistics for the dedicated arena (double-entry cross-check). `available`
// is false when the backend keeps no such statistics (system allocator).
struct ArenaStats {
  bool available = false;
  std::uint64_t nmalloc = 0;
  std::uint64_t ndalloc = 0;
  std::uint64_t allocated = 0;  // live size-class bytes
};
ArenaStats arena_stats() noexcept;

}  // namespace sigheap::alloc
