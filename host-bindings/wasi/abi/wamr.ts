// The socket ABI of README.md for WAMR (`iwasm --addr-pool=127.0.0.1/32 app.wasm`): preview1 plus
// WAMR's socket extension, every import under "wasi_snapshot_preview1".
//
// Imports, with the line of WAMR's source each was checked against. The signature that counts is
// the host's (iwasm links an import only if its type matches this string); WAMR's guest header
// lib-socket/inc/wasi_socket_ext.h is older in places (2-argument sock_accept, a pointer for
// sock_set_linger) and was not used. tests/wasi/socket-abis.mjs holds the same table as data.
// Sources: core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c @5e779b3d (native_symbols_libc_wasi);
// sandboxed-system-primitives/src/posix.c (wasi_ssp_sock_*, poll_oneoff); core/shared/platform/
// common/posix/posix_socket.c @16614531 (os_socket_*).
//
//   import                  wasm type                         checked against
//   sock_open               (i32 i32 i32 i32) -> i32          REG_NATIVE_FUNC(sock_open, "(iii*)i")
//   sock_bind               (i32 i32) -> i32                  REG_NATIVE_FUNC(sock_bind, "(i*)i")
//   sock_listen             (i32 i32) -> i32                  REG_NATIVE_FUNC(sock_listen, "(ii)i")
//   sock_accept             (i32 i32 i32) -> i32              REG_NATIVE_FUNC(sock_accept, "(ii*)i")
//   sock_connect            (i32 i32) -> i32                  REG_NATIVE_FUNC(sock_connect, "(i*)i")
//   sock_addr_local         (i32 i32) -> i32                  REG_NATIVE_FUNC(sock_addr_local, "(i*)i")
//   sock_addr_remote        (i32 i32) -> i32                  REG_NATIVE_FUNC(sock_addr_remote, "(i*)i")
//   sock_shutdown           (i32 i32) -> i32                  REG_NATIVE_FUNC(sock_shutdown, "(ii)i")
//   sock_set_linger         (i32 i32 i32) -> i32              REG_NATIVE_FUNC(sock_set_linger, "(iii)i")
//   sock_set_reuse_addr     (i32 i32) -> i32                  REG_NATIVE_FUNC(sock_set_reuse_addr, "(ii)i")
//   sock_addr_resolve       (i32 i32 i32 i32 i32 i32) -> i32  REG_NATIVE_FUNC(sock_addr_resolve, "($$**i*)i")
//   fd_read                 (i32 i32 i32 i32) -> i32          REG_NATIVE_FUNC(fd_read, "(i*i*)i")
//   fd_write                (i32 i32 i32 i32) -> i32          REG_NATIVE_FUNC(fd_write, "(i*i*)i")
//   fd_close                (i32) -> i32                      REG_NATIVE_FUNC(fd_close, "(i)i")
//   fd_fdstat_set_flags     (i32 i32) -> i32                  REG_NATIVE_FUNC(fd_fdstat_set_flags, "(ii)i")
//   poll_oneoff             (i32 i32 i32 i32) -> i32          REG_NATIVE_FUNC(poll_oneoff, "(**i*)i")
//   clock_time_get          (i32 i64 i32) -> i32              REG_NATIVE_FUNC(clock_time_get, "(iI*)i")
//   args_sizes_get          (i32 i32) -> i32                  REG_NATIVE_FUNC(args_sizes_get, "(**)i")
//   args_get                (i32 i32) -> i32                  REG_NATIVE_FUNC(args_get, "(**)i")
//   proc_exit               (i32) -> nil                      REG_NATIVE_FUNC(proc_exit, "(i)")
//
// How it behaves, from the same sources (none of it run here: iwasm cannot be installed here):
// - Address: a 24-byte __wasi_addr_t: kind u32 @0 (0 IPv4, 1 IPv6); IPv4 bytes @4..7, port u16 @8;
//   IPv6 as eight u16 values (0xfe80 for "fe80") @4..19, port u16 @20. Ports in host order.
// - sock_open(poolfd, af 0|1, socktype 1 = stream, *fd): poolfd is ignored. bind and connect check
//   the address against --addr-pool (EACCES when it is not in the pool).
// - os_socket_bind sets SO_LINGER {on, 0} before bind; accepted sockets inherit it, so
//   sys_accept turns it off (sock_set_linger(fd, 0, 0)) or close would reset and drop bytes.
// - Non-blocking: fd_fdstat_set_flags(fd, NONBLOCK) is fcntl(O_NONBLOCK) on the socket;
//   accept/connect/readv/writev then answer EAGAIN / EINPROGRESS through convert_errno.
//   poll_oneoff turns fd_read/fd_write subscriptions plus one relative clock into poll(2).
//   Verified by a run outside CI (WAMR 2.4.5: echo with 200 concurrent connections, half-close,
//   resets; bench/results/2026-12-01-wasi.md): one guest serves many connections this way.
// - Names: sock_addr_resolve(host, service, hints, addr_info[], count, *total) (wrapper and
//   posix.c @646b5a9b, unchanged since @5e779b3d): host and service are NUL-terminated; hints is
//   {type i32, family i32, hints_enabled u8} (12 bytes); each answer is a __wasi_addr_info_t, the
//   24-byte address above then a type i32 (28 bytes). Only names in iwasm's --allow-resolve list
//   are looked up (EACCES otherwise: `--allow-resolve=localhost`, `--allow-resolve=*`); a failed
//   getaddrinfo is EINVAL (EAI_NONAME) or EAGAIN, both ENOTFOUND here.
// - Data goes through fd_read/fd_write (readv/writev on the socket), not sock_recv/sock_send: the
//   wrapper of sock_recv copies through a malloc'd buffer and, in the posix.c read here, writes a
//   source address through the NULL that sock_recv passes.
// CANNOT (see README.md): sock_shutdown ignores its `how` and shuts both directions
//   (os_socket_shutdown: shutdown(fd, O_RDWR), which is SHUT_RDWR on Linux), so reads end too;
//   send/writev have no MSG_NOSIGNAL and iwasm does not ignore SIGPIPE: a write to a reset peer
//   kills iwasm unless it is started with SIGPIPE ignored (`sh -c "trap '' PIPE; exec iwasm …"`);
//   no SO_ERROR (WAMR issue #4557): sys_connect_result polls for writable and, when the connect
//   failed, reads the pending error (a failed connect has no bytes to lose).
// fd_read … proc_exit are declared in preview1.ts, shared with wasmedge.ts.
//
// (Imports use "../assembly/…" paths: an ABI file is an asc --lib file, see README.md.)
import { EACCES, EINVAL, ENOTFOUND, EUNKNOWN } from "../assembly/abi";
import {
  abortProgram, args, closeFd, closeWith, coreError, exit, now, print, probeWritable, PROBE_FAILED,
  setNonBlocking, transfer, wait, WASI_EAGAIN, WASI_EINPROGRESS,
} from "../host-bindings/wasi/abi/preview1";

