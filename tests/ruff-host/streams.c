/* `uv` stream functions: TCP and pipe handles, listen/accept, reads, writes, shutdown,
 * connect and addresses. Names, argument orders and callback shapes follow Ruff's duv. */
#include <string.h>
#include "rh.h"

/* ---- callbacks ---------------------------------------------------------------------- */

static char read_buffer[64 * 1024]; /* libuv calls alloc then read back to back */

static void alloc_cb(uv_handle_t *handle, size_t suggested, uv_buf_t *buf) {
  (void) handle; (void) suggested;
  buf->base = read_buffer;
  buf->len = sizeof(read_buffer);
}

static void read_cb(uv_stream_t *handle, ssize_t nread, const uv_buf_t *buf) {
  duk_context *ctx = rh_ctx(handle->loop);
  if (nread == 0) return;
  if (nread > 0) {
    duk_push_null(ctx);
    memcpy(duk_push_fixed_buffer(ctx, (duk_size_t) nread), buf->base, (size_t) nread);
  } else if (nread == UV_EOF) {
    duk_push_null(ctx);
    duk_push_undefined(ctx);
  } else {
    rh_push_status(ctx, (int) nread);
    duk_push_undefined(ctx);
  }
  rh_emit(ctx, (uv_handle_t *) handle, RH_CB_EVENT, 2);
}

static void connection_cb(uv_stream_t *handle, int status) {
  duk_context *ctx = rh_ctx(handle->loop);
  rh_push_status(ctx, status);
  rh_emit(ctx, (uv_handle_t *) handle, RH_CB_EVENT, 1);
}

static void status_req_done(uv_req_t *req, uv_loop_t *loop, int status) {
  duk_context *ctx = rh_ctx(loop);
  rh_req_t *data = req->data;
  rh_push_status(ctx, status);
  rh_fulfill(ctx, data, 1);
  req->data = NULL;
  rh_cleanup_req(ctx, data);
}

static void connect_cb(uv_connect_t *req, int status) {
  status_req_done((uv_req_t *) req, req->handle->loop, status);
}
static void shutdown_cb(uv_shutdown_t *req, int status) {
  status_req_done((uv_req_t *) req, req->handle->loop, status);
}
static void write_cb(uv_write_t *req, int status) {
  status_req_done((uv_req_t *) req, req->handle->loop, status);
}

/* ---- streams ------------------------------------------------------------------------ */

static duk_ret_t uv_shutdown_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"stream", rh_is_stream}, {"next", rh_is_continuation}, {NULL, NULL}});
  uv_stream_t *handle = duk_get_buffer(ctx, 0, NULL);
  uv_shutdown_t *req = duk_push_fixed_buffer(ctx, sizeof(*req));
  RH_CHECK(ctx, uv_shutdown(req, handle, shutdown_cb));
  req->data = rh_setup_req(ctx, 1);
  return 1;
}

static duk_ret_t uv_listen_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"stream", rh_is_stream}, {"backlog", rh_is_number}, {"onConnection", rh_is_function},
    {NULL, NULL}});
  uv_stream_t *handle = duk_get_buffer(ctx, 0, NULL);
  RH_CHECK(ctx, uv_listen(handle, duk_get_int(ctx, 1), connection_cb));
  rh_store_cb(ctx, handle->data, RH_CB_EVENT, 2);
  return 0;
}

static duk_ret_t uv_accept_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"server", rh_is_stream}, {"client", rh_is_stream}, {NULL, NULL}});
  RH_CHECK(ctx, uv_accept(duk_get_buffer(ctx, 0, NULL), duk_get_buffer(ctx, 1, NULL)));
  return 0;
}

static duk_ret_t uv_read_start_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"stream", rh_is_stream}, {"onread", rh_is_function}, {NULL, NULL}});
  uv_stream_t *handle = duk_get_buffer(ctx, 0, NULL);
  RH_CHECK(ctx, uv_read_start(handle, alloc_cb, read_cb));
  rh_store_cb(ctx, handle->data, RH_CB_EVENT, 1);
  return 0;
}

static duk_ret_t uv_read_stop_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"stream", rh_is_stream}, {NULL, NULL}});
  RH_CHECK(ctx, uv_read_stop(duk_get_buffer(ctx, 0, NULL)));
  return 0;
}

/* The data (string or plain buffer) is held by the request until write_cb, so libuv
 * never reads freed memory when the write is queued. */
static duk_ret_t uv_write_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"stream", rh_is_stream}, {"data", rh_is_data}, {"next", rh_is_continuation}, {NULL, NULL}});
  uv_stream_t *handle = duk_get_buffer(ctx, 0, NULL);
  uv_buf_t buf;
  duk_size_t len = 0;
  if (duk_is_string(ctx, 1)) buf.base = (char *) duk_get_lstring(ctx, 1, &len);
  else buf.base = duk_get_buffer(ctx, 1, &len);
  buf.len = len;
  uv_write_t *req = duk_push_fixed_buffer(ctx, sizeof(*req));
  RH_CHECK(ctx, uv_write(req, handle, &buf, 1, write_cb));
  rh_req_t *data = rh_setup_req(ctx, 2);
  duk_dup(ctx, 1);
  data->data_ref = rh_ref(ctx);
  req->data = data;
  return 1;
}

