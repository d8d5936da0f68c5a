/* Shared declarations of the Ruff-compatible test runtime (see README.md). */
#ifndef RH_H
#define RH_H

#include <duktape.h>
#include <uv.h>

/* JS references held in the heap stash until released: the Duktape side of every
 * libuv handle and request lives here, so the GC never frees memory libuv points into. */
int rh_ref(duk_context *ctx);                 /* pops the top value, returns a ref > 0 */
void rh_unref(duk_context *ctx, int ref);     /* ref 0 is ignored */
void rh_push_ref(duk_context *ctx, int ref);  /* pushes undefined for ref 0 */
void rh_refs_init(duk_context *ctx);

/* Per-handle data, like Ruff's duv_handle_t: two callback slots (close, and one shared by
 * every other event: read, connection, timeout, idle, check) and the handle's own ref. */
enum { RH_CB_CLOSE = 0, RH_CB_EVENT = 1 };
typedef struct {
  int self_ref;
  int cb[2];
} rh_handle_t;

/* Per-request data (write, connect, shutdown, getaddrinfo): the request buffer itself,
 * its callback and, for writes, the data being written, all alive until completion. */
typedef struct {
  int self_ref;
  int cb_ref;
  int data_ref;
} rh_req_t;

duk_context *rh_ctx(uv_loop_t *loop);
uv_loop_t *rh_loop(void);

/* Argument checking with Ruff's messages: TypeError "Invalid argument type for <name>". */
typedef duk_bool_t (*rh_checker)(duk_context *ctx, duk_idx_t idx);
typedef struct { const char *name; rh_checker check; } rh_arg_t;
void rh_check_args(duk_context *ctx, const rh_arg_t *schema);
duk_bool_t rh_is_handle(duk_context *ctx, duk_idx_t idx);
duk_bool_t rh_is_stream(duk_context *ctx, duk_idx_t idx);
duk_bool_t rh_is_tcp(duk_context *ctx, duk_idx_t idx);
duk_bool_t rh_is_pipe(duk_context *ctx, duk_idx_t idx);
duk_bool_t rh_is_timer(duk_context *ctx, duk_idx_t idx);
duk_bool_t rh_is_data(duk_context *ctx, duk_idx_t idx);
duk_bool_t rh_is_continuation(duk_context *ctx, duk_idx_t idx);
duk_bool_t rh_is_boolean(duk_context *ctx, duk_idx_t idx);
duk_bool_t rh_is_number(duk_context *ctx, duk_idx_t idx);
duk_bool_t rh_is_string(duk_context *ctx, duk_idx_t idx);
duk_bool_t rh_is_function(duk_context *ctx, duk_idx_t idx);

/* Errors in Ruff's style: an Error whose message is "<ERRNAME>: <strerror>", no code. */
void rh_push_status(duk_context *ctx, int status);      /* null, or such an Error */
duk_ret_t rh_throw_status(duk_context *ctx, int status); /* throws such an Error */
#define RH_CHECK(ctx, expr) do { int rh__r = (expr); if (rh__r < 0) rh_throw_status((ctx), rh__r); } while (0)

/* Handle and request bookkeeping. The handle object is on the stack top when setup runs. */
rh_handle_t *rh_setup_handle(duk_context *ctx);
void rh_store_cb(duk_context *ctx, rh_handle_t *data, int slot, duk_idx_t idx);
rh_req_t *rh_setup_req(duk_context *ctx, duk_idx_t cb_idx);
void rh_cleanup_req(duk_context *ctx, rh_req_t *data);

/* Calls a JS callback with the nargs values on the stack top (this = the uv object), then
 * runs process._tickCallback, as Ruff does after every callback. An exception goes to
 * process._handleFatal. A zero ref pops the arguments and calls nothing. */
void rh_call(duk_context *ctx, int fn_ref, int nargs);
void rh_emit(duk_context *ctx, uv_handle_t *handle, int slot, int nargs);
void rh_fulfill(duk_context *ctx, rh_req_t *data, int nargs);
void rh_fatal(duk_context *ctx); /* the error is on the stack top; it is popped */

void rh_close_cb(uv_handle_t *handle);

/* Registration of the `uv` global's functions, one list per source file. */
void rh_register_handles(duk_context *ctx, duk_idx_t uv_idx);
void rh_register_streams(duk_context *ctx, duk_idx_t uv_idx);
void rh_register_dns(duk_context *ctx, duk_idx_t uv_idx);
void rh_set_uv_object_ref(int ref);

/* Heap accounting of the custom allocator (test instrumentation, not Ruff). */
void *rh_alloc(void *udata, duk_size_t size);
void *rh_realloc(void *udata, void *ptr, duk_size_t size);
void rh_free(void *udata, void *ptr);
size_t rh_heap_bytes(void);

#endif
