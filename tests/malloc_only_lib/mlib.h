#pragma once
// mlib: a stand-in for a third-party C library, used by tests/malloc_counting_test.cc. It
// allocates only through the C allocation functions -- malloc, calloc, realloc, posix_memalign,
// aligned_alloc -- never operator new, the way C libraries and many C++ libraries' private data do.
// Its allocation plan is part of its documented interface, so a test can predict every block.

#include <stddef.h>

extern "C" {

// A chained hash map from C strings to doubles.
//   mlib_map_new:  malloc(sizeof(mlib_map)), calloc(buckets, sizeof(void*)) for the bucket array
//   mlib_map_put:  a new key costs malloc(kMlibEntryBytes) and malloc(strlen(key) + 1);
//                  an existing key costs nothing
//   mlib_map_free: frees all of the above
typedef struct mlib_map mlib_map;
mlib_map* mlib_map_new(size_t buckets);
int mlib_map_put(mlib_map* map, const char* key, double value);  // 1: new key, 0: replaced
int mlib_map_get(const mlib_map* map, const char* key, double* value);
void mlib_map_free(mlib_map* map);

// A growable byte buffer.
//   mlib_buf_new:    malloc(sizeof(mlib_buf)); no storage until the first append
//   mlib_buf_append: when full, realloc the storage to max(kMlibBufFirst, 2 * capacity)
//                    (doubled until the bytes fit)
//   mlib_buf_free:   frees both
typedef struct mlib_buf mlib_buf;
mlib_buf* mlib_buf_new(void);
int mlib_buf_append(mlib_buf* buf, const void* bytes, size_t n);
const unsigned char* mlib_buf_data(const mlib_buf* buf);
size_t mlib_buf_size(const mlib_buf* buf);
size_t mlib_buf_capacity(const mlib_buf* buf);
void mlib_buf_free(mlib_buf* buf);

// Aligned scratch memory, as SIMD code and I/O buffers use it.
//   mlib_scratch:      posix_memalign(kMlibScratchAlign, n)
//   mlib_page_scratch: aligned_alloc(4096, n rounded up to a multiple of 4096)
//   mlib_scratch_free: free
void* mlib_scratch(size_t n);
void* mlib_page_scratch(size_t n);
void mlib_scratch_free(void* p);

}  // extern "C"

inline constexpr size_t kMlibMapBytes = 16;    // sizeof(mlib_map)
inline constexpr size_t kMlibEntryBytes = 24;  // sizeof(an entry): key, value, next
inline constexpr size_t kMlibBufBytes = 24;    // sizeof(mlib_buf)
inline constexpr size_t kMlibBufFirst = 16;    // first storage capacity
inline constexpr size_t kMlibScratchAlign = 64;