static duk_ret_t uv_is_readable_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"stream", rh_is_stream}, {NULL, NULL}});
  duk_push_boolean(ctx, uv_is_readable(duk_get_buffer(ctx, 0, NULL)));
  return 1;
}

static duk_ret_t uv_is_writable_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"stream", rh_is_stream}, {NULL, NULL}});
  duk_push_boolean(ctx, uv_is_writable(duk_get_buffer(ctx, 0, NULL)));
  return 1;
}

/* ---- tcp ---------------------------------------------------------------------------- */

static duk_ret_t uv_new_tcp(duk_context *ctx) {
  uv_tcp_t *handle = duk_push_fixed_buffer(ctx, sizeof(*handle));
  RH_CHECK(ctx, uv_tcp_init(rh_loop(), handle));
  handle->data = rh_setup_handle(ctx);
  return 1;
}

static duk_ret_t uv_tcp_open_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"tcp", rh_is_tcp}, {"socket", rh_is_number}, {NULL, NULL}});
  RH_CHECK(ctx, uv_tcp_open(duk_get_buffer(ctx, 0, NULL), (uv_os_sock_t) duk_get_int(ctx, 1)));
  return 0;
}

static duk_ret_t uv_tcp_nodelay_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"tcp", rh_is_tcp}, {"isenabled", rh_is_boolean}, {NULL, NULL}});
  RH_CHECK(ctx, uv_tcp_nodelay(duk_get_buffer(ctx, 0, NULL), duk_get_boolean(ctx, 1)));
  return 0;
}

static duk_ret_t uv_tcp_keepalive_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"tcp", rh_is_tcp}, {"isenabled", rh_is_boolean}, {"delay", rh_is_number}, {NULL, NULL}});
  RH_CHECK(ctx, uv_tcp_keepalive(duk_get_buffer(ctx, 0, NULL), duk_get_boolean(ctx, 1),
                                 (unsigned int) duk_get_int(ctx, 2)));
  return 0;
}

static duk_ret_t uv_tcp_simultaneous_accepts_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"tcp", rh_is_tcp}, {"isenabled", rh_is_boolean}, {NULL, NULL}});
  RH_CHECK(ctx, uv_tcp_simultaneous_accepts(duk_get_buffer(ctx, 0, NULL), duk_get_boolean(ctx, 1)));
  return 0;
}

/* host must be an IPv4 or IPv6 literal; anything else is Ruff's TypeError. */
static void ip_port_arg(duk_context *ctx, struct sockaddr_storage *addr) {
  const char *host = duk_get_string(ctx, 1);
  int port = duk_get_int(ctx, 2);
  if (uv_ip4_addr(host, port, (struct sockaddr_in *) addr) &&
      uv_ip6_addr(host, port, (struct sockaddr_in6 *) addr)) {
    (void) duk_error(ctx, DUK_ERR_TYPE_ERROR, "Invalid IP address or port");
  }
}

static duk_ret_t uv_tcp_bind_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"tcp", rh_is_tcp}, {"host", rh_is_string}, {"port", rh_is_number}, {NULL, NULL}});
  struct sockaddr_storage addr;
  ip_port_arg(ctx, &addr);
  RH_CHECK(ctx, uv_tcp_bind(duk_get_buffer(ctx, 0, NULL), (struct sockaddr *) &addr, 0));
  return 0;
}

/* Ruff reports the socket family as libuv's protocol name, 'INET' or 'INET6'. */
static void push_sockaddr(duk_context *ctx, const struct sockaddr_storage *address) {
  char ip[INET6_ADDRSTRLEN] = "";
  int port = 0;
  const char *family = NULL;
  if (address->ss_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *) address;
    uv_inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
    port = ntohs(in->sin_port);
    family = "INET";
  } else if (address->ss_family == AF_INET6) {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) address;
    uv_inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
    port = ntohs(in6->sin6_port);
    family = "INET6";
  }
  duk_push_object(ctx);
  if (family) duk_push_string(ctx, family); else duk_push_null(ctx);
  duk_put_prop_string(ctx, -2, "family");
  duk_push_int(ctx, port);
  duk_put_prop_string(ctx, -2, "port");
  duk_push_string(ctx, ip);
  duk_put_prop_string(ctx, -2, "address");
}

