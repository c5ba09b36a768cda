// Replacement of every global operator new/delete form and of the C allocation functions
// (malloc family), forwarding to a dedicated jemalloc arena (or, for operator new/delete only,
// to the system malloc in sanitizer builds) and counting each event. See counting_allocator.h
// for the rules; this file is the only code that calls jemalloc's non-standard API.
#include "harness/counting_allocator.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#if SIGHEAP_SYSTEM_ALLOCATOR
#include <malloc.h>
#else
#include <jemalloc/jemalloc.h>
#include <unistd.h>
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
  // Blocks handed out while counting was off and not yet freed: while there are none, every
  // block that reaches a free is a counted one, and the free needs no lookup.
  std::atomic<std::uint64_t> uncounted_live{0};
};
constinit State g_state;

inline void bump(std::atomic<std::uint64_t>& c, std::uint64_t by) noexcept {
  c.store(c.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}
inline void drop(std::atomic<std::uint64_t>& c) noexcept {
  c.store(c.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
}
inline bool counting_now() noexcept { return g_state.counting.load(std::memory_order_relaxed); }

inline void note_alloc(std::size_t requested, std::size_t allocated) noexcept {
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
  bump(g_state.frees, 1);
  bump(g_state.freed, allocated);
  bump(g_state.freed_requested, requested);
}

#if SIGHEAP_SYSTEM_ALLOCATOR

// Sanitizer builds: ASan owns malloc, so only operator new/delete are hooked, and a block carries
// no mark of whether it was counted: the switch decides at both ends (see the header).
inline void* raw_alloc(std::size_t size, std::size_t align) noexcept {
  if (size == 0) size = 1;
  void* p = nullptr;
  if (align <= alignof(std::max_align_t)) {
    p = std::malloc(size);
  } else if (posix_memalign(&p, align, size) != 0) {
    p = nullptr;
  }
  if (p != nullptr && counting_now()) note_alloc(size, malloc_usable_size(p));
  return p;
}

inline void raw_free(void* p, std::size_t size, std::size_t /*align*/) noexcept {
  if (p == nullptr) return;
  if (counting_now()) {
    const std::size_t usable = malloc_usable_size(p);
    note_free(usable, size == 0 ? usable : size);
  }
  std::free(p);
}

#else

// Two arenas of our own, both without the thread cache so that their statistics are exact:
// `counted` serves every request made while counting is on, `uncounted` the others. The arena a
// block lives in is its mark: a free is counted exactly when its block was.
struct Arenas {
  unsigned counted = 0;
  unsigned uncounted = 0;
  int counted_flags = -1;  // -1: not created yet
  int uncounted_flags = 0;
  std::size_t lookup_mib[2] = {};  // "arenas.lookup", resolved once
  std::size_t lookup_miblen = 0;
};
constinit Arenas g_arenas;
constinit bool g_creating = false;

[[noreturn]] void die(const char* message) noexcept {
  const ssize_t ignored = write(2, message, std::strlen(message));
  (void)ignored;
  std::abort();
}

// The arenas are created by the process's first allocation (before main, single-threaded).
void create_arenas() noexcept {
  if (g_creating) die("sigheap: allocation while creating the counting arenas\n");
  g_creating = true;
  unsigned index[2];
  for (unsigned& i : index) {
    std::size_t len = sizeof(i);
    if (mallctl("arenas.create", &i, &len, nullptr, 0) != 0) die("sigheap: arenas.create failed\n");
  }
  g_arenas.lookup_miblen = 2;
  if (mallctlnametomib("arenas.lookup", g_arenas.lookup_mib, &g_arenas.lookup_miblen) != 0) {
    die("sigheap: no arenas.lookup in this jemalloc\n");
  }
  g_arenas.counted = index[0];
  g_arenas.uncounted = index[1];
  g_arenas.uncounted_flags = static_cast<int>(MALLOCX_ARENA(index[1])) | MALLOCX_TCACHE_NONE;
  g_arenas.counted_flags = static_cast<int>(MALLOCX_ARENA(index[0])) | MALLOCX_TCACHE_NONE;
  g_creating = false;
}

inline int arena_flags(bool counted) noexcept {
  if (g_arenas.counted_flags < 0) [[unlikely]] create_arenas();
  return counted ? g_arenas.counted_flags : g_arenas.uncounted_flags;
}

inline int align_flag(std::size_t align) noexcept {
  return align == 0 ? 0 : static_cast<int>(MALLOCX_ALIGN(align));
}

enum class Owner { kCounted, kUncounted, kForeign };

// Which arena a block came from. Every allocation entry point of the process is replaced, so a
// block that is not in the uncounted arena is a counted one; only while uncounted blocks are
// live does telling them apart cost a lookup (jemalloc's `arenas.lookup`, under its ctl lock).
// A block from any other arena (jemalloc's *allocx API called directly, which nothing does but
// this file) is then recognised as foreign and freed without being counted.
Owner owner_of(void* p) noexcept {
  if (g_state.uncounted_live.load(std::memory_order_relaxed) == 0) return Owner::kCounted;
  unsigned index = 0;
  std::size_t len = sizeof(index);
  if (mallctlbymib(g_arenas.lookup_mib, g_arenas.lookup_miblen, &index, &len, &p, sizeof(p)) != 0) {
    return Owner::kForeign;
  }
  if (index == g_arenas.counted) return Owner::kCounted;
  if (index == g_arenas.uncounted) return Owner::kUncounted;
  return Owner::kForeign;
}

// `align` 0: the default alignment. `zero`: calloc.
inline void* raw_alloc(std::size_t size, std::size_t align, bool zero = false) noexcept {
  if (size == 0) size = 1;  // mallocx(0) is undefined; the block occupies the smallest class
  const bool counted = counting_now();
  const int f = arena_flags(counted) | align_flag(align) | (zero ? MALLOCX_ZERO : 0);
  void* p = mallocx(size, f);
  if (p == nullptr) return nullptr;
  if (counted) {
    note_alloc(size, nallocx(size, f));
  } else {
    bump(g_state.uncounted_live, 1);
  }
  return p;
}

// `size` is the size given to new (sized delete) or 0 when unknown (unsized delete, free).
inline void raw_free(void* p, std::size_t size, std::size_t align) noexcept {
  if (p == nullptr) return;
  const int f = MALLOCX_TCACHE_NONE | align_flag(align);
  switch (owner_of(p)) {
    case Owner::kCounted: {
      const std::size_t klass = size == 0 ? sallocx(p, 0) : nallocx(size, f);
      note_free(klass, size == 0 ? klass : size);
      break;
    }
    case Owner::kUncounted:
      drop(g_state.uncounted_live);
      break;
    case Owner::kForeign:
      break;
  }
  if (size == 0) {
    dallocx(p, f);
  } else {
    sdallocx(p, size, f);
  }
}

// realloc, counted as jemalloc's arena statistics count it: a block that moves, or changes size
// class in place (a large block grown or shrunk where it stands), is one free of the old class
// and one allocation of the new; a block that stays in its size class changes nothing. A block
// that must change arena (allocated while counting was off, resized while it is on, or the other
// way round) is moved by hand: allocated in the arena of the current mode, copied, freed.
void* raw_realloc(void* p, std::size_t size) noexcept {
  if (p == nullptr) return raw_alloc(size, 0);
  if (size == 0) {  // glibc's rule (and jemalloc's on Linux): free and return null
    raw_free(p, 0, 0);
    return nullptr;
  }
  const bool counted = counting_now();
  const Owner owner = owner_of(p);
  if (owner == (counted ? Owner::kCounted : Owner::kUncounted)) {
    const std::size_t old_class = sallocx(p, 0);
    void* q = rallocx(p, size, arena_flags(counted));
    if (q == nullptr) return nullptr;
    const std::size_t new_class = sallocx(q, 0);
    if (counted && (q != p || new_class != old_class)) {
      note_free(old_class, old_class);
      note_alloc(size, new_class);
    }
    return q;
  }
  void* q = raw_alloc(size, 0);
  if (q == nullptr) return nullptr;
  const std::size_t old_usable = sallocx(p, 0);
  std::memcpy(q, p, old_usable < size ? old_usable : size);
  raw_free(p, 0, 0);
  return q;
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
bool counting() noexcept { return counting_now(); }

std::uint64_t uncounted_live_blocks() noexcept {
  return g_state.uncounted_live.load(std::memory_order_relaxed);
}

#if SIGHEAP_SYSTEM_ALLOCATOR

std::size_t size_class(std::size_t size, std::size_t /*alignment*/) noexcept {
  return size == 0 ? 1 : size;
}
std::string backend_name() { return "system malloc"; }
ArenaStats arena_stats() noexcept { return {}; }

#else

std::size_t size_class(std::size_t size, std::size_t alignment) noexcept {
  return nallocx(size == 0 ? 1 : size, arena_flags(true) | align_flag(alignment));
}

std::string backend_name() {
  const char* version = nullptr;
  std::size_t len = sizeof(version);
  if (mallctl("version", static_cast<void*>(&version), &len, nullptr, 0) != 0) return "jemalloc";
  return std::string("jemalloc ") + version;
}

namespace {

// One arena's small + large totals; false if jemalloc keeps no statistics.
bool read_arena(unsigned index, ArenaStats& s) noexcept {
  auto read = [index]<class T>(const char* leaf, T& out) {
    char name[96];
    std::snprintf(name, sizeof(name), "stats.arenas.%u.%s", index, leaf);
    std::size_t n = sizeof(out);
    return mallctl(name, &out, &n, nullptr, 0) == 0;
  };
  std::uint64_t small_n = 0, small_d = 0, large_n = 0, large_d = 0;
  std::size_t small_a = 0, large_a = 0;  // byte totals are size_t in jemalloc's ctl
  if (!read("small.nmalloc", small_n) || !read("small.ndalloc", small_d) || !read("large.nmalloc", large_n) ||
      !read("large.ndalloc", large_d) || !read("small.allocated", small_a) || !read("large.allocated", large_a)) {
    return false;
  }
  s.nmalloc += small_n + large_n;
  s.ndalloc += small_d + large_d;
  s.allocated += small_a + large_a;
  return true;
}

}  // namespace

ArenaStats arena_stats() noexcept {
  ArenaStats s;
  std::uint64_t epoch = 1;
  std::size_t len = sizeof(epoch);
  if (mallctl("epoch", &epoch, &len, &epoch, len) != 0) return s;
  arena_flags(true);
  s.available = read_arena(g_arenas.counted, s) && read_arena(g_arenas.uncounted, s);
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

#if !SIGHEAP_SYSTEM_ALLOCATOR
// ---- the replaced C allocation functions ----------------------------------------------------
// Defined in the executable, these interpose on libjemalloc's (and libc's) definitions for every
// library of the process, Qt and libc itself included: whatever allocates through the malloc
// family lands in the same arenas under the same counters as operator new. glibc's list of
// functions a replacement must provide is covered, plus reallocarray.
namespace {

constexpr bool is_power_of_two(std::size_t n) { return n != 0 && (n & (n - 1)) == 0; }

std::size_t page_size() noexcept {
  static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

// The C functions report failure through errno, not by throwing.
void* or_enomem(void* p) noexcept {
  if (p == nullptr) errno = ENOMEM;
  return p;
}

}  // namespace

using sigheap::alloc::raw_realloc;

extern "C" {

void* malloc(std::size_t size) noexcept { return or_enomem(raw_alloc(size, 0)); }

void free(void* p) noexcept { raw_free(p, 0, 0); }

void* calloc(std::size_t count, std::size_t size) noexcept {
  std::size_t total = 0;
  if (__builtin_mul_overflow(count, size, &total)) return or_enomem(nullptr);
  return or_enomem(raw_alloc(total, 0, /*zero=*/true));
}

void* realloc(void* p, std::size_t size) noexcept {
  void* q = raw_realloc(p, size);
  return (q == nullptr && size != 0) ? or_enomem(nullptr) : q;
}

void* reallocarray(void* p, std::size_t count, std::size_t size) noexcept {
  std::size_t total = 0;
  if (__builtin_mul_overflow(count, size, &total)) return or_enomem(nullptr);
  return realloc(p, total);
}

int posix_memalign(void** out, std::size_t align, std::size_t size) noexcept {
  if (!is_power_of_two(align) || align % sizeof(void*) != 0) return EINVAL;
  void* p = raw_alloc(size, align);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}

void* aligned_alloc(std::size_t align, std::size_t size) noexcept {
  if (!is_power_of_two(align)) {
    errno = EINVAL;
    return nullptr;
  }
  return or_enomem(raw_alloc(size, align));
}

// glibc accepts any alignment here and rounds it up to a power of two.
void* memalign(std::size_t align, std::size_t size) noexcept {
  std::size_t a = 1;
  while (a < align) a <<= 1;
  return or_enomem(raw_alloc(size, a));
}

void* valloc(std::size_t size) noexcept { return or_enomem(raw_alloc(size, page_size())); }

void* pvalloc(std::size_t size) noexcept {
  const std::size_t page = page_size();
  return or_enomem(raw_alloc((size + page - 1) / page * page, page));
}

std::size_t malloc_usable_size(void* p) noexcept { return p == nullptr ? 0 : sallocx(p, 0); }

}  // extern "C"
#endif
