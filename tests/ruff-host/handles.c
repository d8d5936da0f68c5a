/* `uv` functions on any handle, timers, idle/check (used by setImmediate, as in Ruff) and
 * the small helpers (hrtime, errname, is_ipv4/6, cwd, getpid). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "rh.h"

static duk_ret_t uv_close_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"handle", rh_is_handle}, {"onclosed", rh_is_continuation}, {NULL, NULL}});
  uv_handle_t *handle = duk_get_buffer(ctx, 0, NULL);
  if (!handle->data || uv_is_closing(handle)) {
    /* libuv asserts on a second uv_close: Ruff aborts (or corrupts its loop) here too. */
    fprintf(stderr, "ruff-host: uv.close() called on a handle that is already closing or closed "
                    "(libuv aborts on this; so would Ruff)\n");
    abort();
  }
  uv_close(handle, rh_close_cb);
  rh_store_cb(ctx, handle->data, RH_CB_CLOSE, 1);
  return 0;
}

static duk_ret_t uv_unref_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"handle", rh_is_handle}, {NULL, NULL}});
  uv_unref(duk_get_buffer(ctx, 0, NULL));
  return 0;
}

static void timer_cb(uv_timer_t *handle) {
  rh_emit(rh_ctx(handle->loop), (uv_handle_t *) handle, RH_CB_EVENT, 0);
}

static duk_ret_t uv_new_timer(duk_context *ctx) {
  uv_timer_t *handle = duk_push_fixed_buffer(ctx, sizeof(*handle));
  RH_CHECK(ctx, uv_timer_init(rh_loop(), handle));
  handle->data = rh_setup_handle(ctx);
  return 1;
}

static duk_ret_t uv_timer_start_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"timer", rh_is_timer}, {"timeout", rh_is_number}, {"repeat", rh_is_number},
    {"ontimeout", rh_is_function}, {NULL, NULL}});
  uv_timer_t *handle = duk_get_buffer(ctx, 0, NULL);
  uint64_t timeout = duk_get_uint(ctx, 1);
  uint64_t repeat = duk_get_uint(ctx, 2);
  uv_update_time(rh_loop());
  RH_CHECK(ctx, uv_timer_start(handle, timer_cb, timeout, repeat));
  rh_store_cb(ctx, handle->data, RH_CB_EVENT, 3);
  return 0;
}

static duk_ret_t uv_timer_stop_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"timer", rh_is_timer}, {NULL, NULL}});
  RH_CHECK(ctx, uv_timer_stop(duk_get_buffer(ctx, 0, NULL)));
  return 0;
}

static duk_ret_t uv_update_loop_time(duk_context *ctx) {
  (void) ctx;
  uv_update_time(rh_loop());
  return 0;
}

/* idle and check handles; check is unref'd on start, as in Ruff, so a pending
 * setImmediate keeps the loop alive through its idle handle only. */