static duk_ret_t tcp_name(duk_context *ctx, int peer) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"tcp", rh_is_tcp}, {NULL, NULL}});
  struct sockaddr_storage address;
  int len = sizeof(address);
  memset(&address, 0, sizeof(address));
  uv_tcp_t *handle = duk_get_buffer(ctx, 0, NULL);
  RH_CHECK(ctx, peer ? uv_tcp_getpeername(handle, (struct sockaddr *) &address, &len)
                     : uv_tcp_getsockname(handle, (struct sockaddr *) &address, &len));
  push_sockaddr(ctx, &address);
  return 1;
}
static duk_ret_t uv_tcp_getsockname_fn(duk_context *ctx) { return tcp_name(ctx, 0); }
static duk_ret_t uv_tcp_getpeername_fn(duk_context *ctx) { return tcp_name(ctx, 1); }

static duk_ret_t uv_tcp_connect_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"tcp", rh_is_tcp}, {"host", rh_is_string}, {"port", rh_is_number},
    {"next", rh_is_continuation}, {NULL, NULL}});
  struct sockaddr_storage addr;
  ip_port_arg(ctx, &addr);
  uv_connect_t *req = duk_push_fixed_buffer(ctx, sizeof(*req));
  RH_CHECK(ctx, uv_tcp_connect(req, duk_get_buffer(ctx, 0, NULL), (struct sockaddr *) &addr, connect_cb));
  req->data = rh_setup_req(ctx, 3);
  return 1;
}

/* ---- pipes (unix domain sockets) ---------------------------------------------------- */

static duk_ret_t uv_new_pipe(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"ipc", rh_is_boolean}, {NULL, NULL}});
  uv_pipe_t *handle = duk_push_fixed_buffer(ctx, sizeof(*handle));
  RH_CHECK(ctx, uv_pipe_init(rh_loop(), handle, duk_get_boolean(ctx, 0)));
  handle->data = rh_setup_handle(ctx);
  return 1;
}

static duk_ret_t uv_pipe_open_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"pipe", rh_is_pipe}, {"fd", rh_is_number}, {NULL, NULL}});
  RH_CHECK(ctx, uv_pipe_open(duk_get_buffer(ctx, 0, NULL), duk_get_int(ctx, 1)));
  return 0;
}

static duk_ret_t uv_pipe_bind_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"pipe", rh_is_pipe}, {"name", rh_is_string}, {NULL, NULL}});
  RH_CHECK(ctx, uv_pipe_bind(duk_get_buffer(ctx, 0, NULL), duk_get_string(ctx, 1)));
  return 0;
}

static duk_ret_t uv_pipe_connect_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"pipe", rh_is_pipe}, {"name", rh_is_string}, {"next", rh_is_continuation}, {NULL, NULL}});
  uv_connect_t *req = duk_push_fixed_buffer(ctx, sizeof(*req));
  uv_pipe_connect(req, duk_get_buffer(ctx, 0, NULL), duk_get_string(ctx, 1), connect_cb);
  req->data = rh_setup_req(ctx, 2);
  return 1;
}

static duk_ret_t uv_pipe_getsockname_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {{"pipe", rh_is_pipe}, {NULL, NULL}});
  char buf[4096];
  size_t len = sizeof(buf);
  RH_CHECK(ctx, uv_pipe_getsockname(duk_get_buffer(ctx, 0, NULL), buf, &len));
  duk_push_lstring(ctx, buf, len);
  return 1;
}

static const duk_function_list_entry functions[] = {
  {"shutdown", uv_shutdown_fn, 2},
  {"listen", uv_listen_fn, 3},
  {"accept", uv_accept_fn, 2},
  {"read_start", uv_read_start_fn, 2},
  {"read_stop", uv_read_stop_fn, 1},
  {"write", uv_write_fn, 3},
  {"is_readable", uv_is_readable_fn, 1},
  {"is_writable", uv_is_writable_fn, 1},
  {"new_tcp", uv_new_tcp, 0},
  {"tcp_open", uv_tcp_open_fn, 2},
  {"tcp_nodelay", uv_tcp_nodelay_fn, 2},
  {"tcp_keepalive", uv_tcp_keepalive_fn, 3},
  {"tcp_simultaneous_accepts", uv_tcp_simultaneous_accepts_fn, 2},
  {"tcp_bind", uv_tcp_bind_fn, 3},
  {"tcp_getpeername", uv_tcp_getpeername_fn, 1},
  {"tcp_getsockname", uv_tcp_getsockname_fn, 1},
  {"tcp_connect", uv_tcp_connect_fn, 4},
  {"new_pipe", uv_new_pipe, 1},
  {"pipe_open", uv_pipe_open_fn, 2},
  {"pipe_bind", uv_pipe_bind_fn, 2},
  {"pipe_connect", uv_pipe_connect_fn, 3},
  {"pipe_getsockname", uv_pipe_getsockname_fn, 1},
  {NULL, NULL, 0}
};

void rh_register_streams(duk_context *ctx, duk_idx_t uv_idx) {
  duk_put_function_list(ctx, uv_idx, functions);
}
