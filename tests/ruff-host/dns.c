/* uv.getaddrinfo(hostname, family 0|4|6, flags, cb(err, addresses)): Ruff's resolver
 * binding, on which require('dns').lookup is written. IPv4 answers come first, at most 8. */
#include <string.h>
#include "rh.h"

#define MAX_ADDRESSES 8

static int collect(const struct addrinfo *res, int family, char out[][INET6_ADDRSTRLEN], int count) {
  for (const struct addrinfo *a = res; a && count < MAX_ADDRESSES; a = a->ai_next) {
    if (a->ai_socktype != SOCK_STREAM || a->ai_family != family) continue;
    const void *src = family == AF_INET ? (const void *) &((struct sockaddr_in *) a->ai_addr)->sin_addr
                                        : (const void *) &((struct sockaddr_in6 *) a->ai_addr)->sin6_addr;
    if (uv_inet_ntop(family, src, out[count], INET6_ADDRSTRLEN) == 0) count++;
  }
  return count;
}

static void getaddrinfo_cb(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  duk_context *ctx = rh_ctx(req->loop);
  rh_req_t *data = req->data;
  int nargs = 1;
  rh_push_status(ctx, status);
  if (status == 0) {
    char found[MAX_ADDRESSES][INET6_ADDRSTRLEN];
    int count = collect(res, AF_INET, found, 0);
    count = collect(res, AF_INET6, found, count);
    duk_push_array(ctx);
    for (int i = 0; i < count; i++) {
      duk_push_string(ctx, found[i]);
      duk_put_prop_index(ctx, -2, (duk_uarridx_t) i);
    }
    nargs = 2;
  }
  uv_freeaddrinfo(res);
  rh_fulfill(ctx, data, nargs);
  req->data = NULL;
  rh_cleanup_req(ctx, data);
}

static duk_ret_t uv_getaddrinfo_fn(duk_context *ctx) {
  rh_check_args(ctx, (const rh_arg_t[]) {
    {"hostname", rh_is_string}, {"family", rh_is_number}, {"flags", rh_is_number},
    {"callback", rh_is_function}, {NULL, NULL}});
  struct addrinfo hints;
  memset(&hints, 0, sizeof(hints));
  switch (duk_get_int(ctx, 1)) {
    case 0: hints.ai_family = AF_UNSPEC; break;
    case 4: hints.ai_family = AF_INET; break;
    case 6: hints.ai_family = AF_INET6; break;
    default: return duk_error(ctx, DUK_ERR_TYPE_ERROR, "Invalid family");
  }
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = duk_get_int(ctx, 2);
  uv_getaddrinfo_t *req = duk_push_fixed_buffer(ctx, sizeof(*req));
  RH_CHECK(ctx, uv_getaddrinfo(rh_loop(), req, getaddrinfo_cb, duk_get_string(ctx, 0), NULL, &hints));
  req->data = rh_setup_req(ctx, 3);
  return 0;
}

static const duk_function_list_entry functions[] = {
  {"getaddrinfo", uv_getaddrinfo_fn, 4},
  {NULL, NULL, 0}
};

void rh_register_dns(duk_context *ctx, duk_idx_t uv_idx) {
  duk_put_function_list(ctx, uv_idx, functions);
}