@external("wasi_snapshot_preview1", "sock_open")
declare function sock_open(poolfd: i32, af: i32, socktype: i32, fd: usize): i32;
@external("wasi_snapshot_preview1", "sock_bind")
declare function sock_bind(fd: i32, addr: usize): i32;
@external("wasi_snapshot_preview1", "sock_listen")
declare function sock_listen(fd: i32, backlog: i32): i32;
@external("wasi_snapshot_preview1", "sock_accept")
declare function sock_accept(fd: i32, flags: i32, newFd: usize): i32;
@external("wasi_snapshot_preview1", "sock_connect")
declare function sock_connect(fd: i32, addr: usize): i32;
@external("wasi_snapshot_preview1", "sock_addr_local")
declare function sock_addr_local(fd: i32, addr: usize): i32;
@external("wasi_snapshot_preview1", "sock_addr_remote")
declare function sock_addr_remote(fd: i32, addr: usize): i32;
@external("wasi_snapshot_preview1", "sock_shutdown")
declare function sock_shutdown(fd: i32, how: i32): i32;
@external("wasi_snapshot_preview1", "sock_set_linger")
declare function sock_set_linger(fd: i32, enabled: i32, seconds: i32): i32;
@external("wasi_snapshot_preview1", "sock_set_reuse_addr")
declare function sock_set_reuse_addr(fd: i32, reuse: i32): i32;
@external("wasi_snapshot_preview1", "sock_addr_resolve")
declare function sock_addr_resolve(host: usize, service: usize, hints: usize, info: usize, count: i32, total: usize): i32;

