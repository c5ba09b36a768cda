// The counting allocator and the C allocation functions: each function is counted exactly once at
// jemalloc's size class, honours its alignment, realloc follows the documented rule (counting_allocator.h),
// calloc zeroes, blocks allocated while counting was off never reach the counters, and a
// third-party-style library that allocates only with the malloc family (tests/malloc_only_lib) is
// measured exactly -- and each of these agrees with jemalloc's own statistics of the arenas.
//
// In sanitizer builds ASan owns malloc and the allocator does not replace it: these tests skip.
#include <errno.h>
#include <malloc.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "harness/counting_allocator.h"
#include "tests/malloc_only_lib/mlib.h"

namespace sigheap {
namespace {

using alloc::Counters;
using alloc::size_class;
using alloc::snapshot;

// Called through volatile pointers: the compiler may elide a malloc/free pair it can see.
void* (*volatile const c_malloc)(std::size_t) = std::malloc;
void* (*volatile const c_calloc)(std::size_t, std::size_t) = std::calloc;
void* (*volatile const c_realloc)(void*, std::size_t) = std::realloc;
void (*volatile const c_free)(void*) = std::free;
void* (*volatile const c_reallocarray)(void*, std::size_t, std::size_t) = reallocarray;

// Every test here needs the malloc family counted.
class MallocCounting : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!alloc::kCountsMalloc) {
      GTEST_SKIP() << "sanitizer build: ASan intercepts the malloc family, the counting allocator "
                      "hooks operator new only";
    }
  }
};
using MallocOnlyLibrary = MallocCounting;

// A window over the counters and the arenas' statistics; check() asserts that both saw the same.
class Window {
 public:
  Window() : arena_(alloc::arena_stats()), counters_(snapshot()) {}
  Counters delta() const {
    const Counters now = snapshot();
    Counters d;
    d.allocs = now.allocs - counters_.allocs;
    d.frees = now.frees - counters_.frees;
    d.requested_bytes = now.requested_bytes - counters_.requested_bytes;
    d.allocated_bytes = now.allocated_bytes - counters_.allocated_bytes;
    d.freed_bytes = now.freed_bytes - counters_.freed_bytes;
    return d;
  }
  // Double entry: jemalloc's arena statistics moved exactly as the counters did.
  void expect_arena_agrees() const {
    const Counters d = delta();
    const alloc::ArenaStats now = alloc::arena_stats();
    ASSERT_TRUE(now.available);
    EXPECT_EQ(now.nmalloc - arena_.nmalloc, d.allocs);
    EXPECT_EQ(now.ndalloc - arena_.ndalloc, d.frees);
    EXPECT_EQ(static_cast<std::int64_t>(now.allocated) - static_cast<std::int64_t>(arena_.allocated),
              d.live_bytes());
  }

 private:
  alloc::ArenaStats arena_;
  Counters counters_;
};

struct Function {
  std::string name;
  std::size_t alignment;  // what the function promises beyond the default (0: none)
  std::function<void*(std::size_t)> allocate;
  std::size_t (*rounded)(std::size_t);  // the size the function really asks for
};

std::size_t same(std::size_t n) { return n; }
std::size_t to_page(std::size_t n) { return (n + 4095) / 4096 * 4096; }

std::vector<Function> all_functions() {
  return {
      {"malloc", 0, [](std::size_t n) { return c_malloc(n); }, same},
      {"calloc", 0, [](std::size_t n) { return c_calloc(1, n); }, same},
      {"realloc(nullptr)", 0, [](std::size_t n) { return c_realloc(nullptr, n); }, same},
      {"posix_memalign", 64,
       [](std::size_t n) {
         void* p = nullptr;
         return posix_memalign(&p, 64, n) == 0 ? p : nullptr;
       },
       same},
      {"aligned_alloc", 128, [](std::size_t n) { return aligned_alloc(128, n); }, same},
      {"memalign", 256, [](std::size_t n) { return memalign(256, n); }, same},
      {"valloc", 4096, [](std::size_t n) { return valloc(n); }, same},
      {"pvalloc", 4096, [](std::size_t n) { return pvalloc(n); }, to_page},
  };
}

