#pragma once
// The counting allocator: every global operator new/delete form and every C allocation function
// (malloc, calloc, realloc, reallocarray, free, posix_memalign, aligned_alloc, memalign, valloc,
// pvalloc, malloc_usable_size) is replaced (counting_allocator.cc). While counting is on, requests
// go to a dedicated jemalloc arena with the thread cache bypassed, so every block of the process
// -- ours, a library's, libc's -- is counted exactly once, at the size class jemalloc really hands
// out.
//
// Rules (the same for new and for the malloc family):
// - A request of 0 bytes occupies the smallest class and counts as 1 requested byte.
// - A free counts the block's size class; its requested bytes are exact only for a sized delete
//   (free() and unsized delete do not say what was asked for, so they count the size class).
// - realloc counts what jemalloc does: a block that moves, or changes size class where it stands
//   (large blocks grow and shrink in place), is one free of the old class plus one allocation of
//   the new, `requested` being the new size; a block that stays in its size class is no event.
//   realloc(p, 0) frees p and returns null (glibc's rule); realloc(nullptr, n) is malloc(n).
// - Counting can be switched off. While it is off, requests take jemalloc's ordinary path
//   (automatic arenas, thread cache) and are not counted: timing with counting off measures the
//   code, not the exact-but-slower path that counting needs. The counted arena lives in an
//   address range of its own, and that is the block's mark: a block's free is counted if and only
//   if its allocation was, whatever the switch says at the free, so counters never see a free
//   without its allocation. A realloc that would move a block between the two sides copies it.
// - The cross-check (arena_stats against the counters) covers the counted arena; an allocation
//   made with counting off inside a measured window shows in Counters::uncounted_allocs.
//
// Sanitizer builds (SIGHEAP_SYSTEM_ALLOCATOR): ASan intercepts the malloc family itself, so only
// operator new/delete are hooked (forwarding to the system malloc), counts_malloc() is false,
// and the switch decides at both ends of a block (there is no second arena to mark it).
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
  // std::allocator); an unsized delete, free() and realloc's free count the block's size class.
  std::uint64_t freed_requested_bytes = 0;
  std::uint64_t peak_live_bytes = 0;  // high-water mark of live bytes since the last reset_peak()
  std::uint64_t uncounted_allocs = 0;  // allocation events while counting was off

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
// the counting hook. While off, nothing is allocated in the counted arena and nothing counted;
// a block is counted at its free exactly when it was counted at its allocation.
void set_counting(bool on) noexcept;
bool counting() noexcept;

// Blocks allocated while counting was off and not freed yet (0 in sanitizer builds).
std::uint64_t uncounted_live_blocks() noexcept;

// Whether the malloc family is counted too (false in sanitizer builds, see above).
#if SIGHEAP_SYSTEM_ALLOCATOR
inline constexpr bool kCountsMalloc = false;
#else
inline constexpr bool kCountsMalloc = true;
#endif

// Size class that a request of `size` bytes with `alignment` (0 = default) is rounded up to.
std::size_t size_class(std::size_t size, std::size_t alignment = 0) noexcept;

// "jemalloc 5.3.0-..." or "system malloc" in sanitizer builds.
std::string backend_name();

// jemalloc's own statistics for the counted arena (double-entry cross-check). `available` is false when the backend keeps no such statistics (system allocator).
struct ArenaStats {
  bool available = false;
  std::uint64_t nmalloc = 0;
  std::uint64_t ndalloc = 0;
  std::uint64_t allocated = 0;  // live size-class bytes
};
ArenaStats arena_stats() noexcept;

}  // namespace sigheap::alloc