const INET4 = 0; //          __wasi_address_family_t
const INET6 = 1;
const SOCKET_STREAM = 1; //   __wasi_sock_type_t
const KIND_IPV6: u32 = 1; //  __wasi_addr_type_t (IPv4 = 0)
const SHUT_WR = 2; //         ignored: WAMR shuts both directions
const POOL_FD = 0; //         sock_open's address-pool fd, ignored by WAMR

const ADDR = memory.data(24, 4); // __wasi_addr_t
const FD = memory.data(4, 4);
const BYTE = memory.data(4, 4);

function writeAddress(family: i32, ip: usize, port: i32): void {
  memory.fill(ADDR, 0, 24);
  if (family == 6) {
    store<u32>(ADDR, KIND_IPV6);
    for (let i = 0; i < 8; i++) {
      const pair = ip + (<usize>i << 1);
      store<u16>(ADDR + 4 + (<usize>i << 1), (<u16>load<u8>(pair) << 8) | load<u8>(pair, 1));
    }
    store<u16>(ADDR, <u16>port, 20);
  } else {
    memory.copy(ADDR + 4, ip, 4);
    store<u16>(ADDR, <u16>port, 8);
  }
}

/** ADDR as the ABI's 24 bytes: family u32 @0, port u32 @4, network-order address @8. */
function readAddress(out: usize): void {
  memory.fill(out, 0, 24);
  if (load<u32>(ADDR) == KIND_IPV6) {
    store<u32>(out, 6);
    store<u32>(out, load<u16>(ADDR, 20), 4);
    for (let i = 0; i < 8; i++) {
      const value = load<u16>(ADDR + 4 + (<usize>i << 1));
      store<u8>(out + 8 + (<usize>i << 1), <u8>(value >> 8));
      store<u8>(out + 9 + (<usize>i << 1), <u8>value);
    }
  } else {
    store<u32>(out, 4);
    store<u32>(out, load<u16>(ADDR, 8), 4);
    memory.copy(out + 8, ADDR + 4, 4);
  }
}

function openStream(family: i32): i32 {
  if (family != 4 && family != 6) return -EINVAL;
  const errno = sock_open(POOL_FD, family == 6 ? INET6 : INET4, SOCKET_STREAM, FD);
  return errno == 0 ? load<i32>(FD) : coreError(errno);
}

export function sys_now(): f64 {
  return now();
}

export function sys_listen(family: i32, ip: usize, port: i32, backlog: i32): i32 {
  const fd = openStream(family);
  if (fd < 0) return fd;
  // libuv sets SO_REUSEADDR before bind, so EADDRINUSE means what it means on Node.
  sock_set_reuse_addr(fd, 1);
  writeAddress(family, ip, port);
  let errno = sock_bind(fd, ADDR);
  if (errno == 0) errno = sock_listen(fd, backlog);
  if (errno == 0) errno = setNonBlocking(fd);
  return errno == 0 ? fd : closeWith(fd, errno);
}

export function sys_accept(listener: i32): i32 {
  const errno = sock_accept(listener, 0, FD);
  if (errno == WASI_EAGAIN) return -1;
  if (errno != 0) return coreError(errno);
  const fd = load<i32>(FD);
  let fix = sock_set_linger(fd, 0, 0); // the SO_LINGER {on, 0} it inherited from the listener
  if (fix == 0) fix = setNonBlocking(fd);
  return fix == 0 ? fd : closeWith(fd, fix);
}

export function sys_connect(family: i32, ip: usize, port: i32): i32 {
  const fd = openStream(family);
  if (fd < 0) return fd;
  let errno = setNonBlocking(fd);
  if (errno == 0) {
    writeAddress(family, ip, port);
    errno = sock_connect(fd, ADDR);
    if (errno == WASI_EINPROGRESS) errno = 0;
  }
  return errno == 0 ? fd : closeWith(fd, errno);
}