TEST_F(MallocCounting, EveryFunctionIsCountedExactlyOnce) {
  ASSERT_EQ(sysconf(_SC_PAGESIZE), 4096);
  for (const Function& f : all_functions()) {
    SCOPED_TRACE(f.name);
    for (std::size_t n : {std::size_t{1}, std::size_t{24}, std::size_t{100}, std::size_t{5000},
                          std::size_t{40000}}) {
      SCOPED_TRACE(n);
      const std::size_t asked = f.rounded(n);
      const std::size_t klass = size_class(asked, f.alignment);
      const Window w;
      void* p = f.allocate(n);
      ASSERT_NE(p, nullptr);
      Counters d = w.delta();
      EXPECT_EQ(d.allocs, 1u);
      EXPECT_EQ(d.frees, 0u);
      EXPECT_EQ(d.requested_bytes, asked);
      EXPECT_EQ(d.allocated_bytes, klass);
      EXPECT_EQ(malloc_usable_size(p), klass);
      if (f.alignment != 0) {
        EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % f.alignment, 0u);
      }
      std::memset(p, 0xab, n);  // the whole request is usable
      c_free(p);
      d = w.delta();
      EXPECT_EQ(d.frees, 1u);
      EXPECT_EQ(d.freed_bytes, klass);
      EXPECT_EQ(d.live_bytes(), 0);
      w.expect_arena_agrees();
    }
  }
}

TEST_F(MallocCounting, DefaultAlignmentIsTheFundamentalOne) {
  for (std::size_t n : {std::size_t{16}, std::size_t{24}, std::size_t{100}, std::size_t{5000}}) {
    void* p = c_malloc(n);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % alignof(std::max_align_t), 0u) << n;
    c_free(p);
  }
}

