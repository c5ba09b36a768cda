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
#include <sys/mman.h>
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
  // Allocation events while counting was off (the cross-check wants none inside a window).
  std::atomic<std::uint64_t> uncounted_allocs{0};
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

inline void note_uncounted_alloc() noexcept {
  bump(g_state.uncounted_allocs, 1);
  bump(g_state.uncounted_live, 1);
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
  if (p == nullptr) return p;
  if (counting_now()) {
    note_alloc(size, malloc_usable_size(p));
  } else {
    bump(g_state.uncounted_allocs, 1);
  }
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

// The counted arena is ours and bypasses the thread cache, so that its statistics are exact; it
// serves every request made while counting is on. Requests made while counting is off take
// jemalloc's ordinary path (its automatic arenas, through the thread cache), so a timed pass runs
// at the speed a program linked with jemalloc would. The counted arena takes its memory from one
// address range reserved up front (its extent hook), so whether a block is counted is one
// comparison of its address, with no lookup in the hot path.
struct Arenas {
  unsigned counted = 0;
  int counted_flags = -1;  // -1: not created yet
  std::uintptr_t range_begin = 0;  // the counted arena's reserved address range
  std::uintptr_t range_end = 0;
  std::atomic<std::uintptr_t> range_next{0};  // first byte not handed to jemalloc yet
  extent_hooks_t hooks{};  // jemalloc's defaults, but `alloc` carves from the range
};
constinit Arenas g_arenas;
constinit bool g_creating = false;

// Virtual address space only: pages become readable and writable when handed to jemalloc, and
// cost memory when touched.
constexpr std::size_t kCountedRangeBytes = std::size_t{64} << 30;
constexpr std::size_t kMinCountedRangeBytes = std::size_t{1} << 30;

[[noreturn]] void die(const char* message) noexcept {
  const ssize_t ignored = write(2, message, std::strlen(message));
  (void)ignored;
  std::abort();
}

// jemalloc's extent allocation hook for the counted arena: the next `size` bytes of the range at
// `alignment`. An address that jemalloc asks for (to grow an extent in place) is served only when
// it is the range's next free byte. Memory is never handed out twice, so it is always zero.
void* carve_counted_extent(extent_hooks_t*, void* new_addr, std::size_t size, std::size_t alignment, bool* zero,
                           bool* commit, unsigned) {
  std::uintptr_t next = g_arenas.range_next.load(std::memory_order_relaxed);
  std::uintptr_t start = 0;
  do {
    start = (next + alignment - 1) & ~(std::uintptr_t{alignment} - 1);
    if (new_addr != nullptr && reinterpret_cast<std::uintptr_t>(new_addr) != start) return nullptr;
    if (start + size > g_arenas.range_end || start + size < start) return nullptr;
  } while (!g_arenas.range_next.compare_exchange_weak(next, start + size, std::memory_order_relaxed));
  if (mprotect(reinterpret_cast<void*>(start), size, PROT_READ | PROT_WRITE) != 0) return nullptr;
  *zero = true;
  *commit = true;
  return reinterpret_cast<void*>(start);
}

// The counted arena is created by the process's first allocation (before main, single-threaded).
void create_arenas() noexcept {
  if (g_creating) die("sigheap: allocation while creating the counting arena\n");
  g_creating = true;
  // The largest range the process may reserve, down to kMinCountedRangeBytes (valgrind, or an
  // address-space limit, refuses 64 GiB).
  std::size_t range_bytes = kCountedRangeBytes;
  void* range = MAP_FAILED;
  for (; range_bytes >= kMinCountedRangeBytes; range_bytes /= 2) {
    range = mmap(nullptr, range_bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (range != MAP_FAILED) break;
  }
  if (range == MAP_FAILED) die("sigheap: cannot reserve the counted arena's address range\n");
  g_arenas.range_begin = reinterpret_cast<std::uintptr_t>(range);
  g_arenas.range_end = g_arenas.range_begin + range_bytes;
  g_arenas.range_next.store(g_arenas.range_begin, std::memory_order_relaxed);
  extent_hooks_t* defaults = nullptr;
  std::size_t len = sizeof(defaults);
  if (mallctl("arena.0.extent_hooks", &defaults, &len, nullptr, 0) != 0) die("sigheap: no extent hooks\n");
  g_arenas.hooks = *defaults;
  g_arenas.hooks.alloc = carve_counted_extent;
  extent_hooks_t* hooks = &g_arenas.hooks;
  unsigned index = 0;
  len = sizeof(index);
  if (mallctl("arenas.create", &index, &len, &hooks, sizeof(hooks)) != 0) die("sigheap: arenas.create failed\n");
  g_arenas.counted = index;
  g_arenas.counted_flags = static_cast<int>(MALLOCX_ARENA(index)) | MALLOCX_TCACHE_NONE;
  g_creating = false;
}

inline int counted_flags() noexcept {
  if (g_arenas.counted_flags < 0) [[unlikely]] create_arenas();
  return g_arenas.counted_flags;
}

inline int align_flag(std::size_t align) noexcept {
  return align == 0 ? 0 : static_cast<int>(MALLOCX_ALIGN(align));
}

// Every allocation entry point of the process is replaced, so a block is either in the counted
// arena (and counted) or was served by jemalloc's ordinary path while counting was off.
inline bool is_counted(const void* p) noexcept {
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  return a >= g_arenas.range_begin && a < g_arenas.range_end;
}

// `align` 0: the default alignment. `zero`: calloc.
inline void* raw_alloc(std::size_t size, std::size_t align, bool zero = false) noexcept {
  if (size == 0) size = 1;  // mallocx(0) is undefined; the block occupies the smallest class
  const int extra = align_flag(align) | (zero ? MALLOCX_ZERO : 0);
  if (!counting_now()) {
    void* p = mallocx(size, extra);
    if (p != nullptr) note_uncounted_alloc();
    return p;
  }
  const int f = counted_flags() | extra;
  void* p = mallocx(size, f);
  if (p != nullptr) note_alloc(size, nallocx(size, f));
  return p;
}

// `size` is the size given to new (sized delete) or 0 when unknown (unsized delete, free).
inline void raw_free(void* p, std::size_t size, std::size_t align) noexcept {
  if (p == nullptr) return;
  int f = align_flag(align);
  if (is_counted(p)) {
    f |= MALLOCX_TCACHE_NONE;
    const std::size_t klass = size == 0 ? sallocx(p, 0) : nallocx(size, f);
    note_free(klass, size == 0 ? klass : size);
  } else {
    drop(g_state.uncounted_live);
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
// that must change sides (allocated while counting was off, resized while it is on, or the other
// way round) is moved by hand: allocated the way the current mode allocates, copied, freed.
void* raw_realloc(void* p, std::size_t size) noexcept {
  if (p == nullptr) return raw_alloc(size, 0);
  if (size == 0) {  // glibc's rule (and jemalloc's on Linux): free and return null
    raw_free(p, 0, 0);
    return nullptr;
  }
  const bool counted = counting_now();
  if (is_counted(p) == counted) {
    const std::size_t old_class = counted ? sallocx(p, 0) : 0;
    void* q = rallocx(p, size, counted ? counted_flags() : 0);
    if (q == nullptr) return nullptr;
    if (counted) {
      const std::size_t new_class = sallocx(q, 0);
      if (q != p || new_class != old_class) {
        note_free(old_class, old_class);
        note_alloc(size, new_class);
      }
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
  c.uncounted_allocs = g_state.uncounted_allocs.load(std::memory_order_relaxed);
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
  return nallocx(size == 0 ? 1 : size, counted_flags() | align_flag(alignment));
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
  counted_flags();
  s.available = read_arena(g_arenas.counted, s);
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
