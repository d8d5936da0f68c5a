// The socket ABI of README.md for WasmEdge (`wasmedge app.wasm`): preview1 plus WasmEdge's socket
// extension, every import under "wasi_snapshot_preview1". Same names as WAMR's, other signatures.
//
// Imports, with the line of WasmEdge's source each was checked against. WasmEdge registers its
// original socket functions ("V1", the behaviour before 0.12) under the plain names and newer ones as
// sock_*_v2; this file uses V1, as the wasmedge_wasi_socket crate does (src/socket.rs @e30fe303).
// tests/wasi/socket-abis.mjs holds the same table as data.
// Sources: lib/host/wasi/wasimodule.cpp @97dc4c85 (registration); include/host/wasi/wasifunc.h
// @527fd727 (host signatures: every uint32_t/int32_t is an i32, uint64_t an i64); lib/host/wasi/
// wasifunc.cpp (V1 bodies); lib/host/wasi/inode-linux.cpp (sockets); thirdparty/wasi/api.hpp (enums).
//
//   import                  wasm type                         checked against
//   sock_open               (i32 i32 i32) -> i32              WasiSockOpenV1::body(Frame, uint32_t AddressFamily, uint32_t SockType, uint32_t RoFdPtr)
//   sock_bind               (i32 i32 i32) -> i32              WasiSockBindV1::body(Frame, int32_t Fd, uint32_t AddressPtr, uint32_t Port)
//   sock_listen             (i32 i32) -> i32                  WasiSockListenV1::body(Frame, int32_t Fd, int32_t Backlog)
//   sock_accept             (i32 i32) -> i32                  WasiSockAcceptV1::body(Frame, int32_t Fd, uint32_t RoFdPtr)
//   sock_connect            (i32 i32 i32) -> i32              WasiSockConnectV1::body(Frame, int32_t Fd, uint32_t AddressPtr, uint32_t Port)
//   sock_recv               (i32 i32 i32 i32 i32 i32) -> i32  WasiSockRecvV1::body(Frame, int32_t Fd, uint32_t RiDataPtr, uint32_t RiDataLen, uint32_t RiFlags, uint32_t RoDataLenPtr, uint32_t RoFlagsPtr)
//   sock_send               (i32 i32 i32 i32 i32) -> i32      WasiSockSendV1::body(Frame, int32_t Fd, uint32_t SiDataPtr, uint32_t SiDataLen, uint32_t SiFlags, uint32_t SoDataLenPtr)
//   sock_shutdown           (i32 i32) -> i32                  WasiSockShutdown::body(Frame, int32_t Fd, uint32_t SdFlags)
//   sock_getsockopt         (i32 i32 i32 i32 i32) -> i32      WasiSockGetOpt::body(Frame, int32_t Fd, uint32_t SockOptLevel, uint32_t SockOptName, uint32_t FlagPtr, uint32_t FlagSizePtr)
//   sock_setsockopt         (i32 i32 i32 i32 i32) -> i32      WasiSockSetOpt::body(Frame, int32_t Fd, uint32_t SockOptLevel, uint32_t SockOptName, uint32_t FlagPtr, uint32_t FlagSizePtr)
//   sock_getlocaladdr       (i32 i32 i32 i32) -> i32          WasiSockGetLocalAddrV1::body(Frame, int32_t Fd, uint32_t AddressPtr, uint32_t AddressTypePtr, uint32_t PortPtr)
//   sock_getpeeraddr        (i32 i32 i32 i32) -> i32          WasiSockGetPeerAddrV1::body(Frame, int32_t Fd, uint32_t AddressPtr, uint32_t AddressTypePtr, uint32_t PortPtr)
//   sock_getaddrinfo        (i32 i32 i32 i32 i32 i32 i32 i32) -> i32  WasiSockGetAddrinfo::body(Frame, uint32_t NodePtr, uint32_t NodeLen, uint32_t ServicePtr, uint32_t ServiceLen, uint32_t HintsPtr, uint32_t ResPtr, uint32_t MaxResLength, uint32_t ResLengthPtr)
//   fd_write                (i32 i32 i32 i32) -> i32          WasiFdWrite::body(Frame, int32_t Fd, uint32_t IOVSPtr, uint32_t IOVSLen, uint32_t NWrittenPtr)
//   fd_close                (i32) -> i32                      WasiFdClose::body(Frame, int32_t Fd)
//   fd_fdstat_set_flags     (i32 i32) -> i32                  WasiFdFdstatSetFlags::body(Frame, int32_t Fd, uint32_t FsFlags)
//   poll_oneoff             (i32 i32 i32 i32) -> i32          WasiPollOneoff::body(Frame, uint32_t InPtr, uint32_t OutPtr, uint32_t NSubscriptions, uint32_t NEventsPtr)
//   clock_time_get          (i32 i64 i32) -> i32              WasiClockTimeGet::body(Frame, uint32_t ClockId, uint64_t Precision, uint32_t TimePtr)
//   args_sizes_get          (i32 i32) -> i32                  WasiArgsSizesGet::body(Frame, uint32_t ArgcPtr, uint32_t ArgvBufSizePtr)
//   args_get                (i32 i32) -> i32                  WasiArgsGet::body(Frame, uint32_t ArgvPtr, uint32_t ArgvBufPtr)
//   proc_exit               (i32) -> nil                      Expect<void> WasiProcExit::body(Frame, uint32_t Status)
//
// How it behaves, from the same sources (none of it run here: wasmedge cannot be installed here):
// - Address: a {buf u32, buf_len u32} pair (__wasi_address_t) pointing at 4 or 16 address bytes
//   in network order; the port is a separate host-order argument. getlocaladdr/getpeeraddr need a
//   buf_len of 4 or 16 and write the family as 4 or 6 (a compatibility "workaround" in the V1 body).
// - sock_open(af 1 = INET4 | 2 = INET6, type 2 = STREAM, *fd); fds are random in [0, 0x7fffffff]
//   and stdio holds 0..2, so every handle is an i32 > 0.
// - Non-blocking: fd_fdstat_set_flags(fd, NONBLOCK) (sockets get FD_FDSTAT_SET_FLAGS and
//   POLL_FD_READWRITE rights in vinode.cpp). V1 sock_accept accepts with no flags (and the V2 flag
//   path sets O_NONBLOCK on the listener, not the new fd), so sys_accept sets it on the new fd.
//   poll_oneoff is level-triggered (epoll_oneoff is the edge-triggered variant).
//   Verified by a run outside CI (WasmEdge 0.17.1: echo with 200 concurrent connections, half-close,
//   resets; bench/results/2026-12-01-wasi.md): one guest serves many connections this way.
// - sock_send is sendmsg(MSG_NOSIGNAL): a write to a reset peer answers EPIPE, no SIGPIPE
//   (fd_write would be writev, which has no such flag, so data goes through sock_send/sock_recv).
// - sock_shutdown(fd, 2 = WR) is a real half-close (SHUT_WR); reading goes on.
// - Names: sock_getaddrinfo(node, len, service, len, hints, *first, max, *count) (wasifunc.cpp and
//   inode-linux.cpp @d516c5d6; same signature @527fd727) fills addrinfo records the guest has
//   linked beforehand: each __wasi_addrinfo_t (28 bytes: flags u16 @0, family u8 @2, socktype u8
//   @3, protocol u8 @4, addrlen @8, addr @12, canonname @16, canonname_len @20, next @24) points at
//   a __wasi_sockaddr_t (family u8 @0, sa_data_len @4, sa_data @8) whose sa_data gets the system
//   sockaddr from the port on (IPv4 address at +2, IPv6 at +6; 26 bytes at most). No permission
//   check; getaddrinfo's failures are the AI* errnos, all ENOTFOUND here.
// - sock_getsockopt(SOL_SOCKET 0, SO_ERROR 2) gives a pending error already as a WASI errno.
// fd_write … proc_exit are declared in preview1.ts, shared with wamr.ts.
//
// (Imports use "../assembly/…" paths: an ABI file is an asc --lib file, see README.md.)
import { EACCES, EINVAL, ENOTFOUND } from "../assembly/abi";
import {
  abortProgram, args, closeFd, closeWith, coreError, exit, now, print, setNonBlocking, wait,
  WASI_EAGAIN, WASI_EINPROGRESS, WASI_ENOTCONN,
} from "../host-bindings/wasi/abi/preview1";