export function sys_connect_result(h: i32): i32 {
  // poll(POLLOUT) alone tells the three states of a non-blocking connect, without touching data.
  const state = probeWritable(h);
  if (state < 0) return coreError(-state);
  if (state == 0) return -1;
  if (state != PROBE_FAILED) return 0;
  // Failed: WAMR has no SO_ERROR, but a read returns (and clears) the socket's pending error.
  const n = transfer(false, h, BYTE, 1);
  return n < 0 && -n != WASI_EAGAIN ? coreError(-n) : -EUNKNOWN;
}

const RESOLVED_MAX = 8; //                     answers read from one sock_addr_resolve
const ADDR_INFO_BYTES = 28; //                __wasi_addr_info_t
const HINTS = memory.data(12, 4); //          __wasi_addr_info_hints_t
const ADDR_INFOS = memory.data(ADDR_INFO_BYTES * RESOLVED_MAX, 4);
const NO_SERVICE = memory.data<u8>([0]);
const RECORD = memory.data(24, 4);
const WASI_EACCES = 2;
const INET_UNSPEC = 2;

export function sys_resolve(host: string, out: usize): i32 {
  store<i32>(HINTS, SOCKET_STREAM);
  store<i32>(HINTS, INET_UNSPEC, 4);
  store<u32>(HINTS, 1, 8); // hints_enabled, and zero padding
  const name = String.UTF8.encode(host, true);
  const errno = sock_addr_resolve(changetype<usize>(name), NO_SERVICE, HINTS, ADDR_INFOS, RESOLVED_MAX, FD);
  if (errno != 0) return errno == WASI_EACCES ? -EACCES : -ENOTFOUND;
  const count = min(load<i32>(FD), RESOLVED_MAX);
  let family = 0;
  for (let i = 0; i < count && family != 4; i++) { // the first IPv4 answer, else the first IPv6
    memory.copy(ADDR, ADDR_INFOS + <usize>(i * ADDR_INFO_BYTES), 24);
    readAddress(RECORD);
    if (family == 6 && load<u32>(RECORD) == 6) continue;
    family = <i32>load<u32>(RECORD);
    memory.copy(out, RECORD + 8, 16);
  }
  return family ? family : -ENOTFOUND;
}

export function sys_recv(h: i32, buf: usize, cap: i32): i32 {
  if (cap <= 0) return -EINVAL;
  const n = transfer(false, h, buf, cap);
  if (n >= 0) return n;
  return -n == WASI_EAGAIN ? -1 : coreError(-n);
}

export function sys_send(h: i32, buf: usize, len: i32): i32 {
  if (len < 0) return -EINVAL;
  if (len == 0) return 0;
  const n = transfer(true, h, buf, len);
  if (n > 0) return n;
  return n == 0 || -n == WASI_EAGAIN ? -1 : coreError(-n);
}

export function sys_shutdown(h: i32): i32 {
  const errno = sock_shutdown(h, SHUT_WR);
  return errno == 0 ? 0 : coreError(errno);
}

export function sys_close(h: i32): void {
  closeFd(h);
}

export function sys_local_address(h: i32, out: usize): i32 {
  const errno = sock_addr_local(h, ADDR);
  if (errno != 0) return coreError(errno);
  readAddress(out);
  return 0;
}

export function sys_remote_address(h: i32, out: usize): i32 {
  const errno = sock_addr_remote(h, ADDR);
  if (errno != 0) return coreError(errno);
  readAddress(out);
  return 0;
}

export function sys_wait(handles: usize, interests: usize, count: i32, timeout_ms: i32, ready: usize): i32 {
  return wait(handles, interests, count, timeout_ms, ready);
}

export function sys_args(): string[] {
  return args();
}

export function sys_print(text: string): void {
  print(1, text);
}

export function sys_print_error(text: string): void {
  print(2, text);
}

export function sys_exit(code: i32): void {
  exit(code);
}

export function sys_abort(message: string | null, file: string | null, line: u32, column: u32): void {
  abortProgram(message, file, line, column);
}
