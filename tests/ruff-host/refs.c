/* The ref table: an array in the heap stash, with a free list of released slots. */
#include <stdlib.h>
#include "rh.h"

static int *free_slots;
static int free_count, free_cap, next_slot = 1;

void rh_refs_init(duk_context *ctx) {
  duk_push_global_stash(ctx);
  duk_push_array(ctx);
  duk_put_prop_string(ctx, -2, "refs");
  duk_pop(ctx);
}

int rh_ref(duk_context *ctx) {
  int ref;
  if (free_count > 0) ref = free_slots[--free_count];
  else ref = next_slot++;
  duk_push_global_stash(ctx);
  duk_get_prop_string(ctx, -1, "refs");
  duk_dup(ctx, -3);
  duk_put_prop_index(ctx, -2, (duk_uarridx_t) ref);
  duk_pop_3(ctx);
  return ref;
}

void rh_unref(duk_context *ctx, int ref) {
  if (ref <= 0) return;
  duk_push_global_stash(ctx);
  duk_get_prop_string(ctx, -1, "refs");
  duk_push_undefined(ctx);
  duk_put_prop_index(ctx, -2, (duk_uarridx_t) ref);
  duk_pop_2(ctx);
  if (free_count == free_cap) {
    free_cap = free_cap ? free_cap * 2 : 64;
    free_slots = realloc(free_slots, sizeof(int) * (size_t) free_cap);
    if (!free_slots) abort();
  }
  free_slots[free_count++] = ref;
}

void rh_push_ref(duk_context *ctx, int ref) {
  if (ref <= 0) { duk_push_undefined(ctx); return; }
  duk_push_global_stash(ctx);
  duk_get_prop_string(ctx, -1, "refs");
  duk_get_prop_index(ctx, -1, (duk_uarridx_t) ref);
  duk_remove(ctx, -2);
  duk_remove(ctx, -2);
}
