// mlib (see mlib.h): written as C, compiled as C++ because the project builds only C++. No
// operator new anywhere, on purpose.
#include "tests/malloc_only_lib/mlib.h"

#include <stdlib.h>
#include <string.h>

struct mlib_entry {
  char* key;
  double value;
  mlib_entry* next;
};
struct mlib_map {
  mlib_entry** buckets;
  size_t nbuckets;
};
struct mlib_buf {
  unsigned char* data;
  size_t size;
  size_t capacity;
};

static_assert(sizeof(mlib_map) == kMlibMapBytes);
static_assert(sizeof(mlib_entry) == kMlibEntryBytes);
static_assert(sizeof(mlib_buf) == kMlibBufBytes);

static size_t hash(const char* s) {
  size_t h = 1469598103934665603u;
  for (; *s != '\0'; ++s) h = (h ^ static_cast<unsigned char>(*s)) * 1099511628211u;
  return h;
}

extern "C" {

mlib_map* mlib_map_new(size_t buckets) {
  mlib_map* map = static_cast<mlib_map*>(malloc(sizeof(mlib_map)));
  if (map == NULL) return NULL;
  map->buckets = static_cast<mlib_entry**>(calloc(buckets, sizeof(mlib_entry*)));
  if (map->buckets == NULL) {
    free(map);
    return NULL;
  }
  map->nbuckets = buckets;
  return map;
}

int mlib_map_put(mlib_map* map, const char* key, double value) {
  mlib_entry** slot = &map->buckets[hash(key) % map->nbuckets];
  for (mlib_entry* e = *slot; e != NULL; e = e->next) {
    if (strcmp(e->key, key) == 0) {
      e->value = value;
      return 0;
    }
  }
  mlib_entry* e = static_cast<mlib_entry*>(malloc(sizeof(mlib_entry)));
  const size_t len = strlen(key) + 1;
  e->key = static_cast<char*>(malloc(len));
  memcpy(e->key, key, len);
  e->value = value;
  e->next = *slot;
  *slot = e;
  return 1;
}

int mlib_map_get(const mlib_map* map, const char* key, double* value) {
  for (const mlib_entry* e = map->buckets[hash(key) % map->nbuckets]; e != NULL; e = e->next) {
    if (strcmp(e->key, key) == 0) {
      *value = e->value;
      return 1;
    }
  }
  return 0;
}

void mlib_map_free(mlib_map* map) {
  for (size_t i = 0; i < map->nbuckets; ++i) {
    for (mlib_entry* e = map->buckets[i]; e != NULL;) {
      mlib_entry* next = e->next;
      free(e->key);
      free(e);
      e = next;
    }
  }
  free(map->buckets);
  free(map);
}

mlib_buf* mlib_buf_new(void) {
  mlib_buf* buf = static_cast<mlib_buf*>(malloc(sizeof(mlib_buf)));
  if (buf != NULL) memset(buf, 0, sizeof(*buf));
  return buf;
}

int mlib_buf_append(mlib_buf* buf, const void* bytes, size_t n) {
  if (buf->size + n > buf->capacity) {
    size_t capacity = buf->capacity == 0 ? kMlibBufFirst : 2 * buf->capacity;
    while (capacity < buf->size + n) capacity *= 2;
    unsigned char* data = static_cast<unsigned char*>(realloc(buf->data, capacity));
    if (data == NULL) return 0;
    buf->data = data;
    buf->capacity = capacity;
  }
  memcpy(buf->data + buf->size, bytes, n);
  buf->size += n;
  return 1;
}

const unsigned char* mlib_buf_data(const mlib_buf* buf) { return buf->data; }
size_t mlib_buf_size(const mlib_buf* buf) { return buf->size; }
size_t mlib_buf_capacity(const mlib_buf* buf) { return buf->capacity; }

void mlib_buf_free(mlib_buf* buf) {
  free(buf->data);
  free(buf);
}

void* mlib_scratch(size_t n) {
  void* p = NULL;
  return posix_memalign(&p, kMlibScratchAlign, n) == 0 ? p : NULL;
}

void* mlib_page_scratch(size_t n) { return aligned_alloc(4096, (n + 4095) / 4096 * 4096); }

void mlib_scratch_free(void* p) { free(p); }

}  // extern "C"
