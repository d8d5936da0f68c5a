/* The machinery shared by every `uv` function: argument checks, errors in Ruff's style,
 * handle/request bookkeeping and the callback path (callback, then the next-tick queue). */
#include <stdio.h>
#include <stdlib.h>
#include "rh.h"

static int uv_object_ref;

void rh_set_uv_object_ref(int ref) { uv_object_ref = ref; }

duk_context *rh_ctx(uv_loop_t *loop) { return loop->data; }

/* Like Ruff's dschema_check: functions are registered with a fixed argument count, so
 * missing arguments arrive as undefined and extra ones are dropped by Duktape. */
void rh_check_args(duk_context *ctx, const rh_arg_t *schema) {
  for (int i = 0; schema[i].name; i++) {
    if (!schema[i].check(ctx, i)) {
      (void) duk_error(ctx, DUK_ERR_TYPE_ERROR, "Invalid argument type for %s", schema[i].name);
    }
  }
}

static uv_handle_t *handle_at(duk_context *ctx, duk_idx_t idx, duk_size_t *size) {
  if (!duk_is_fixed_buffer(ctx, idx)) return NULL;
  uv_handle_t *h = duk_get_buffer(ctx, idx, size);
  return *size >= sizeof(uv_handle_t) ? h : NULL;
}

duk_bool_t rh_is_handle(duk_context *ctx, duk_idx_t idx) {
  return duk_is_fixed_buffer(ctx, idx);
}

duk_bool_t rh_is_stream(duk_context *ctx, duk_idx_t idx) {
  duk_size_t size;
  uv_handle_t *h = handle_at(ctx, idx, &size);
  return h && (h->type == UV_TCP || h->type == UV_NAMED_PIPE || h->type == UV_TTY);
}

duk_bool_t rh_is_tcp(duk_context *ctx, duk_idx_t idx) {
  duk_size_t size;
  uv_handle_t *h = handle_at(ctx, idx, &size);
  return h && size == sizeof(uv_tcp_t) && h->type == UV_TCP;
}

duk_bool_t rh_is_pipe(duk_context *ctx, duk_idx_t idx) {
  duk_size_t size;
  uv_handle_t *h = handle_at(ctx, idx, &size);
  return h && size == sizeof(uv_pipe_t) && h->type == UV_NAMED_PIPE;
}

duk_bool_t rh_is_timer(duk_context *ctx, duk_idx_t idx) {
  duk_size_t size;
  uv_handle_t *h = handle_at(ctx, idx, &size);
  return h && size == sizeof(uv_timer_t) && h->type == UV_TIMER;
}

/* Ruff's duk_is_buffer: a string or a *plain* buffer. A Buffer or Uint8Array object is
 * rejected; Ruff's own net converts with Uint8Array.plainOf() before writing. */
duk_bool_t rh_is_data(duk_context *ctx, duk_idx_t idx) {
  return duk_is_string(ctx, idx) || duk_is_buffer(ctx, idx);
}

duk_bool_t rh_is_continuation(duk_context *ctx, duk_idx_t idx) {
  return !duk_is_valid_index(ctx, idx) || duk_is_callable(ctx, idx) || duk_is_undefined(ctx, idx);
}

duk_bool_t rh_is_boolean(duk_context *ctx, duk_idx_t idx) { return duk_is_boolean(ctx, idx); }
duk_bool_t rh_is_number(duk_context *ctx, duk_idx_t idx) { return duk_is_number(ctx, idx); }
duk_bool_t rh_is_string(duk_context *ctx, duk_idx_t idx) { return duk_is_string(ctx, idx); }
duk_bool_t rh_is_function(duk_context *ctx, duk_idx_t idx) { return duk_is_function(ctx, idx); }

void rh_push_status(duk_context *ctx, int status) {
  if (status < 0) {
    (void) duk_push_error_object(ctx, DUK_ERR_ERROR, "%s: %s", uv_err_name(status), uv_strerror(status));
  } else {
    duk_push_null(ctx);
  }
}

duk_ret_t rh_throw_status(duk_context *ctx, int status) {
  return duk_error(ctx, DUK_ERR_ERROR, "%s: %s", uv_err_name(status), uv_strerror(status));
}

rh_handle_t *rh_setup_handle(duk_context *ctx) {
  rh_handle_t *data = duk_alloc(ctx, sizeof(*data));
  if (!data) (void) duk_error(ctx, DUK_ERR_ERROR, "ENOMEM: not enough memory");
  duk_dup_top(ctx);
  data->self_ref = rh_ref(ctx);
  data->cb[0] = data->cb[1] = 0;
  return data;
}

