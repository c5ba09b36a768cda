// The counting allocator: every global new/delete form is counted exactly once, alignment is
// honoured, requested vs allocated bytes follow the backend's size classes, and a known
// sequence of allocations gives exact counters.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include "harness/counting_allocator.h"

namespace sigheap {
namespace {

using alloc::Counters;
using alloc::size_class;
using alloc::snapshot;

constexpr bool kSystemAllocator = SIGHEAP_SYSTEM_ALLOCATOR_BUILD;

// Explicit calls to the operator functions: unlike new-expressions, the compiler may not elide them.
struct Form {
  std::string name;
  std::size_t alignment;  // 0: default
  std::function<void*(std::size_t)> allocate;
  std::function<void(void*, std::size_t)> release;
};

std::vector<Form> all_forms() {
  constexpr std::size_t kAl = 64;
  const auto al = std::align_val_t{kAl};
  const std::nothrow_t& nt = std::nothrow;
  return {
      {"new/delete", 0, [](std::size_t n) { return ::operator new(n); },
       [](void* p, std::size_t) { ::operator delete(p); }},
      {"new/sized delete", 0, [](std::size_t n) { return ::operator new(n); },
       [](void* p, std::size_t n) { ::operator delete(p, n); }},
      {"new[]/delete[]", 0, [](std::size_t n) { return ::operator new[](n); },
       [](void* p, std::size_t) { ::operator delete[](p); }},
      {"new[]/sized delete[]", 0, [](std::size_t n) { return ::operator new[](n); },
       [](void* p, std::size_t n) { ::operator delete[](p, n); }},
      {"aligned new/delete", kAl, [al](std::size_t n) { return ::operator new(n, al); },
       [al](void* p, std::size_t) { ::operator delete(p, al); }},
      {"aligned new/sized delete", kAl, [al](std::size_t n) { return ::operator new(n, al); },
       [al](void* p, std::size_t n) { ::operator delete(p, n, al); }},
      {"aligned new[]/delete[]", kAl, [al](std::size_t n) { return ::operator new[](n, al); },
       [al](void* p, std::size_t) { ::operator delete[](p, al); }},
      {"aligned new[]/sized delete[]", kAl, [al](std::size_t n) { return ::operator new[](n, al); },
       [al](void* p, std::size_t n) { ::operator delete[](p, n, al); }},
      {"nothrow new/delete", 0, [&nt](std::size_t n) { return ::operator new(n, nt); },
       [&nt](void* p, std::size_t) { ::operator delete(p, nt); }},
      {"nothrow new[]/delete[]", 0, [&nt](std::size_t n) { return ::operator new[](n, nt); },
       [&nt](void* p, std::size_t) { ::operator delete[](p, nt); }},
      {"aligned nothrow new/delete", kAl,
       [al, &nt](std::size_t n) { return ::operator new(n, al, nt); },
       [al, &nt](void* p, std::size_t) { ::operator delete(p, al, nt); }},
      {"aligned nothrow new[]/delete[]", kAl,
       [al, &nt](std::size_t n) { return ::operator new[](n, al, nt); },
       [al, &nt](void* p, std::size_t) { ::operator delete[](p, al, nt); }},
  };
}

TEST(CountingAllocator, EveryFormIsCountedExactlyOnce) {
  for (const Form& f : all_forms()) {
    SCOPED_TRACE(f.name);
    for (std::size_t n : {std::size_t{1}, std::size_t{24}, std::size_t{100}, std::size_t{5000}}) {
      const std::size_t klass = size_class(n, f.alignment);
      const Counters a = snapshot();
      void* p = f.allocate(n);
      const Counters b = snapshot();
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(b.allocs - a.allocs, 1u);
      EXPECT_EQ(b.frees - a.frees, 0u);
      EXPECT_EQ(b.requested_bytes - a.requested_bytes, n);
      EXPECT_EQ(b.allocated_bytes - a.allocated_bytes, klass);
      EXPECT_EQ(b.live_bytes() - a.live_bytes(), static_cast<std::int64_t>(klass));
      if (f.alignment != 0) {
        EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % f.alignment, 0u);
      }
      f.release(p, n);
      const Counters c = snapshot();
      EXPECT_EQ(c.allocs - b.allocs, 0u);
      EXPECT_EQ(c.frees - b.frees, 1u);
      EXPECT_EQ(c.freed_bytes - b.freed_bytes, klass);
      EXPECT_EQ(c.live_bytes(), a.live_bytes());
    }
  }
}

TEST(CountingAllocator, NewExpressionsAreCounted) {
  const Counters a = snapshot();
  auto* volatile x = new std::uint64_t[3];  // 24 bytes
  const Counters b = snapshot();
  delete[] x;
  const Counters c = snapshot();
  EXPECT_EQ(b.allocs - a.allocs, 1u);
  EXPECT_EQ(b.requested_bytes - a.requested_bytes, 24u);
  EXPECT_EQ(c.frees - b.frees, 1u);
  EXPECT_EQ(c.live_bytes(), a.live_bytes());
}

TEST(CountingAllocator, OverAlignedTypesHonourTheirAlignment) {
  struct alignas(256) Wide {
    char bytes[256];
  };
  for (int i = 0; i < 16; ++i) {
    auto* w = new Wide();
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(w) % 256, 0u);
    delete w;
  }
  void* page = ::operator new(100, std::align_val_t{4096});
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(page) % 4096, 0u);
  ::operator delete(page, std::align_val_t{4096});
}

