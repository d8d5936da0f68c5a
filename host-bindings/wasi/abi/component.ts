// The guest's socket ABI (README.md beside this file) on WASI 0.2: wasi:sockets/tcp,
// wasi:sockets/ip-name-lookup, wasi:io/poll, wasi:io/streams and wasi:clocks, imported through
// the canonical ABI by hand. For Wasmtime ≥ 47 and for Node through jco + preview2-shim.
// The program's arguments, output, exit and abort are @assemblyscript/wasi-shim's (preview1
// calls; the clock is wasi:clocks' own, read on every turn of the loop): the build adds the
// WASI preview1 adapter (jco's) to the component, which maps them to wasi:cli and exports
// wasi:cli/run around the module's _start.
//
// Canonical ABI, as used here: resources are i32 handles; a result that does not fit in one
// flat value is written to a return area (`ret`): result tag u8 at 0, payload at the payload's
// alignment; lists are (ptr, len) in memory the host obtains from our `cabi_realloc`
// (component-exports.ts exports it; component_realloc is the body). An ip-socket-address
// argument is 12 i32: tag (0 IPv4, 1 IPv6) then the case's fields, zero padded.
//
// What this ABI cannot do, or does differently:
// - on preview2-shim (Node) `shutdown` closes the whole socket: the peer gets our FIN, and our
//   own reads end too (no half-close; sys_recv then answers 0). On Wasmtime it is a real
//   half-close.
// - `sys_exit` and `sys_abort` can only report success or failure (wasi:cli/exit takes a
//   result): every non-zero status becomes 1.

import {
  EUNKNOWN, EACCES, EINVAL, ETIMEDOUT, EMFILE, EADDRNOTAVAIL, EADDRINUSE, EHOSTUNREACH,
  ECONNREFUSED, ECONNRESET, ECONNABORTED, ENOTFOUND, EPIPE,
} from "../assembly/abi";
import { wasi_process } from "@assemblyscript/wasi-shim/assembly/wasi_process";
import { wasi_abort } from "@assemblyscript/wasi-shim/assembly/wasi_internal";

// ---- imports ------------------------------------------------------------------------------

