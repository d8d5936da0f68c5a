// What wamr.ts and wasmedge.ts share: plain wasi_snapshot_preview1 (poll_oneoff, fd_* on
// sockets) and WASI errno -> core error code; the program's arguments, clock, output, exit and
// abort are @assemblyscript/wasi-shim's (args_get, clock_time_get, fd_write, proc_exit). Both
// runtimes provide these functions with the standard preview1 signatures; the table at the top of
// wamr.ts and of wasmedge.ts lists each one with the runtime's source line it was checked against.
// Helpers only: no ABI exports here.
// (Imported as "../host-bindings/wasi/abi/preview1": ABI files are asc --lib files, see README.md.
// The shim is imported by package name: asc finds it in the node_modules above the base directory,
// the repository's or, for a user's build, the project's that holds wasm-net.)
import {
  EACCES, EADDRINUSE, EADDRNOTAVAIL, ECONNABORTED, ECONNREFUSED, ECONNRESET, EHOSTUNREACH, EINVAL,
  EMFILE, ENETUNREACH, ENFILE, ENOENT, EPIPE, ETIMEDOUT, EUNKNOWN,
} from "../../../assembly/abi";
import { wasi_process } from "@assemblyscript/wasi-shim/assembly/wasi_process";
import { wasi_abort } from "@assemblyscript/wasi-shim/assembly/wasi_internal";

@external("wasi_snapshot_preview1", "fd_read")
declare function fd_read(fd: i32, iovs: usize, count: i32, nread: usize): i32;
@external("wasi_snapshot_preview1", "fd_write")
declare function fd_write(fd: i32, iovs: usize, count: i32, nwritten: usize): i32;
@external("wasi_snapshot_preview1", "fd_close")
declare function fd_close(fd: i32): i32;
@external("wasi_snapshot_preview1", "fd_fdstat_set_flags")
declare function fd_fdstat_set_flags(fd: i32, flags: i32): i32;
@external("wasi_snapshot_preview1", "poll_oneoff")
declare function poll_oneoff(subscriptions: usize, events: usize, count: i32, nevents: usize): i32;

// WASI errno values: the same in WAMR's wasmtime_ssp.h and WasmEdge's thirdparty/wasi/api.hpp.
const WASI_EACCES = 2;
const WASI_EADDRINUSE = 3;
const WASI_EADDRNOTAVAIL = 4;
export const WASI_EAGAIN = 6;
const WASI_ECONNABORTED = 13;
const WASI_ECONNREFUSED = 14;
const WASI_ECONNRESET = 15;
const WASI_EHOSTUNREACH = 23;
export const WASI_EINPROGRESS = 26;
const WASI_EINTR = 27;
const WASI_EINVAL = 28;
const WASI_EMFILE = 33;
const WASI_ENETUNREACH = 40;
const WASI_ENFILE = 41;
const WASI_ENOENT = 44;
export const WASI_ENOTCONN = 53;
const WASI_EPIPE = 64;
const WASI_ETIMEDOUT = 73;
const WASI_ENOTCAPABLE = 76;

/** A WASI errno as the ABI's negated core error code (-EUNKNOWN for one the core has no name for). */
export function coreError(errno: i32): i32 {
  switch (errno) {
    case WASI_EACCES: case WASI_ENOTCAPABLE: return -EACCES; // NOTCAPABLE: a right the runtime did not grant
    case WASI_EADDRINUSE: return -EADDRINUSE;
    case WASI_EADDRNOTAVAIL: return -EADDRNOTAVAIL;
    case WASI_ECONNABORTED: return -ECONNABORTED;
    case WASI_ECONNREFUSED: return -ECONNREFUSED;
    case WASI_ECONNRESET: return -ECONNRESET;
    case WASI_EHOSTUNREACH: return -EHOSTUNREACH;
    case WASI_EINVAL: return -EINVAL;
    case WASI_EMFILE: return -EMFILE;
    case WASI_ENETUNREACH: return -ENETUNREACH;
    case WASI_ENFILE: return -ENFILE;
    case WASI_ENOENT: return -ENOENT;
    case WASI_EPIPE: return -EPIPE;
    case WASI_ETIMEDOUT: return -ETIMEDOUT;
    default: return -EUNKNOWN;
  }
}

const FDFLAGS_NONBLOCK = 4;
const CLOCK_MONOTONIC = 1;

// Scratch words for out-parameters.
const OUT = memory.data(16, 8);
const IOV = memory.data(8, 4);

export function setNonBlocking(fd: i32): i32 {
  return fd_fdstat_set_flags(fd, FDFLAGS_NONBLOCK);
}

export function closeFd(fd: i32): void {
  fd_close(fd);
}

/** Closes a socket that could not be set up and answers its error. */
export function closeWith(fd: i32, errno: i32): i32 {
  fd_close(fd);
  return coreError(errno);
}

/** fd_read or fd_write of one buffer: bytes moved, or the negated WASI errno. */
export function transfer(write: bool, fd: i32, buf: usize, len: i32): i32 {
  store<usize>(IOV, buf);
  store<u32>(IOV, <u32>len, 4);
  const errno = write ? fd_write(fd, IOV, 1, OUT) : fd_read(fd, IOV, 1, OUT);
  return errno == 0 ? load<i32>(OUT) : -errno;
}

export function now(): f64 {
  return <f64>wasi_process.hrtime() / 1e6;
}

// ---- poll_oneoff ----------------------------------------------------------------------------

