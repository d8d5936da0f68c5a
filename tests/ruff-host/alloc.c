/* A malloc wrapper that counts live Duktape heap bytes, for the per-connection memory
 * budget of issue 7. Test instrumentation: Ruff has no such counter. */
#include <stdlib.h>
#include <stddef.h>
#include "rh.h"

typedef union { size_t size; max_align_t align; } header_t;

static size_t live_bytes;

size_t rh_heap_bytes(void) { return live_bytes; }

void *rh_alloc(void *udata, duk_size_t size) {
  (void) udata;
  if (size == 0) return NULL;
  header_t *h = malloc(sizeof(header_t) + size);
  if (!h) return NULL;
  h->size = size;
  live_bytes += size;
  return h + 1;
}

void rh_free(void *udata, void *ptr) {
  (void) udata;
  if (!ptr) return;
  header_t *h = (header_t *) ptr - 1;
  live_bytes -= h->size;
  free(h);
}

void *rh_realloc(void *udata, void *ptr, duk_size_t size) {
  if (!ptr) return rh_alloc(udata, size);
  if (size == 0) { rh_free(udata, ptr); return NULL; }
  header_t *old = (header_t *) ptr - 1;
  size_t old_size = old->size;
  header_t *h = realloc(old, sizeof(header_t) + size);
  if (!h) return NULL;
  h->size = size;
  live_bytes = live_bytes - old_size + size;
  return h + 1;
}