@external("wasi_snapshot_preview1", "sock_open")
declare function sock_open(af: i32, type: i32, fd: usize): i32;
@external("wasi_snapshot_preview1", "sock_bind")
declare function sock_bind(fd: i32, addr: usize, port: i32): i32;
@external("wasi_snapshot_preview1", "sock_listen")
declare function sock_listen(fd: i32, backlog: i32): i32;
@external("wasi_snapshot_preview1", "sock_accept")
declare function sock_accept(fd: i32, newFd: usize): i32;
@external("wasi_snapshot_preview1", "sock_connect")
declare function sock_connect(fd: i32, addr: usize, port: i32): i32;
@external("wasi_snapshot_preview1", "sock_recv")
declare function sock_recv(fd: i32, iovs: usize, count: i32, flags: i32, nread: usize, roflags: usize): i32;
@external("wasi_snapshot_preview1", "sock_send")
declare function sock_send(fd: i32, iovs: usize, count: i32, flags: i32, nwritten: usize): i32;
@external("wasi_snapshot_preview1", "sock_shutdown")
declare function sock_shutdown(fd: i32, how: i32): i32;
@external("wasi_snapshot_preview1", "sock_getsockopt")
declare function sock_getsockopt(fd: i32, level: i32, name: i32, value: usize, size: usize): i32;
@external("wasi_snapshot_preview1", "sock_setsockopt")
declare function sock_setsockopt(fd: i32, level: i32, name: i32, value: usize, size: i32): i32;
@external("wasi_snapshot_preview1", "sock_getlocaladdr")
declare function sock_getlocaladdr(fd: i32, addr: usize, family: usize, port: usize): i32;
@external("wasi_snapshot_preview1", "sock_getpeeraddr")
declare function sock_getpeeraddr(fd: i32, addr: usize, family: usize, port: usize): i32;
@external("wasi_snapshot_preview1", "sock_getaddrinfo")
declare function sock_getaddrinfo(node: usize, nodeLength: i32, service: usize, serviceLength: i32, hints: usize,
  first: usize, max: i32, count: usize): i32;