const EVENTTYPE_CLOCK: u8 = 0;
const EVENTTYPE_FD_READ: u8 = 1;
const EVENTTYPE_FD_WRITE: u8 = 2;
const EVENT_FD_READWRITE_HANGUP: u16 = 1;
const SUBSCRIPTION_BYTES = 48; // userdata u64 @0, tag u8 @8, clock {id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40} | fd u32 @16
const EVENT_BYTES = 32; //        userdata u64 @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24
const CLOCK_USERDATA: u64 = u64.MAX_VALUE;
export const PROBE_FAILED = 2;

// n subscriptions, then n events; grown, never shrunk.
let pollBuffer: usize = 0;
let pollRoom = 0;

function pollSpace(n: i32): usize {
  if (n > pollRoom) {
    const bytes = <usize>n * (SUBSCRIPTION_BYTES + EVENT_BYTES);
    pollBuffer = pollBuffer ? heap.realloc(pollBuffer, bytes) : heap.alloc(bytes);
    pollRoom = n;
  }
  return pollBuffer;
}

function subscribeFd(at: usize, userdata: u64, type: u8, fd: i32): void {
  memory.fill(at, 0, SUBSCRIPTION_BYTES);
  store<u64>(at, userdata);
  store<u8>(at, type, 8);
  store<i32>(at, fd, 16);
}

function subscribeTimeout(at: usize, timeoutMs: i32): void {
  memory.fill(at, 0, SUBSCRIPTION_BYTES);
  store<u64>(at, CLOCK_USERDATA);
  store<u8>(at, EVENTTYPE_CLOCK, 8);
  store<u32>(at, CLOCK_MONOTONIC, 16);
  // relative (flags 0): WAMR answers ENOSYS to an absolute clock beside fd subscriptions
  store<u64>(at, <u64>timeoutMs * 1_000_000, 24);
}

function eventFailed(event: usize): bool {
  return load<u16>(event, 8) != 0 || (load<u16>(event, 24) & EVENT_FD_READWRITE_HANGUP) != 0;
}

/** sys_wait of README.md. A subscription's userdata is its handle's index << 2 | the interest bit. */
export function wait(handles: usize, interests: usize, count: i32, timeoutMs: i32, ready: usize): i32 {
  let n = 0;
  for (let i = 0; i < count; i++) {
    const interest = load<u8>(interests + i);
    store<u8>(ready + i, 0);
    if (interest & 1) n++;
    if (interest & 2) n++;
  }
  if (timeoutMs >= 0) n++;
  if (n == 0) return 0; // nothing to watch and no time limit: nothing could end the wait

  const subscriptions = pollSpace(n);
  const events = subscriptions + <usize>n * SUBSCRIPTION_BYTES;
  let at = subscriptions;
  for (let i = 0; i < count; i++) {
    const interest = load<u8>(interests + i);
    const fd = load<i32>(handles + (<usize>i << 2));
    if (interest & 1) { subscribeFd(at, (<u64>i << 2) | 1, EVENTTYPE_FD_READ, fd); at += SUBSCRIPTION_BYTES; }
    if (interest & 2) { subscribeFd(at, (<u64>i << 2) | 2, EVENTTYPE_FD_WRITE, fd); at += SUBSCRIPTION_BYTES; }
  }
  if (timeoutMs >= 0) subscribeTimeout(at, timeoutMs);

  const errno = poll_oneoff(subscriptions, events, n, OUT);
  if (errno == WASI_EINTR) return 0;
  if (errno != 0) return coreError(errno);
  let readyHandles = 0;
  for (let e: u32 = 0, got = load<u32>(OUT); e < got; e++) {
    const event = events + <usize>e * EVENT_BYTES;
    if (load<u8>(event, 10) == EVENTTYPE_CLOCK) continue;
    const userdata = load<u64>(event);
    const i = <i32>(userdata >> 2);
    // EOF, a reset or any error: ready for every interest; the call it allows reports it.
    const bits = eventFailed(event) ? load<u8>(interests + i) & 3 : <u8>(userdata & 3);
    const before = load<u8>(ready + i);
    store<u8>(ready + i, before | bits);
    if (before == 0 && bits != 0) readyHandles++;
  }
  return readyHandles;
}

/** Writable now? 1 yes, 0 not yet, PROBE_FAILED on an error or hang-up, or -errno. */
export function probeWritable(fd: i32): i32 {
  const subscriptions = pollSpace(2);
  const events = subscriptions + 2 * SUBSCRIPTION_BYTES;
  subscribeFd(subscriptions, 0, EVENTTYPE_FD_WRITE, fd);
  subscribeTimeout(subscriptions + SUBSCRIPTION_BYTES, 0);
  const errno = poll_oneoff(subscriptions, events, 2, OUT);
  if (errno != 0) return -errno;
  let state = 0;
  for (let e: u32 = 0, got = load<u32>(OUT); e < got; e++) {
    const event = events + <usize>e * EVENT_BYTES;
    if (load<u8>(event, 10) != EVENTTYPE_CLOCK) state = eventFailed(event) ? PROBE_FAILED : 1;
  }
  return state;
}

// ---- process: arguments, output, exit (wasi-shim) ------------------------------------------

export function args(): string[] {
  return wasi_process.argv;
}

/** All of `text` to fd 1 or 2 (blocking). */
export function print(fd: i32, text: string): void {
  if (fd == 2) wasi_process.stderr.write(text);
  else wasi_process.stdout.write(text);
}

export function exit(code: i32): void {
  wasi_process.exit(code);
  unreachable();
}

/** wasi-shim's abort: "abort: MESSAGE in FILE(LINE:COLUMN)" on stderr, exit status 255. */
export function abortProgram(message: string | null, file: string | null, line: u32, column: u32): void {
  wasi_abort(message, file, line, column);
}