void rh_store_cb(duk_context *ctx, rh_handle_t *data, int slot, duk_idx_t idx) {
  if (!data) return; /* the handle was closed: libuv already refused the call */
  rh_unref(ctx, data->cb[slot]);
  data->cb[slot] = 0;
  if (!duk_is_function(ctx, idx)) return;
  duk_dup(ctx, idx);
  data->cb[slot] = rh_ref(ctx);
}

/* The request buffer must be on the stack top. */
rh_req_t *rh_setup_req(duk_context *ctx, duk_idx_t cb_idx) {
  rh_req_t *data = duk_alloc(ctx, sizeof(*data));
  if (!data) (void) duk_error(ctx, DUK_ERR_ERROR, "ENOMEM: not enough memory");
  duk_dup_top(ctx);
  data->self_ref = rh_ref(ctx);
  data->cb_ref = 0;
  data->data_ref = 0;
  if (duk_is_callable(ctx, cb_idx)) {
    duk_dup(ctx, cb_idx);
    data->cb_ref = rh_ref(ctx);
  }
  return data;
}

void rh_cleanup_req(duk_context *ctx, rh_req_t *data) {
  rh_unref(ctx, data->self_ref);
  rh_unref(ctx, data->cb_ref);
  rh_unref(ctx, data->data_ref);
  duk_free(ctx, data);
}

static duk_ret_t call_tick(duk_context *ctx, void *udata) {
  (void) udata;
  duk_get_global_string(ctx, "process");
  if (duk_is_object(ctx, -1)) {
    duk_get_prop_string(ctx, -1, "_tickCallback");
    if (duk_is_function(ctx, -1)) {
      duk_dup(ctx, -2);
      duk_call_method(ctx, 0);
    }
    duk_pop(ctx);
  }
  duk_pop(ctx);
  return 0;
}

void rh_fatal(duk_context *ctx) {
  /* [err] */
  duk_get_global_string(ctx, "process");
  if (duk_is_object(ctx, -1)) {
    duk_get_prop_string(ctx, -1, "_handleFatal");
    if (duk_is_function(ctx, -1)) {
      duk_dup(ctx, -2);
      duk_dup(ctx, -4); /* [err process fn process err] */
      if (duk_pcall_method(ctx, 1) == DUK_EXEC_SUCCESS) {
        duk_pop_3(ctx);
        return;
      }
      /* the fatal handler itself threw: report that one and stop */
      duk_replace(ctx, -3);
      duk_push_undefined(ctx); /* [newerr process undefined] */
    }
    duk_pop(ctx);
  }
  duk_pop(ctx); /* [err] */
  if (duk_is_error(ctx, -1)) duk_get_prop_string(ctx, -1, "stack");
  else duk_dup_top(ctx);
  fprintf(stderr, "%s\n", duk_safe_to_string(ctx, -1));
  fflush(stderr);
  exit(1);
}

void rh_call(duk_context *ctx, int fn_ref, int nargs) {
  if (!fn_ref) {
    duk_pop_n(ctx, nargs);
    return;
  }
  rh_push_ref(ctx, fn_ref);
  duk_insert(ctx, -1 - nargs);
  rh_push_ref(ctx, uv_object_ref);
  duk_insert(ctx, -1 - nargs);
  if (duk_pcall_method(ctx, nargs) != DUK_EXEC_SUCCESS) {
    rh_fatal(ctx);
  } else {
    duk_pop(ctx);
  }
  if (duk_safe_call(ctx, call_tick, NULL, 0, 1) != DUK_EXEC_SUCCESS) {
    rh_fatal(ctx);
  } else {
    duk_pop(ctx);
  }
}

void rh_emit(duk_context *ctx, uv_handle_t *handle, int slot, int nargs) {
  rh_handle_t *data = handle->data;
  rh_call(ctx, data ? data->cb[slot] : 0, nargs);
}

void rh_fulfill(duk_context *ctx, rh_req_t *data, int nargs) {
  rh_call(ctx, data->cb_ref, nargs);
}

void rh_close_cb(uv_handle_t *handle) {
  duk_context *ctx = rh_ctx(handle->loop);
  rh_handle_t *data = handle->data;
  if (!data) return;
  /* keep the handle buffer alive while its close callback runs */
  int cb = data->cb[RH_CB_CLOSE];
  data->cb[RH_CB_CLOSE] = 0;
  rh_call(ctx, cb, 0);
  rh_unref(ctx, cb);
  handle->data = NULL;
  rh_unref(ctx, data->cb[RH_CB_EVENT]);
  rh_unref(ctx, data->self_ref);
  duk_free(ctx, data);
}