const AF_INET4 = 1; //      __wasi_address_family_t
const AF_INET6 = 2;
const SOCK_STREAM = 2; //   __wasi_sock_type_t
const SHUT_WR = 2; //       __wasi_sdflags_t
const SOL_SOCKET = 0; //    __wasi_sock_opt_level_t
const SO_REUSEADDR = 0; //  __wasi_sock_opt_so_t
const SO_ERROR = 2;

const ADDRESS = memory.data(8, 4); // __wasi_address_t {buf, buf_len}
const BYTES = memory.data(16, 4); //  what ADDRESS points at
const OUT = memory.data(16, 8); //    value @0, size or family @4, port @8
const IOV = memory.data(8, 4);

/** ADDRESS pointing at `length` bytes: a copy of `ip`, or zeros to be written (ip 0). */
function describe(ip: usize, length: u32): usize {
  if (ip) memory.copy(BYTES, ip, length);
  else memory.fill(BYTES, 0, 16);
  store<usize>(ADDRESS, BYTES);
  store<u32>(ADDRESS, length, 4);
  return ADDRESS;
}

function openStream(family: i32): i32 {
  if (family != 4 && family != 6) return -EINVAL;
  const errno = sock_open(family == 6 ? AF_INET6 : AF_INET4, SOCK_STREAM, OUT);
  return errno == 0 ? load<i32>(OUT) : coreError(errno);
}

/** Local (peer false) or remote address as the ABI's 24 bytes: family u32, port u32, address. */
function address(h: i32, out: usize, peer: bool): i32 {
  const buffer = describe(0, 16);
  const errno = peer
    ? sock_getpeeraddr(h, buffer, OUT + 4, OUT + 8)
    : sock_getlocaladdr(h, buffer, OUT + 4, OUT + 8);
  if (errno != 0) return coreError(errno);
  const family = load<u32>(OUT, 4); // 4 or 6 (the V1 bodies' compatibility values)
  memory.fill(out, 0, 24);
  store<u32>(out, family);
  store<u32>(out, load<u32>(OUT, 8) & 0xffff, 4);
  memory.copy(out + 8, BYTES, family == 6 ? 16 : 4);
  return 0;
}

export function sys_now(): f64 {
  return now();
}

export function sys_listen(family: i32, ip: usize, port: i32, backlog: i32): i32 {
  const fd = openStream(family);
  if (fd < 0) return fd;
  // libuv sets SO_REUSEADDR before bind, so EADDRINUSE means what it means on Node.
  store<i32>(OUT, 1);
  sock_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, OUT, 4);
  let errno = sock_bind(fd, describe(ip, family == 6 ? 16 : 4), port);
  if (errno == 0) errno = sock_listen(fd, backlog);
  if (errno == 0) errno = setNonBlocking(fd);
  return errno == 0 ? fd : closeWith(fd, errno);
}

export function sys_accept(listener: i32): i32 {
  const errno = sock_accept(listener, OUT);
  if (errno == WASI_EAGAIN) return -1;
  if (errno != 0) return coreError(errno);
  const fd = load<i32>(OUT);
  const fix = setNonBlocking(fd); // V1 accepts with no flags: the new socket starts blocking
  return fix == 0 ? fd : closeWith(fd, fix);
}

export function sys_connect(family: i32, ip: usize, port: i32): i32 {
  const fd = openStream(family);
  if (fd < 0) return fd;
  let errno = setNonBlocking(fd);
  if (errno == 0) {
    errno = sock_connect(fd, describe(ip, family == 6 ? 16 : 4), port);
    if (errno == WASI_EINPROGRESS) errno = 0;
  }
  return errno == 0 ? fd : closeWith(fd, errno);
}