#define RH_SIMPLE_HANDLE(type, unref_on_start)                                          \
  static void type##_cb(uv_##type##_t *handle) {                                        \
    rh_emit(rh_ctx(handle->loop), (uv_handle_t *) handle, RH_CB_EVENT, 0);              \
  }                                                                                     \
  static duk_ret_t uv_##type##_init_fn(duk_context *ctx) {                              \
    uv_##type##_t *handle = duk_push_fixed_buffer(ctx, sizeof(*handle));                \
    RH_CHECK(ctx, uv_##type##_init(rh_loop(), handle));                                 \
    handle->data = rh_setup_handle(ctx);                                                \
    return 1;                                                                           \
  }                                                                                     \
  static uv_##type##_t *type##_arg(duk_context *ctx) {                                  \
    duk_size_t size = 0;                                                                \
    void *h = duk_is_fixed_buffer(ctx, 0) ? duk_get_buffer(ctx, 0, &size) : NULL;       \
    if (!h || size != sizeof(uv_##type##_t))                                            \
      (void) duk_error(ctx, DUK_ERR_TYPE_ERROR, "invalid handle");                      \
    return h;                                                                           \
  }                                                                                     \
  static duk_ret_t uv_##type##_start_fn(duk_context *ctx) {                             \
    uv_##type##_t *handle = type##_arg(ctx);                                            \
    RH_CHECK(ctx, uv_##type##_start(handle, type##_cb));                                \
    rh_store_cb(ctx, handle->data, RH_CB_EVENT, 1);                                     \
    if (unref_on_start) uv_unref((uv_handle_t *) handle);                               \
    return 0;                                                                           \
  }                                                                                     \
  static duk_ret_t uv_##type##_stop_fn(duk_context *ctx) {                              \
    RH_CHECK(ctx, uv_##type##_stop(type##_arg(ctx)));                                   \
    return 0;                                                                           \
  }

RH_SIMPLE_HANDLE(idle, 0)
RH_SIMPLE_HANDLE(check, 1)

static duk_ret_t uv_hrtime_fn(duk_context *ctx) {
  duk_push_number(ctx, (double) uv_hrtime());
  return 1;
}

static duk_ret_t uv_errname_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"errno", rh_is_number}, {NULL, NULL}});
  duk_push_string(ctx, uv_err_name(duk_get_int(ctx, 0)));
  return 1;
}

static duk_ret_t is_ip(duk_context *ctx, int family) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"address", rh_is_string}, {NULL, NULL}});
  unsigned char dst[16];
  duk_push_boolean(ctx, uv_inet_pton(family, duk_get_string(ctx, 0), dst) == 0);
  return 1;
}
static duk_ret_t uv_is_ipv4(duk_context *ctx) { return is_ip(ctx, AF_INET); }
static duk_ret_t uv_is_ipv6(duk_context *ctx) { return is_ip(ctx, AF_INET6); }

static duk_ret_t uv_cwd_fn(duk_context *ctx) {
  char path[4096];
  size_t size = sizeof(path);
  RH_CHECK(ctx, uv_cwd(path, &size));
  duk_push_lstring(ctx, path, size);
  return 1;
}

static duk_ret_t uv_getpid_fn(duk_context *ctx) {
  duk_push_uint(ctx, (duk_uint_t) getpid());
  return 1;
}

static const duk_function_list_entry functions[] = {
  {"close", uv_close_fn, 2},
  {"unref", uv_unref_fn, 1},
  {"new_timer", uv_new_timer, 0},
  {"timer_start", uv_timer_start_fn, 4},
  {"timer_stop", uv_timer_stop_fn, 1},
  {"update_loop_time", uv_update_loop_time, 0},
  {"idle_init", uv_idle_init_fn, 0},
  {"idle_start", uv_idle_start_fn, 2},
  {"idle_stop", uv_idle_stop_fn, 1},
  {"check_init", uv_check_init_fn, 0},
  {"check_start", uv_check_start_fn, 2},
  {"check_stop", uv_check_stop_fn, 1},
  {"hrtime", uv_hrtime_fn, 0},
  {"errname", uv_errname_fn, 1},
  {"is_ipv4", uv_is_ipv4, 1},
  {"is_ipv6", uv_is_ipv6, 1},
  {"cwd", uv_cwd_fn, 0},
  {"getpid", uv_getpid_fn, 0},
  {NULL, NULL, 0}
};

static const duk_number_list_entry constants[] = {
  {"UV_EPIPE", (double) UV_EPIPE},
  {"UV_EINVAL", (double) UV_EINVAL},
  {"UV_EADDRINUSE", (double) UV_EADDRINUSE},
  {"UV_ECANCELED", (double) UV_ECANCELED},
  {"UV_EOF", (double) UV_EOF},
  {NULL, 0.0}
};

void rh_register_handles(duk_context *ctx, duk_idx_t uv_idx) {
  duk_put_function_list(ctx, uv_idx, functions);
  duk_put_number_list(ctx, uv_idx, constants);
}