TEST_F(MallocCounting, ZeroByteRequestsOccupyTheSmallestClass) {
  const Window w;
  void* p = c_malloc(0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(w.delta().requested_bytes, 1u);
  EXPECT_EQ(w.delta().allocated_bytes, size_class(1));
  c_free(p);
  c_free(nullptr);  // no event
  EXPECT_EQ(w.delta().frees, 1u);
  w.expect_arena_agrees();
}

TEST_F(MallocCounting, CallocZeroesEvenARecycledBlock) {
  for (std::size_t n : {std::size_t{48}, std::size_t{3000}, std::size_t{70000}}) {
    // Dirty a block of the same class first, so calloc cannot hand back fresh zero pages only.
    auto* dirty = static_cast<unsigned char*>(c_malloc(n));
    std::memset(dirty, 0xff, n);
    c_free(dirty);
    const Window w;
    auto* p = static_cast<unsigned char*>(c_calloc(n / 8, 8));
    ASSERT_NE(p, nullptr);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(p[i], 0) << "byte " << i << " of " << n;
    EXPECT_EQ(w.delta().allocs, 1u);
    EXPECT_EQ(w.delta().requested_bytes, n);
    c_free(p);
    w.expect_arena_agrees();
  }
}

TEST_F(MallocCounting, RejectedRequestsAreNotCounted) {
  const Window w;
  errno = 0;
  EXPECT_EQ(c_calloc(SIZE_MAX / 2, 4), nullptr);  // count * size overflows
  EXPECT_EQ(errno, ENOMEM);
  void* p = nullptr;
  EXPECT_EQ(posix_memalign(&p, 24, 100), EINVAL);  // not a power of two
  EXPECT_EQ(posix_memalign(&p, 4, 100), EINVAL);   // not a multiple of sizeof(void*)
  EXPECT_EQ(p, nullptr);
  errno = 0;
  EXPECT_EQ(aligned_alloc(48, 96), nullptr);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(c_reallocarray(nullptr, SIZE_MAX / 2, 4), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  EXPECT_EQ(w.delta().allocs, 0u);
  EXPECT_EQ(w.delta().frees, 0u);
  w.expect_arena_agrees();
}

TEST_F(MallocCounting, MemalignRoundsItsAlignmentUpAsGlibcDoes) {
  const Window w;
  void* p = memalign(48, 100);  // not a power of two: served at 64
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 64, 0u);
  EXPECT_EQ(w.delta().allocated_bytes, size_class(100, 64));
  c_free(p);
  EXPECT_EQ(malloc_usable_size(nullptr), 0u);
  w.expect_arena_agrees();
}

TEST_F(MallocCounting, ReallocWithinItsSizeClassIsNoEvent) {
  ASSERT_EQ(size_class(20), size_class(32));
  void* p = c_malloc(20);
  const Window w;
  void* q = c_realloc(p, 32);  // grows within the 32-byte class
  EXPECT_EQ(q, p);
  q = c_realloc(q, 17);  // and shrinks within it
  EXPECT_EQ(q, p);
  EXPECT_EQ(w.delta().allocs, 0u);
  EXPECT_EQ(w.delta().frees, 0u);
  EXPECT_EQ(w.delta().requested_bytes, 0u);
  w.expect_arena_agrees();
  c_free(q);
}

TEST_F(MallocCounting, ReallocAcrossClassesIsAFreeAndAnAllocation) {
  auto* p = static_cast<unsigned char*>(c_malloc(24));
  for (int i = 0; i < 24; ++i) p[i] = static_cast<unsigned char>(i);
  const Window w;
  auto* q = static_cast<unsigned char*>(c_realloc(p, 100));  // growth: a small block moves
  Counters d = w.delta();
  EXPECT_EQ(d.allocs, 1u);
  EXPECT_EQ(d.frees, 1u);
  EXPECT_EQ(d.requested_bytes, 100u);
  EXPECT_EQ(d.allocated_bytes, size_class(100));
  EXPECT_EQ(d.freed_bytes, size_class(24));
  for (int i = 0; i < 24; ++i) ASSERT_EQ(q[i], i) << "contents lost on growth";
  q = static_cast<unsigned char*>(c_realloc(q, 40));  // shrink to a smaller class
  d = w.delta();
  EXPECT_EQ(d.allocs, 2u);
  EXPECT_EQ(d.frees, 2u);
  EXPECT_EQ(d.allocated_bytes, size_class(100) + size_class(40));
  EXPECT_EQ(d.live_bytes(), static_cast<std::int64_t>(size_class(40)) - static_cast<std::int64_t>(size_class(24)));
  for (int i = 0; i < 24; ++i) ASSERT_EQ(q[i], i) << "contents lost on shrink";
  w.expect_arena_agrees();
  c_free(q);
}

// Large blocks grow and shrink where they stand when jemalloc can: whether it can depends on the
// neighbouring pages, so the test asserts the rule (same pointer: one free + one allocation of
// the new class; moved: the same) and the agreement with the arena, for either outcome.
TEST_F(MallocCounting, LargeReallocCountsTheClassChangeEitherWay) {
  for (auto [from, to] : {std::pair<std::size_t, std::size_t>{64 * 1024, 256 * 1024},
                          {256 * 1024, 80 * 1024}, {40000, 40001}}) {
    SCOPED_TRACE(std::to_string(from) + " -> " + std::to_string(to));
    auto* p = static_cast<unsigned char*>(c_malloc(from));
    std::memset(p, 0x5a, from);
    const Window w;
    auto* q = static_cast<unsigned char*>(c_realloc(p, to));
    ASSERT_NE(q, nullptr);
    const Counters d = w.delta();
    if (size_class(from) == size_class(to)) {
      EXPECT_EQ(q, p);
      EXPECT_EQ(d.allocs, 0u);
    } else {
      EXPECT_EQ(d.allocs, 1u);
      EXPECT_EQ(d.frees, 1u);
      EXPECT_EQ(d.allocated_bytes, size_class(to));
      EXPECT_EQ(d.freed_bytes, size_class(from));
    }
    for (std::size_t i = 0; i < std::min(from, to); i += 997) ASSERT_EQ(q[i], 0x5a);
    w.expect_arena_agrees();
    c_free(q);
  }
}

TEST_F(MallocCounting, ReallocToZeroFreesAndReallocOfNullAllocates) {
  const Window w;
  void* p = c_realloc(nullptr, 56);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(w.delta().allocs, 1u);
  EXPECT_EQ(c_realloc(p, 0), nullptr);
  EXPECT_EQ(w.delta().frees, 1u);
  EXPECT_EQ(w.delta().live_bytes(), 0);
  w.expect_arena_agrees();
}

TEST_F(MallocCounting, LibcsOwnAllocationsAreCounted) {
  const char* text = "a string that libc copies with its own malloc";
  const Window w;
  char* copy = strdup(text);  // libc calls malloc internally: our definition serves it
  EXPECT_EQ(w.delta().allocs, 1u);
  EXPECT_EQ(w.delta().requested_bytes, std::strlen(text) + 1);
  c_free(copy);
  w.expect_arena_agrees();
}

TEST_F(MallocCounting, BlocksAllocatedWhileCountingWasOffNeverReachTheCounters) {
  alloc::set_counting(false);
  void* off_malloc = c_malloc(100);
  void* off_new = ::operator new(100);
  void* off_grown = c_malloc(24);
  alloc::set_counting(true);
  EXPECT_EQ(alloc::uncounted_live_blocks(), 3u);
  void* on_malloc = c_malloc(200);
  const Counters a = snapshot();
  c_free(off_malloc);                  // uncounted block, counting on: no event
  ::operator delete(off_new, 100);     // likewise for new/delete
  void* moved = c_realloc(off_grown, 30);  // moves into the counted arena: one allocation
  Counters b = snapshot();
  EXPECT_EQ(b.frees - a.frees, 0u);
  EXPECT_EQ(b.allocs - a.allocs, 1u);
  EXPECT_EQ(b.requested_bytes - a.requested_bytes, 30u);
  EXPECT_EQ(alloc::uncounted_live_blocks(), 0u);
  alloc::set_counting(false);
  c_free(on_malloc);  // counted block, counting off: its free is counted all the same
  alloc::set_counting(true);
  b = snapshot();
  EXPECT_EQ(b.frees - a.frees, 1u);
  EXPECT_EQ(b.freed_bytes - a.freed_bytes, size_class(200));
  c_free(moved);
  EXPECT_EQ(snapshot().live_bytes(), a.live_bytes() - static_cast<std::int64_t>(size_class(200)));
}

TEST_F(MallocCounting, AnUncountedAllocationInsideAWindowIsADisagreement) {
  const alloc::ArenaStats before = alloc::arena_stats();
  const Counters c0 = snapshot();
  alloc::set_counting(false);
  void* p = c_malloc(48);
  alloc::set_counting(true);
  c_free(p);
  const alloc::ArenaStats after = alloc::arena_stats();
  const Counters c1 = snapshot();
  EXPECT_EQ(c1.allocs - c0.allocs, 0u);
  EXPECT_EQ(c1.frees - c0.frees, 0u);
  EXPECT_EQ(c1.uncounted_allocs - c0.uncounted_allocs, 1u);
  EXPECT_EQ(after.nmalloc - before.nmalloc, 0u) << "the uncounted block took jemalloc's ordinary path";
}

TEST_F(MallocCounting, UncountedBlocksComeFromTheThreadCache) {
  // Freed and allocated again with counting off, a block of the same size class comes straight
  // back from jemalloc's thread cache: the timing pass runs on jemalloc's ordinary fast path.
  alloc::set_counting(false);
  void* a = c_malloc(40);
  c_free(a);
  void* b = c_malloc(40);
  alloc::set_counting(true);
  EXPECT_EQ(a, b);
  const Counters c0 = snapshot();
  c_free(b);
  EXPECT_EQ(snapshot().frees, c0.frees) << "an uncounted block's free is not counted";
}

// ---- a third-party-style library that only knows the malloc family --------------------------

TEST_F(MallocOnlyLibrary, MapIsMeasuredExactly) {
  constexpr std::size_t kBuckets = 64;
  const std::vector<std::string> keys = {"alpha", "beta", "gamma", "a-considerably-longer-key-name", "x"};
  std::size_t requested = kMlibMapBytes + kBuckets * sizeof(void*);
  std::size_t allocated = size_class(kMlibMapBytes) + size_class(kBuckets * sizeof(void*));
  for (const std::string& k : keys) {
    requested += kMlibEntryBytes + k.size() + 1;
    allocated += size_class(kMlibEntryBytes) + size_class(k.size() + 1);
  }
  const Window w;
  alloc::reset_peak();
  mlib_map* map = mlib_map_new(kBuckets);
  for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(mlib_map_put(map, keys[i].c_str(), double(i)), 1);
  EXPECT_EQ(mlib_map_put(map, "beta", 42.0), 0);  // a replaced value costs nothing
  Counters d = w.delta();
  EXPECT_EQ(d.allocs, 2 + 2 * keys.size());
  EXPECT_EQ(d.frees, 0u);
  EXPECT_EQ(d.requested_bytes, requested);
  EXPECT_EQ(d.allocated_bytes, allocated);
  double v = 0;
  ASSERT_EQ(mlib_map_get(map, "beta", &v), 1);
  EXPECT_EQ(v, 42.0);
  w.expect_arena_agrees();
  mlib_map_free(map);
  d = w.delta();
  EXPECT_EQ(d.frees, d.allocs);
  EXPECT_EQ(d.live_bytes(), 0);
  w.expect_arena_agrees();
}

TEST_F(MallocOnlyLibrary, BufferGrowthThroughReallocIsMeasuredExactly) {
  const std::string chunk(40, 'z');
  const Window w;
  mlib_buf* buf = mlib_buf_new();
  for (int i = 0; i < 100; ++i) ASSERT_EQ(mlib_buf_append(buf, chunk.data(), chunk.size()), 1);
  const std::size_t final_capacity = mlib_buf_capacity(buf);
  EXPECT_EQ(final_capacity, 4096u);  // 16, then doubled: 64, 128, ..., 4096 for 4000 bytes
  // Every capacity step is a realloc: an allocation when the block changes class (or is new),
  // nothing when the capacity stays in the same class. 16 -> 64 (first append of 40 bytes),
  // 128, 256, 512, 1024, 2048, 4096: every step changes class.
  const Counters d = w.delta();
  EXPECT_EQ(d.allocs, 1 + 7u);  // the buffer struct + the storage's 7 capacities
  EXPECT_EQ(d.frees, 6u);       // each realloc but the first frees the previous storage
  EXPECT_EQ(d.live_bytes(), static_cast<std::int64_t>(size_class(kMlibBufBytes) + size_class(4096)));
  for (std::size_t i = 0; i < mlib_buf_size(buf); ++i) ASSERT_EQ(mlib_buf_data(buf)[i], 'z');
  w.expect_arena_agrees();
  mlib_buf_free(buf);
  EXPECT_EQ(w.delta().live_bytes(), 0);
  w.expect_arena_agrees();
}

TEST_F(MallocOnlyLibrary, AlignedScratchIsMeasuredExactly) {
  const Window w;
  void* a = mlib_scratch(1000);
  void* b = mlib_page_scratch(5000);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a) % kMlibScratchAlign, 0u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(b) % 4096, 0u);
  const Counters d = w.delta();
  EXPECT_EQ(d.allocs, 2u);
  EXPECT_EQ(d.requested_bytes, 1000u + 8192u);
  EXPECT_EQ(d.allocated_bytes, size_class(1000, kMlibScratchAlign) + size_class(8192, 4096));
  w.expect_arena_agrees();
  mlib_scratch_free(a);
  mlib_scratch_free(b);
  EXPECT_EQ(w.delta().live_bytes(), 0);
  w.expect_arena_agrees();
}

}  // namespace
}  // namespace sigheap