export function sys_connect_result(h: i32): i32 {
  const errno = sock_getpeeraddr(h, describe(0, 16), OUT + 4, OUT + 8);
  if (errno == 0) return 0;
  if (errno != WASI_ENOTCONN) return coreError(errno);
  // No peer yet: SO_ERROR tells a failed connect (already a WASI errno) from one in progress (0).
  store<i32>(OUT, 0);
  store<u32>(OUT, 4, 4);
  const get = sock_getsockopt(h, SOL_SOCKET, SO_ERROR, OUT, OUT + 4);
  if (get != 0) return coreError(get);
  const pending = load<i32>(OUT);
  return pending == 0 ? -1 : coreError(pending);
}

const RESOLVED_MAX = 8; //  answers read from one sock_getaddrinfo
const ADDRINFO = 28; //     __wasi_addrinfo_t
const SOCKADDR = 12; //     __wasi_sockaddr_t
const SA_DATA = 28; //      at least the 26 bytes of an IPv6 sockaddr from its port on
const HINTS = memory.data(ADDRINFO, 4);
const ADDRINFOS = memory.data(ADDRINFO * RESOLVED_MAX, 4);
const SOCKADDRS = memory.data(SOCKADDR * RESOLVED_MAX, 4);
const SA_DATAS = memory.data(SA_DATA * RESOLVED_MAX, 4);
const WASI_EACCES = 2;

/** The records sock_getaddrinfo fills, linked: addrinfo i → sockaddr i → sa_data i, → addrinfo i+1. */
function linkAnswers(): void {
  memory.fill(ADDRINFOS, 0, ADDRINFO * RESOLVED_MAX);
  for (let i = 0; i < RESOLVED_MAX; i++) {
    const info = ADDRINFOS + <usize>(i * ADDRINFO);
    const sockaddr = SOCKADDRS + <usize>(i * SOCKADDR);
    store<u32>(info, <u32>sockaddr, 12);
    if (i + 1 < RESOLVED_MAX) store<u32>(info, <u32>(info + ADDRINFO), 24);
    store<u32>(sockaddr, 0);
    store<u32>(sockaddr, SA_DATA, 4);
    store<u32>(sockaddr, <u32>(SA_DATAS + <usize>(i * SA_DATA)), 8);
  }
}

export function sys_resolve(host: string, out: usize): i32 {
  memory.fill(HINTS, 0, ADDRINFO);
  store<u8>(HINTS, <u8>SOCK_STREAM, 3); // any family, any protocol, no flags
  linkAnswers();
  store<u32>(OUT, <u32>ADDRINFOS); // where the first record is; the count comes back at OUT + 4
  const name = String.UTF8.encode(host);
  const errno = sock_getaddrinfo(changetype<usize>(name), name.byteLength, 0, 0, HINTS, OUT, RESOLVED_MAX, OUT + 4);
  if (errno != 0) return errno == WASI_EACCES ? -EACCES : -ENOTFOUND;
  const count = min(load<i32>(OUT, 4), RESOLVED_MAX);
  let family = 0;
  for (let i = 0; i < count && family != 4; i++) { // the first IPv4 answer, else the first IPv6
    const sockaddr = SOCKADDRS + <usize>(i * SOCKADDR);
    const kind = load<u8>(sockaddr);
    if (kind != AF_INET4 && (kind != AF_INET6 || family == 6)) continue;
    const data = <usize>load<u32>(sockaddr, 8);
    memory.fill(out, 0, 16);
    if (kind == AF_INET4) memory.copy(out, data + 2, 4);
    else memory.copy(out, data + 6, 16);
    family = kind == AF_INET4 ? 4 : 6;
  }
  return family ? family : -ENOTFOUND;
}

export function sys_recv(h: i32, buf: usize, cap: i32): i32 {
  if (cap <= 0) return -EINVAL;
  store<usize>(IOV, buf);
  store<u32>(IOV, <u32>cap, 4);
  const errno = sock_recv(h, IOV, 1, 0, OUT, OUT + 4);
  if (errno == WASI_EAGAIN) return -1;
  return errno == 0 ? load<i32>(OUT) : coreError(errno);
}

export function sys_send(h: i32, buf: usize, len: i32): i32 {
  if (len < 0) return -EINVAL;
  if (len == 0) return 0;
  store<usize>(IOV, buf);
  store<u32>(IOV, <u32>len, 4);
  const errno = sock_send(h, IOV, 1, 0, OUT);
  if (errno == WASI_EAGAIN) return -1;
  if (errno != 0) return coreError(errno);
  const n = load<i32>(OUT);
  return n > 0 ? n : -1;
}

export function sys_shutdown(h: i32): i32 {
  const errno = sock_shutdown(h, SHUT_WR);
  return errno == 0 ? 0 : coreError(errno);
}

export function sys_close(h: i32): void {
  closeFd(h);
}

export function sys_local_address(h: i32, out: usize): i32 {
  return address(h, out, false);
}

export function sys_remote_address(h: i32, out: usize): i32 {
  return address(h, out, true);
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