@external("wasi:sockets/instance-network@0.2.12", "instance-network")
declare function instanceNetwork(): i32;
@external("wasi:sockets/tcp-create-socket@0.2.12", "create-tcp-socket")
declare function createTcpSocket(family: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.start-bind")
declare function startBind(self: i32, network: i32, tag: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32, a6: i32,
  a7: i32, a8: i32, a9: i32, a10: i32, a11: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.finish-bind")
declare function finishBind(self: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.start-connect")
declare function startConnect(self: i32, network: i32, tag: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32, a6: i32,
  a7: i32, a8: i32, a9: i32, a10: i32, a11: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.finish-connect")
declare function finishConnect(self: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.start-listen")
declare function startListen(self: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.finish-listen")
declare function finishListen(self: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.set-listen-backlog-size")
declare function setListenBacklogSize(self: i32, size: u64, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.accept")
declare function accept(self: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.local-address")
declare function localAddress(self: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.remote-address")
declare function remoteAddress(self: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.subscribe")
declare function socketSubscribe(self: i32): i32;
@external("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.shutdown")
declare function socketShutdown(self: i32, how: i32, ret: usize): void;
@external("wasi:sockets/tcp@0.2.12", "[resource-drop]tcp-socket")
declare function dropSocket(self: i32): void;

@external("wasi:sockets/ip-name-lookup@0.2.12", "resolve-addresses")
declare function resolveAddresses(network: i32, name: usize, nameLength: usize, ret: usize): void;
@external("wasi:sockets/ip-name-lookup@0.2.12", "[method]resolve-address-stream.resolve-next-address")
declare function resolveNextAddress(self: i32, ret: usize): void;
@external("wasi:sockets/ip-name-lookup@0.2.12", "[method]resolve-address-stream.subscribe")
declare function resolveSubscribe(self: i32): i32;
@external("wasi:sockets/ip-name-lookup@0.2.12", "[resource-drop]resolve-address-stream")
declare function dropResolveStream(self: i32): void;

@external("wasi:io/poll@0.2.12", "poll")
declare function poll(list: usize, len: i32, ret: usize): void;
@external("wasi:io/poll@0.2.12", "[resource-drop]pollable")
declare function dropPollable(self: i32): void;
@external("wasi:io/streams@0.2.12", "[method]input-stream.read")
declare function streamRead(self: i32, len: u64, ret: usize): void;
@external("wasi:io/streams@0.2.12", "[method]input-stream.subscribe")
declare function inputSubscribe(self: i32): i32;
@external("wasi:io/streams@0.2.12", "[resource-drop]input-stream")
declare function dropInput(self: i32): void;
@external("wasi:io/streams@0.2.12", "[method]output-stream.check-write")
declare function checkWrite(self: i32, ret: usize): void;
@external("wasi:io/streams@0.2.12", "[method]output-stream.write")
declare function streamWrite(self: i32, ptr: usize, len: usize, ret: usize): void;
@external("wasi:io/streams@0.2.12", "[method]output-stream.flush")
declare function streamFlush(self: i32, ret: usize): void;
@external("wasi:io/streams@0.2.12", "[method]output-stream.subscribe")
declare function outputSubscribe(self: i32): i32;
@external("wasi:io/streams@0.2.12", "[resource-drop]output-stream")
declare function dropOutput(self: i32): void;
@external("wasi:io/error@0.2.12", "[method]error.to-debug-string")
declare function errorDebugString(self: i32, ret: usize): void;
@external("wasi:io/error@0.2.12", "[resource-drop]error")
declare function dropError(self: i32): void;

@external("wasi:clocks/monotonic-clock@0.2.12", "now")
declare function monotonicNow(): u64;
@external("wasi:clocks/monotonic-clock@0.2.12", "subscribe-duration")
declare function subscribeDuration(ns: u64): i32;

// ---- memory the host writes into ---------------------------------------------------------

const ret = memory.data(48, 8); // the return area of every call (largest: local-address, 36)
const WOULD_BLOCK: u8 = 8; //      error-code would-block
let target: usize = 0; //          where the next list the host returns goes, if it fits
let targetSize: usize = 0;

/** cabi_realloc's body: the next list goes to `target` if set and big enough, else the heap. */
export function component_realloc(old: usize, oldSize: usize, align: usize, size: usize): usize {
  if (old == 0 && target != 0 && size <= targetSize) {
    const at = target;
    target = 0;
    return at;
  }
  return old ? heap.realloc(old, size) : heap.alloc(max<usize>(size, 1));
}

function aim(at: usize, size: usize): void {
  target = at;
  targetSize = size;
}

// ---- handles ------------------------------------------------------------------------------

const LISTENER: u8 = 1;
const CONNECTING: u8 = 2;
const STREAM: u8 = 3;

// Unmanaged, in a table of addresses: the collected runtime would otherwise keep every entry
// it looks up on its shadow stack, in every call of every round trip.
@unmanaged class Entry {
  kind: u8 = 0;
  socket: i32 = 0;
  input: i32 = 0;
  output: i32 = 0;
  socketPoll: i32 = 0; // accept / connect readiness
  inputPoll: i32 = 0;
  outputPoll: i32 = 0;
  readEnded: bool = false; // shutdown closed our reading side too (preview2-shim)
}

let entries: usize = 0; // Entry addresses by handle (0: none); handle 0 is never used
let entriesCapacity: i32 = 0;
let handleCount: i32 = 1; // handles handed out so far, and 0
const freeHandles: i32[] = [];
let network: i32 = -1;

function add(kind: u8, socket: i32): i32 {
  const e = new Entry();
  e.kind = kind;
  e.socket = socket;
  const h = freeHandles.length ? freeHandles.pop() : handleCount++;
  if (h >= entriesCapacity) {
    const capacity = max(h + 1, max(entriesCapacity * 2, 16));
    const bigger = heap.alloc(<usize>capacity * sizeof<usize>());
    memory.fill(bigger, 0, <usize>capacity * sizeof<usize>());
    if (entries) { memory.copy(bigger, entries, <usize>entriesCapacity * sizeof<usize>()); heap.free(entries); }
    entries = bigger;
    entriesCapacity = capacity;
  }
  store<usize>(entries + <usize>h * sizeof<usize>(), changetype<usize>(e));
  return h;
}

function entry(h: i32): Entry | null {
  return h > 0 && h < handleCount ? changetype<Entry | null>(load<usize>(entries + <usize>h * sizeof<usize>())) : null;
}

function theNetwork(): i32 {
  if (network < 0) network = instanceNetwork();
  return network;
}

// ---- error codes --------------------------------------------------------------------------

/** wasi:sockets error-code (enum order of network.wit) → negated core code. */
function socketError(code: u8): i32 {
  switch (code) {
    case 1: return -EACCES;
    case 2: case 3: case 6: case 7: case 9: case 17: return -EINVAL;
    case 5: return -ETIMEDOUT;
    case WOULD_BLOCK: return -1;
    case 10: return -EMFILE;
    case 11: return -EADDRNOTAVAIL;
    case 12: return -EADDRINUSE;
    case 13: return -EHOSTUNREACH;
    case 14: return -ECONNREFUSED;
    case 15: return -ECONNRESET;
    case 16: return -ECONNABORTED;
    case 18: case 19: case 20: return -ENOTFOUND;
  }
  return -EUNKNOWN;
}

/** A stream's last-operation-failed error → negated core code, from its debug text (the
 *  typed accessor, network-error-code, is still unstable). Drops the error. */
function streamError(error: i32): i32 {
  errorDebugString(error, ret);
  const text = String.UTF8.decodeUnsafe(load<u32>(ret), load<u32>(ret, 4)).toLowerCase();
  heap.free(load<u32>(ret));
  dropError(error);
  if (text.includes("reset")) return -ECONNRESET;
  if (text.includes("pipe")) return -EPIPE;
  if (text.includes("abort")) return -ECONNABORTED;
  if (text.includes("refused")) return -ECONNREFUSED;
  if (text.includes("timed out") || text.includes("timeout")) return -ETIMEDOUT;
  return -EUNKNOWN;
}

/** Reads the result<_, error-code> in the return area: 0, -1 (would block) or -code. */
function unitResult(): i32 {
  return load<u8>(ret) == 0 ? 0 : socketError(load<u8>(ret, 1));
}

/** Blocks on one pollable. */
function block(pollable: i32): void {
  store<i32>(ret, pollable, 16);
  aim(ret + 24, 8);
  poll(ret + 16, 1, ret);
  target = 0;
  if (<usize>load<u32>(ret) != ret + 24) heap.free(<usize>load<u32>(ret));
}

function socketPollable(e: Entry): i32 {
  if (!e.socketPoll) e.socketPoll = socketSubscribe(e.socket);
  return e.socketPoll;
}

// ---- addresses ----------------------------------------------------------------------------

/** Calls start-bind or start-connect with the 12-i32 form of (family, ip, port). */
function withAddress(connect: bool, socket: i32, family: i32, ip: usize, port: i32): void {
  const net = theNetwork();
  if (family == 4) {
    const a = <i32>load<u8>(ip), b = <i32>load<u8>(ip, 1), c = <i32>load<u8>(ip, 2), d = <i32>load<u8>(ip, 3);
    if (connect) startConnect(socket, net, 0, port, a, b, c, d, 0, 0, 0, 0, 0, 0, ret);
    else startBind(socket, net, 0, port, a, b, c, d, 0, 0, 0, 0, 0, 0, ret);
    return;
  }
  const g0 = group(ip, 0), g1 = group(ip, 1), g2 = group(ip, 2), g3 = group(ip, 3);
  const g4 = group(ip, 4), g5 = group(ip, 5), g6 = group(ip, 6), g7 = group(ip, 7);
  if (connect) startConnect(socket, net, 1, port, 0, g0, g1, g2, g3, g4, g5, g6, g7, 0, ret);
  else startBind(socket, net, 1, port, 0, g0, g1, g2, g3, g4, g5, g6, g7, 0, ret);
}

@inline function group(ip: usize, i: usize): i32 {
  return (<i32>load<u8>(ip + 2 * i) << 8) | <i32>load<u8>(ip + 2 * i + 1);
}

/** The ip-socket-address at ret+4 (after a result tag) → family, port, 16 bytes at `out`. */
function writeAddress(out: usize): void {
  memory.fill(out, 0, 24);
  const at = ret + 4;
  if (load<u8>(at) == 0) {
    store<u32>(out, 4);
    store<u32>(out, load<u16>(at, 4), 4);
    store<u32>(out + 8, load<u32>(at, 6)); // four u8, already in network order
    return;
  }
  store<u32>(out, 6);
  store<u32>(out, load<u16>(at, 4), 4);
  for (let i: usize = 0; i < 8; i++) {
    const g = load<u16>(at + 12 + 2 * i);
    store<u8>(out + 8 + 2 * i, <u8>(g >> 8));
    store<u8>(out + 9 + 2 * i, <u8>g);
  }
}

// ---- the contract -------------------------------------------------------------------------

/** The monotonic clock itself, not preview1's clock_time_get through the adapter: the loop
 *  reads it once per turn. */
export function sys_now(): f64 {
  return <f64>monotonicNow() / 1e6;
}

export function sys_listen(family: i32, ip: usize, port: i32, backlog: i32): i32 {
  createTcpSocket(family == 6 ? 1 : 0, ret);
  if (load<u8>(ret)) return socketError(load<u8>(ret, 4));
  const h = add(LISTENER, load<i32>(ret, 4));
  const e = entry(h)!;
  withAddress(false, e.socket, family, ip, port);
  let r = unitResult();
  if (r == 0) r = finishing(e, 0);
  if (r == 0) setListenBacklogSize(e.socket, <u64>max(backlog, 1), ret); // advisory: ignore its answer
  if (r == 0) { startListen(e.socket, ret); r = unitResult(); }
  if (r == 0) r = finishing(e, 1);
  if (r < 0) { sys_close(h); return r; }
  return h;
}

/** finish-bind (0) or finish-listen (1), blocking while the host says would-block. */
function finishing(e: Entry, which: i32): i32 {
  for (;;) {
    if (which == 0) finishBind(e.socket, ret);
    else finishListen(e.socket, ret);
    const r = unitResult();
    if (r != -1) return r;
    block(socketPollable(e));
  }
  return -EINVAL; // not reached
}

/** The resolver's answers, one at a time (blocking while it says would-block): the first IPv4
 *  address wins; without one, the first IPv6. */
export function sys_resolve(host: string, out: usize): i32 {
  const name = String.UTF8.encode(host);
  resolveAddresses(theNetwork(), changetype<usize>(name), <usize>name.byteLength, ret);
  if (load<u8>(ret)) return resolveError(load<u8>(ret, 4));
  const stream = load<i32>(ret, 4);
  let pollable = 0;
  let family = 0;
  let failure = 0;
  // ret: result tag @0; ok: option tag @2, ip-address tag @4, its fields @6; err: error-code @2
  for (;;) {
    resolveNextAddress(stream, ret);
    if (load<u8>(ret)) {
      if (load<u8>(ret, 2) != WOULD_BLOCK) { failure = resolveError(load<u8>(ret, 2)); break; }
      if (!pollable) pollable = resolveSubscribe(stream);
      block(pollable);
      continue;
    }
    if (load<u8>(ret, 2) == 0) break; // no more addresses
    if (load<u8>(ret, 4) == 0) {
      memory.fill(out, 0, 16);
      memory.copy(out, ret + 6, 4);
      family = 4;
      break;
    }
    if (family == 0) {
      for (let i: usize = 0; i < 8; i++) {
        const g = load<u16>(ret + 6 + 2 * i);
        store<u8>(out + 2 * i, <u8>(g >> 8));
        store<u8>(out + 2 * i + 1, <u8>g);
      }
      family = 6;
    }
  }
  if (pollable) dropPollable(pollable);
  dropResolveStream(stream);
  if (family) return family;
  return failure ? failure : -ENOTFOUND;
}

/** A resolver's error-code: only a refusal keeps its name; any other failure is Node's ENOTFOUND. */
function resolveError(code: u8): i32 {
  return code == 1 ? -EACCES : -ENOTFOUND;
}

export function sys_accept(listener: i32): i32 {
  const l = entry(listener);
  if (!l || l.kind != LISTENER) return -EINVAL;
  accept(l.socket, ret);
  if (load<u8>(ret)) return socketError(load<u8>(ret, 4));
  const h = add(STREAM, load<i32>(ret, 4));
  const e = entry(h)!;
  e.input = load<i32>(ret, 8);
  e.output = load<i32>(ret, 12);
  return h;
}

export function sys_connect(family: i32, ip: usize, port: i32): i32 {
  createTcpSocket(family == 6 ? 1 : 0, ret);
  if (load<u8>(ret)) return socketError(load<u8>(ret, 4));
  const h = add(CONNECTING, load<i32>(ret, 4));
  withAddress(true, entry(h)!.socket, family, ip, port);
  const r = unitResult();
  if (r < 0) { sys_close(h); return r == -1 ? -EUNKNOWN : r; }
  return h;
}

export function sys_connect_result(h: i32): i32 {
  const e = entry(h);
  if (!e) return -EINVAL;
  if (e.kind == STREAM) return 0;
  if (e.kind != CONNECTING) return -EINVAL;
  finishConnect(e.socket, ret);
  if (load<u8>(ret)) return socketError(load<u8>(ret, 4));
  e.kind = STREAM;
  e.input = load<i32>(ret, 4);
  e.output = load<i32>(ret, 8);
  return 0;
}

export function sys_recv(h: i32, buf: usize, cap: i32): i32 {
  const e = entry(h);
  if (!e || e.kind != STREAM) return -EINVAL;
  if (e.readEnded) return 0;
  aim(buf, <usize>cap);
  streamRead(e.input, <u64>cap, ret);
  target = 0;
  if (load<u8>(ret) == 0) {
    const at = <usize>load<u32>(ret, 4);
    const n = <i32>load<u32>(ret, 8);
    if (at != buf && at != 0) {
      memory.copy(buf, at, <usize>n);
      heap.free(at);
    }
    return n > 0 ? n : -1;
  }
  if (load<u8>(ret, 4) == 1) return 0; // closed: the peer's FIN
  return streamError(load<i32>(ret, 8));
}

export function sys_send(h: i32, buf: usize, len: i32): i32 {
  const e = entry(h);
  if (!e || e.kind != STREAM) return -EINVAL;
  checkWrite(e.output, ret);
  if (load<u8>(ret)) return load<u8>(ret, 8) == 1 ? -EPIPE : streamError(load<i32>(ret, 12));
  const room = load<u64>(ret, 8);
  if (room == 0) return -1;
  const n = <i32>min<u64>(room, <u64>len);
  streamWrite(e.output, buf, <usize>n, ret);
  if (load<u8>(ret)) return load<u8>(ret, 4) == 1 ? -EPIPE : streamError(load<i32>(ret, 8));
  return n;
}

/** Half-close once every accepted byte has left the stream: -1 while it is still flushing. */
export function sys_shutdown(h: i32): i32 {
  const e = entry(h);
  if (!e || e.kind != STREAM) return -EINVAL;
  streamFlush(e.output, ret); // starts flushing; check-write answers 0 until it is done
  if (load<u8>(ret)) return load<u8>(ret, 4) == 1 ? -EPIPE : streamError(load<i32>(ret, 8));
  checkWrite(e.output, ret);
  if (load<u8>(ret)) return load<u8>(ret, 8) == 1 ? -EPIPE : streamError(load<i32>(ret, 12));
  if (load<u64>(ret, 8) == 0) return -1;
  socketShutdown(e.socket, 1, ret); // shutdown-type send
  const r = unitResult();
  if (r < 0) return r == -1 ? -EUNKNOWN : r;
  // After a real shutdown(send) (Wasmtime) the socket still has its addresses. preview2-shim
  // destroys the whole socket instead (local-address then fails), and its input never becomes
  // ready again: the reads end here (sys_recv answers 0, sys_wait says readable).
  localAddress(e.socket, ret);
  e.readEnded = load<u8>(ret) != 0;
  return 0;
}

export function sys_close(h: i32): void {
  const e = entry(h);
  if (!e) return;
  // children first: a pollable before what it watches, the streams before their socket
  if (e.inputPoll) dropPollable(e.inputPoll);
  if (e.outputPoll) dropPollable(e.outputPoll);
  if (e.socketPoll) dropPollable(e.socketPoll);
  if (e.input) dropInput(e.input);
  if (e.output) dropOutput(e.output);
  dropSocket(e.socket);
  store<usize>(entries + <usize>h * sizeof<usize>(), 0);
  heap.free(changetype<usize>(e));
  freeHandles.push(h);
}

export function sys_local_address(h: i32, out: usize): i32 {
  const e = entry(h);
  if (!e) return -EINVAL;
  localAddress(e.socket, ret);
  if (load<u8>(ret)) return socketError(load<u8>(ret, 4));
  writeAddress(out);
  return 0;
}

export function sys_remote_address(h: i32, out: usize): i32 {
  const e = entry(h);
  if (!e) return -EINVAL;
  remoteAddress(e.socket, ret);
  if (load<u8>(ret)) return socketError(load<u8>(ret, 4));
  writeAddress(out);
  return 0;
}

// sys_wait's lists, reused: the pollables, the handle index and interest bit each one stands
// for (index -1: the timeout), and the host's answer.
let pollables: usize = 0;
let owners: usize = 0;
let ownerBits: usize = 0;
let answer: usize = 0;
let pollCapacity: i32 = 0;

export function sys_wait(handles: usize, interests: usize, count: i32, timeoutMs: i32, ready: usize): i32 {
  if (count * 2 + 1 > pollCapacity) {
    if (pollables) { heap.free(pollables); heap.free(owners); heap.free(ownerBits); heap.free(answer); }
    pollCapacity = max(count * 2 + 1, 64);
    pollables = heap.alloc(<usize>pollCapacity << 2);
    owners = heap.alloc(<usize>pollCapacity << 2);
    ownerBits = heap.alloc(<usize>pollCapacity);
    answer = heap.alloc(<usize>pollCapacity << 2);
  }
  let n = 0;
  let readyCount = 0;
  for (let i = 0; i < count; i++) {
    store<u8>(ready + i, 0);
    let want = <u8>load<u8>(interests + i);
    const e = entry(load<i32>(handles + (<usize>i << 2)));
    if (!e || want == 0) continue;
    if (e.kind != STREAM) {
      n = addPollable(n, socketPollable(e), i, want);
      continue;
    }
    if ((want & 1) && e.readEnded) { // ready now: sys_recv answers 0
      store<u8>(ready + i, 1);
      readyCount++;
      timeoutMs = 0;
      want &= ~1;
    }
    if (want & 1) {
      if (!e.inputPoll) e.inputPoll = inputSubscribe(e.input);
      n = addPollable(n, e.inputPoll, i, 1);
    }
    if (want & 2) {
      if (!e.outputPoll) e.outputPoll = outputSubscribe(e.output);
      n = addPollable(n, e.outputPoll, i, 2);
    }
  }
  let timer = 0;
  if (timeoutMs >= 0) {
    timer = subscribeDuration(<u64>timeoutMs * 1_000_000);
    n = addPollable(n, timer, -1, 0);
  }
  if (n == 0) return -EINVAL; // nothing to wait for, for ever
  aim(answer, <usize>pollCapacity << 2);
  poll(pollables, n, ret);
  target = 0;
  const list = <usize>load<u32>(ret);
  const got = <i32>load<u32>(ret, 4);
  if (timer) dropPollable(timer);
  for (let k = 0; k < got; k++) {
    const slot = <usize>load<u32>(list + (<usize>k << 2));
    const i = load<i32>(owners + (slot << 2));
    if (i < 0) continue;
    const before = load<u8>(ready + i);
    if (before == 0) readyCount++;
    store<u8>(ready + i, before | load<u8>(ownerBits + slot));
  }
  if (list != answer) heap.free(list);
  return readyCount;
}

function addPollable(n: i32, pollable: i32, index: i32, bits: u8): i32 {
  store<i32>(pollables + (<usize>n << 2), pollable);
  store<i32>(owners + (<usize>n << 2), index);
  store<u8>(ownerBits + <usize>n, bits);
  return n + 1;
}

// ---- arguments and output -----------------------------------------------------------------

// ---- process: wasi-shim (through the preview1 adapter) ---------------------------------------

export function sys_args(): string[] {
  return wasi_process.argv;
}

export function sys_print(text: string): void {
  wasi_process.stdout.write(text);
}

export function sys_print_error(text: string): void {
  wasi_process.stderr.write(text);
}

export function sys_exit(code: i32): void {
  wasi_process.exit(code); // the adapter: wasi:cli/exit, ok for 0, err for any other status
  unreachable();
}

export function sys_abort(message: string | null, file: string | null, line: u32, column: u32): void {
  wasi_abort(message, file, line, column);
}
