// The imports host-bindings/wasi/abi/wamr.ts and wasmedge.ts may use, with each runtime's own
// signature and the source line it was read from. The header comment of each ABI file holds the
// same table (tests/wasi/abi-imports.test.mjs checks that they agree, and that every build's
// imports match it). Neither runtime can be installed here: this is what was read, not run.
export const SOCKET_ABIS = {
  wamr: {
    file: "host-bindings/wasi/abi/wamr.ts",
    // the native-symbol signature language of libc_wasi_wrapper.c: i i32, I i64, * and ~ and $ pointers/lengths (i32)
    checkedAs: "wamr-signature",
    sources: [
      "bytecodealliance/wasm-micro-runtime core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c @5e779b3d7b18e5cc8d3c9504dde53994f6fd599d (native_symbols_libc_wasi, wasi_sock_* wrappers)",
      "bytecodealliance/wasm-micro-runtime core/iwasm/libraries/libc-wasi/sandboxed-system-primitives/src/posix.c (os_*-based version: wasi_ssp_sock_*, wasmtime_ssp_poll_oneoff, fd_fdstat_set_flags)",
      "bytecodealliance/wasm-micro-runtime core/shared/platform/common/posix/posix_socket.c @166145314617a339eafd9d745cf078e1ad8483c0 (os_socket_bind sets SO_LINGER {1,0}; send without MSG_NOSIGNAL; shutdown(fd, O_RDWR))",
      "bytecodealliance/wasm-micro-runtime core/iwasm/libraries/libc-wasi/sandboxed-system-primitives/include/wasmtime_ssp.h (errno values, __wasi_addr_t, subscription and event layouts)",
      "bytecodealliance/wasm-micro-runtime core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c, sandboxed-system-primitives/src/posix.c, core/shared/platform/include/platform_wasi_types.h @646b5a9bc786bfdb69f01e136706d524d4466120 (sock_addr_resolve: wasi_sock_addr_resolve, wasi_ssp_sock_addr_resolve, __wasi_addr_info_t and __wasi_addr_info_hints_t; product-mini/platforms/common/libc_wasi.c: --allow-resolve)",
      "bytecodealliance/wasm-micro-runtime product-mini/platforms/posix/main.c @00bab9d95d1e653365d395915673f04a09fb6f49 (no SIGPIPE handling)",
      "bytecodealliance/wasm-micro-runtime core/iwasm/libraries/lib-socket/inc/wasi_socket_ext.h @00b51efd500a9795b44c268eb202b435f15ef759 (guest header; older than the host table for sock_accept and sock_set_linger)",
    ],
    imports: {
      sock_open: { type: "(i32 i32 i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_open, "(iii*)i")' },
      sock_bind: { type: "(i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_bind, "(i*)i")' },
      sock_listen: { type: "(i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_listen, "(ii)i")' },
      sock_accept: { type: "(i32 i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_accept, "(ii*)i")' },
      sock_connect: { type: "(i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_connect, "(i*)i")' },
      sock_addr_local: { type: "(i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_addr_local, "(i*)i")' },
      sock_addr_remote: { type: "(i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_addr_remote, "(i*)i")' },
      sock_shutdown: { type: "(i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_shutdown, "(ii)i")' },
      sock_set_linger: { type: "(i32 i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_set_linger, "(iii)i")' },
      sock_set_reuse_addr: { type: "(i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_set_reuse_addr, "(ii)i")' },
      sock_addr_resolve: { type: "(i32 i32 i32 i32 i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(sock_addr_resolve, "($$**i*)i")' },
      fd_read: { type: "(i32 i32 i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(fd_read, "(i*i*)i")' },
      fd_write: { type: "(i32 i32 i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(fd_write, "(i*i*)i")' },
      fd_close: { type: "(i32) -> i32", checked: 'REG_NATIVE_FUNC(fd_close, "(i)i")' },
      fd_fdstat_set_flags: { type: "(i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(fd_fdstat_set_flags, "(ii)i")' },
      poll_oneoff: { type: "(i32 i32 i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(poll_oneoff, "(**i*)i")' },
      clock_time_get: { type: "(i32 i64 i32) -> i32", checked: 'REG_NATIVE_FUNC(clock_time_get, "(iI*)i")' },
      args_sizes_get: { type: "(i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(args_sizes_get, "(**)i")' },
      args_get: { type: "(i32 i32) -> i32", checked: 'REG_NATIVE_FUNC(args_get, "(**)i")' },
      proc_exit: { type: "(i32) -> nil", checked: 'REG_NATIVE_FUNC(proc_exit, "(i)")' },
    },
  },
  wasmedge: {
    file: "host-bindings/wasi/abi/wasmedge.ts",
    // C++ host bodies: every int32_t/uint32_t parameter is an i32, uint64_t an i64; Expect<void> returns nothing
    checkedAs: "wasmedge-body",
    sources: [
      "WasmEdge/WasmEdge lib/host/wasi/wasimodule.cpp @97dc4c851ae699aae08a87487ff5d53e3679f3ed (names: V1 under sock_*, V2 under sock_*_v2)",
      "WasmEdge/WasmEdge include/host/wasi/wasifunc.h @527fd7274e35cd8b1cf8ecb5a46706ce906f3f38 (host function signatures)",
      "WasmEdge/WasmEdge lib/host/wasi/wasifunc.cpp (V1 bodies: address {buf, buf_len} of 4 or 16 bytes, family 4/6 out of getlocaladdr/getpeeraddr)",
      "WasmEdge/WasmEdge lib/host/wasi/inode-linux.cpp (sockAccept, sockSendTo with MSG_NOSIGNAL, sockShutdown, sockGetOpt SO_ERROR as a WASI errno)",
      "WasmEdge/WasmEdge lib/host/wasi/vinode.cpp (socket rights include FD_FDSTAT_SET_FLAGS and POLL_FD_READWRITE)",
      "WasmEdge/WasmEdge thirdparty/wasi/api.hpp (errno, address family 1/2, sock type 2 = stream, SOL_SOCKET 0, SO_REUSEADDR 0, SO_ERROR 2)",
      "WasmEdge/WasmEdge lib/host/wasi/wasifunc.cpp, lib/host/wasi/inode-linux.cpp, thirdparty/wasi/api.hpp @d516c5d663de9cc275a284ffe4585526d164cca2 (sock_getaddrinfo: WasiSockGetAddrinfo::body, INode::getAddrinfo, __wasi_addrinfo_t and __wasi_sockaddr_t)",
      "second-state/wasmedge_wasi_socket src/socket.rs @e30fe30346031ad24955f586e4a9d203b8d330dd (the crate imports the same V1 names and signatures)",
    ],
    imports: {
      sock_open: { type: "(i32 i32 i32) -> i32", checked: "WasiSockOpenV1::body(Frame, uint32_t AddressFamily, uint32_t SockType, uint32_t RoFdPtr)" },
      sock_bind: { type: "(i32 i32 i32) -> i32", checked: "WasiSockBindV1::body(Frame, int32_t Fd, uint32_t AddressPtr, uint32_t Port)" },
      sock_listen: { type: "(i32 i32) -> i32", checked: "WasiSockListenV1::body(Frame, int32_t Fd, int32_t Backlog)" },
      sock_accept: { type: "(i32 i32) -> i32", checked: "WasiSockAcceptV1::body(Frame, int32_t Fd, uint32_t RoFdPtr)" },
      sock_connect: { type: "(i32 i32 i32) -> i32", checked: "WasiSockConnectV1::body(Frame, int32_t Fd, uint32_t AddressPtr, uint32_t Port)" },
      sock_recv: { type: "(i32 i32 i32 i32 i32 i32) -> i32", checked: "WasiSockRecvV1::body(Frame, int32_t Fd, uint32_t RiDataPtr, uint32_t RiDataLen, uint32_t RiFlags, uint32_t RoDataLenPtr, uint32_t RoFlagsPtr)" },
      sock_send: { type: "(i32 i32 i32 i32 i32) -> i32", checked: "WasiSockSendV1::body(Frame, int32_t Fd, uint32_t SiDataPtr, uint32_t SiDataLen, uint32_t SiFlags, uint32_t SoDataLenPtr)" },
      sock_shutdown: { type: "(i32 i32) -> i32", checked: "WasiSockShutdown::body(Frame, int32_t Fd, uint32_t SdFlags)" },
      sock_getsockopt: { type: "(i32 i32 i32 i32 i32) -> i32", checked: "WasiSockGetOpt::body(Frame, int32_t Fd, uint32_t SockOptLevel, uint32_t SockOptName, uint32_t FlagPtr, uint32_t FlagSizePtr)" },
      sock_setsockopt: { type: "(i32 i32 i32 i32 i32) -> i32", checked: "WasiSockSetOpt::body(Frame, int32_t Fd, uint32_t SockOptLevel, uint32_t SockOptName, uint32_t FlagPtr, uint32_t FlagSizePtr)" },
      sock_getlocaladdr: { type: "(i32 i32 i32 i32) -> i32", checked: "WasiSockGetLocalAddrV1::body(Frame, int32_t Fd, uint32_t AddressPtr, uint32_t AddressTypePtr, uint32_t PortPtr)" },
      sock_getpeeraddr: { type: "(i32 i32 i32 i32) -> i32", checked: "WasiSockGetPeerAddrV1::body(Frame, int32_t Fd, uint32_t AddressPtr, uint32_t AddressTypePtr, uint32_t PortPtr)" },
      sock_getaddrinfo: { type: "(i32 i32 i32 i32 i32 i32 i32 i32) -> i32", checked: "WasiSockGetAddrinfo::body(Frame, uint32_t NodePtr, uint32_t NodeLen, uint32_t ServicePtr, uint32_t ServiceLen, uint32_t HintsPtr, uint32_t ResPtr, uint32_t MaxResLength, uint32_t ResLengthPtr)" },
      fd_write: { type: "(i32 i32 i32 i32) -> i32", checked: "WasiFdWrite::body(Frame, int32_t Fd, uint32_t IOVSPtr, uint32_t IOVSLen, uint32_t NWrittenPtr)" },
      fd_close: { type: "(i32) -> i32", checked: "WasiFdClose::body(Frame, int32_t Fd)" },
      fd_fdstat_set_flags: { type: "(i32 i32) -> i32", checked: "WasiFdFdstatSetFlags::body(Frame, int32_t Fd, uint32_t FsFlags)" },
      poll_oneoff: { type: "(i32 i32 i32 i32) -> i32", checked: "WasiPollOneoff::body(Frame, uint32_t InPtr, uint32_t OutPtr, uint32_t NSubscriptions, uint32_t NEventsPtr)" },
      clock_time_get: { type: "(i32 i64 i32) -> i32", checked: "WasiClockTimeGet::body(Frame, uint32_t ClockId, uint64_t Precision, uint32_t TimePtr)" },
      args_sizes_get: { type: "(i32 i32) -> i32", checked: "WasiArgsSizesGet::body(Frame, uint32_t ArgcPtr, uint32_t ArgvBufSizePtr)" },
      args_get: { type: "(i32 i32) -> i32", checked: "WasiArgsGet::body(Frame, uint32_t ArgvPtr, uint32_t ArgvBufPtr)" },
      proc_exit: { type: "(i32) -> nil", checked: "Expect<void> WasiProcExit::body(Frame, uint32_t Status)" },
    },
  },
};

/** An import's type in the tables' notation: "(i32 i64) -> i32", "(i32) -> nil". */
export function typeText({ params, results }) {
  return `(${params.join(" ")}) -> ${results.length ? results.join(" ") : "nil"}`;
}

/** The wasm type a WAMR native signature string stands for: "(iI*)i" -> "(i32 i64 i32) -> i32". */
export function wamrSignatureType(signature) {
  const match = /^\(([^)]*)\)(.?)$/.exec(signature);
  if (!match) throw new Error(`not a WAMR signature: ${signature}`);
  const wasm = { i: "i32", I: "i64", f: "f32", F: "f64", "*": "i32", "~": "i32", $: "i32" };
  const params = [...match[1]].map((c) => wasm[c] ?? `?${c}`);
  return typeText({ params, results: match[2] ? [wasm[match[2]]] : [] });
}

/** The wasm type of a WasmEdge host body: its C++ parameters after the calling frame. */
export function wasmedgeBodyType(body) {
  const match = /^(Expect<void> )?\w+::body\(Frame(?:, (.*))?\)$/.exec(body);
  if (!match) throw new Error(`not a WasmEdge body: ${body}`);
  const cpp = { int32_t: "i32", uint32_t: "i32", int64_t: "i64", uint64_t: "i64" };
  const params = (match[2] ? match[2].split(", ") : []).map((p) => cpp[p.split(" ")[0]] ?? `?${p}`);
  return typeText({ params, results: match[1] ? [] : ["i32"] });
}
