// Replacement of every global operator new/delete form, forwarding to a dedicated jemalloc
// arena (or to the system malloc in sanitizer builds) and counting each event.
#include "harness/counting_allocator.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

#if SIGHEAP_SYSTEM_ALLOCATOR
#include <malloc.h>
#else
#include <jemalloc/jemalloc.h>
#endif

namespace sigheap::alloc {
namespace {

// Relaxed load + store instead of fetch_add: measurement is single-threaded, and a plain
// store keeps the hook free of locked instructions.
struct State {
  std::atomic<bool> counting{true};
  std::atomic<std::uint64_t> allocs{0};
  std::atomic<std::uint64_t> frees{0};
  std::atomic<std::uint64_t> requested{0};
  std::atomic<std::uint64_t> allocated{0};
  std::atomic<std::uint64_t> freed{0};
  std::atomic<std::uint64_t> freed_requested{0};
  std::atomic<std::uint64_t> peak{0};
};
constinit State g_state;

inline void bump(std::atomic<std::uint64_t>& c, std::uint64_t by) noexcept {
  c.store(c.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}

inline void note_alloc(std::size_t requested, std::size_t allocated) noexcept {
  if (!g_state.counting.load(std::memory_order_relaxed)) return;
  bump(g_state.allocs, 1);
  bump(g_state.requested, requested);
  bump(g_state.allocated, allocated);
  const std::uint64_t live = g_state.allocated.load(std::memory_order_relaxed) -
                             g_state.freed.load(std::memory_order_relaxed);
  if (live > g_state.peak.load(std::memory_order_relaxed)) {
    g_state.peak.store(live, std::memory_order_relaxed);
  }
}

// `requested` is the size given to new when the delete was sized, else the size class.
inline void note_free(std::size_t allocated, std::size_t requested) noexcept {
  if (!g_state.counting.load(std::memory_order_relaxed)) return;
  bump(g_state.frees, 1);
  bump(g_state.freed, allocated);
  bump(g_state.freed_requested, requested);
}

#if SIGHEAP_SYSTEM_ALLOCATOR

inline void* raw_alloc(std::size_t size, std::size_t align) noexcept {
  if (size == 0) size = 1;
  void* p = nullptr;
  if (align <= alignof(std::max_align_t)) {
    p = std::malloc(size);
  } else if (posix_memalign(&p, align, size) != 0) {
    p = nullptr;
  }
  if (p != nullptr) note_alloc(size, malloc_usable_size(p));
  return p;
}

inline void raw_free(void* p, std::size_t size, std::size_t /*align*/) noexcept {
  if (p == nullptr) return;
  const std::size_t usable = malloc_usable_size(p);
  note_free(usable, size == 0 ? usable : size);
  std::free(p);
}

#else

// Flags for the dedicated arena, created on first use (before main, by the first allocation).
int g_flags = -1;
unsigned g_arena = 0;

int arena_flags() noexcept {
  if (g_flags < 0) [[unlikely]] {
    std::size_t len = sizeof(g_arena);
    if (mallctl("arenas.create", &g_arena, &len, nullptr, 0) != 0) std::abort();
    g_flags = static_cast<int>(MALLOCX_ARENA(g_arena)) | MALLOCX_TCACHE_NONE;
  }
  return g_flags;
}

inline int flags_for(std::size_t align) noexcept {
  int f = arena_flags();
  if (align > alignof(std::max_align_t)) f |= MALLOCX_ALIGN(align);
  return f;
}

inline void* raw_alloc(std::size_t size, std::size_t align) noexcept {
  if (size == 0) size = 1;  // mallocx(0) is undefined
  const int f = flags_for(align);
  void* p = mallocx(size, f);
  if (p != nullptr) note_alloc(size, nallocx(size, f));
  return p;
}

// `size` is the size given to new (sized delete) or 0 when unknown.
inline void raw_free(void* p, std::size_t size, std::size_t align) noexcept {
  if (p == nullptr) return;
  const int f = flags_for(align);
  if (size == 0) {
    const std::size_t klass = sallocx(p, f);
    note_free(klass, klass);
    dallocx(p, f);
  } else {
    note_free(nallocx(size, f), size);
    sdallocx(p, size, f);
  }
}

#endif

void* alloc_or_throw(std::size_t size, std::size_t align) {
  void* p = raw_alloc(size, align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

Counters snapshot() noexcept {
  Counters c;
  c.allocs = g_state.allocs.load(std::memory_order_relaxed);
  c.frees = g_state.frees.load(std::memory_order_relaxed);
  c.requested_bytes = g_state.requested.load(std::memory_order_relaxed);
  c.allocated_bytes = g_state.allocated.load(std::memory_order_relaxed);
  c.freed_bytes = g_state.freed.load(std::memory_order_relaxed);
  c.freed_requested_bytes = g_state.freed_requested.load(std::memory_order_relaxed);
  c.peak_live_bytes = g_state.peak.load(std::memory_order_relaxed);
  return c;
}

void reset_peak() noexcept {
  g_state.peak.store(g_state.allocated.load(std::memory_order_relaxed) -
                         g_state.freed.load(std::memory_order_relaxed),
                     std::memory_order_relaxed);
}

void set_counting(bool on) noexcept { g_state.counting.store(on, std::memory_order_relaxed); }
bool counting() noexcept { return g_state.counting.load(std::memory_order_relaxed); }

#if SIGHEAP_SYSTEM_ALLOCATOR

std::size_t size_class(std::size_t size, std::size_t /*alignment*/) noexcept {
  return size == 0 ? 1 : size;
}
std::string backend_name() { return "system malloc"; }
ArenaStats arena_stats() noexcept { return {}; }

#else

std::size_t size_class(std::size_t size, std::size_t alignment) noexcept {
  return nallocx(size == 0 ? 1 : size, flags_for(alignment));
}

std::string backend_name() {
  const char* version = nullptr;
  std::size_t len = sizeof(version);
  if (mallctl("version", static_cast<void*>(&version), &len, nullptr, 0) != 0) return "jemalloc";
  return std::string("jemalloc ") + version;
}

ArenaStats arena_stats() noexcept {
  ArenaStats s;
  std::uint64_t epoch = 1;
  std::size_t len = sizeof(epoch);
  if (mallctl("epoch", &epoch, &len, &epoch, len) != 0) return s;
  arena_flags();
  const unsigned index = g_arena;
  auto read_u64 = [&](const char* leaf, std::uint64_t& out) {
    char name[96];
    std::snprintf(name, sizeof(name), "stats.arenas.%u.%s", index, leaf);
    std::size_t n = sizeof(out);
    return mallctl(name, &out, &n, nullptr, 0) == 0;
  };
  auto read_size = [&](const char* leaf, std::uint64_t& out) {
    char name[96];
    std::snprintf(name, sizeof(name), "stats.arenas.%u.%s", index, leaf);
    std::size_t v = 0;
    std::size_t n = sizeof(v);
    const bool ok = mallctl(name, &v, &n, nullptr, 0) == 0;
    out = v;
    return ok;
  };
  std::uint64_t small_n = 0, small_d = 0, large_n = 0, large_d = 0, small_a = 0, large_a = 0;
  if (!read_u64("small.nmalloc", small_n) || !read_u64("small.ndalloc", small_d) ||
      !read_u64("large.nmalloc", large_n) || !read_u64("large.ndalloc", large_d) ||
      !read_size("small.allocated", small_a) || !read_size("large.allocated", large_a)) {
    return s;
  }
  s.available = true;
  s.nmalloc = small_n + large_n;
  s.ndalloc = small_d + large_d;
  s.allocated = small_a + large_a;
  return s;
}

#endif

}  // namespace sigheap::alloc

// ---- the replaced global forms ------------------------------------------------------------
using sigheap::alloc::alloc_or_throw;
using sigheap::alloc::raw_alloc;
using sigheap::alloc::raw_free;

void* operator new(std::size_t n) { return alloc_or_throw(n, 0); }
void* operator new[](std::size_t n) { return alloc_or_throw(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) {
  return alloc_or_throw(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return alloc_or_throw(n, static_cast<std::size_t>(a));
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return raw_alloc(n, 0); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return raw_alloc(n, 0); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return raw_alloc(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return raw_alloc(n, static_cast<std::size_t>(a));
}

void operator delete(void* p) noexcept { raw_free(p, 0, 0); }
void operator delete[](void* p) noexcept { raw_free(p, 0, 0); }
void operator delete(void* p, std::size_t n) noexcept { raw_free(p, n == 0 ? 1 : n, 0); }
void operator delete[](void* p, std::size_t n) noexcept { raw_free(p, n == 0 ? 1 : n, 0); }
void operator delete(void* p, std::align_val_t a) noexcept {
  raw_free(p, 0, static_cast<std::size_t>(a));
}
void operator delete[](void* p, std::align_val_t a) noexcept {
  raw_free(p, 0, static_cast<std::size_t>(a));
}
void operator delete(void* p, std::size_t n, std::align_val_t a) noexcept {
  raw_free(p, n == 0 ? 1 : n, static_cast<std::size_t>(a));
}
void operator delete[](void* p, std::size_t n, std::align_val_t a) noexcept {
  raw_free(p, n == 0 ? 1 : n, static_cast<std::size_t>(a));
}
void operator delete(void* p, const std::nothrow_t&) noexcept { raw_free(p, 0, 0); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { raw_free(p, 0, 0); }
void operator delete(void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
  raw_free(p, 0, static_cast<std::size_t>(a));
}
void operator delete[](void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
  raw_free(p, 0, static_cast<std::size_t>(a));
}