TEST(CountingAllocator, JemallocSizeClasses) {
  if (kSystemAllocator) GTEST_SKIP() << "system allocator build: no jemalloc size classes";
  EXPECT_EQ(size_class(24), 32u);
  EXPECT_EQ(size_class(56), 64u);
  EXPECT_EQ(size_class(100), 112u);
  EXPECT_EQ(size_class(468), 512u);
  const Counters a = snapshot();
  void* p = ::operator new(24);
  const Counters b = snapshot();
  ::operator delete(p, 24);
  EXPECT_EQ(b.requested_bytes - a.requested_bytes, 24u);
  EXPECT_EQ(b.allocated_bytes - a.allocated_bytes, 32u);
}

TEST(CountingAllocator, KnownSequenceGivesExactCounters) {
  const std::size_t sizes[] = {24, 56, 100, 468};
  std::size_t requested = 0;
  std::size_t allocated = 0;
  for (std::size_t n : sizes) {
    requested += n;
    allocated += size_class(n);
  }
  alloc::reset_peak();
  const Counters a = snapshot();
  void* blocks[4];
  for (int i = 0; i < 4; ++i) blocks[i] = ::operator new(sizes[i]);
  ::operator delete(blocks[3], sizes[3]);
  ::operator delete(blocks[0], sizes[0]);
  void* again = ::operator new(24);
  const Counters b = snapshot();
  EXPECT_EQ(b.allocs - a.allocs, 5u);
  EXPECT_EQ(b.frees - a.frees, 2u);
  EXPECT_EQ(b.requested_bytes - a.requested_bytes, requested + 24);
  EXPECT_EQ(b.allocated_bytes - a.allocated_bytes, allocated + size_class(24));
  EXPECT_EQ(b.freed_bytes - a.freed_bytes, size_class(468) + size_class(24));
  EXPECT_EQ(b.live_bytes() - a.live_bytes(),
            static_cast<std::int64_t>(size_class(56) + size_class(100) + size_class(24)));
  EXPECT_EQ(static_cast<std::int64_t>(b.peak_live_bytes) - a.live_bytes(),
            static_cast<std::int64_t>(allocated));
  EXPECT_EQ(b.live_blocks() - a.live_blocks(), 3);
  ::operator delete(again, 24);
  ::operator delete(blocks[1], sizes[1]);
  ::operator delete(blocks[2], sizes[2]);
  EXPECT_EQ(snapshot().live_bytes(), a.live_bytes());
}

TEST(CountingAllocator, CountingCanBeSwitchedOff) {
  alloc::set_counting(false);
  const Counters a = snapshot();
  void* p = ::operator new(64);
  ::operator delete(p, 64);
  const Counters b = snapshot();
  alloc::set_counting(true);
  EXPECT_FALSE(a.allocs != b.allocs || a.frees != b.frees);
  EXPECT_TRUE(alloc::counting());
  void* q = ::operator new(64);
  ::operator delete(q, 64);
  EXPECT_EQ(snapshot().allocs - b.allocs, 1u);
}

TEST(CountingAllocator, ReportsItsBackend) {
  const std::string name = alloc::backend_name();
  if (kSystemAllocator) {
    EXPECT_EQ(name, "system malloc");
  } else {
    EXPECT_EQ(name.rfind("jemalloc 5.", 0), 0u) << name;
  }
}

}  // namespace
}  // namespace sigheap
