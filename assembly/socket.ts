// The socket state machine. Every rule about a socket's state lives in this file.
//
// Theory of operation
// -------------------
// A socket is two half-streams over one transport, as in node:net.
//
//   read side:   reading ──(peer FIN: socket_handle_eof)──▶ eof ──(buffer empty)──▶ END emitted
//                ──(socket_end_seen: the user has every byte and 'end')──▶ end seen
//   write side:  open ──(socket_end)──▶ ending ──(queue flushed)──▶ SHUTDOWN sent ──▶ FINISH
//   lifetime:    new ──connect──▶ connecting ──connected──▶ open ──▶ destroyed (CLOSE, CLOSED)
//
// Inputs (the exported socket_* functions) change a few flags; then `settle()` derives
// everything that follows from the state, in one place and always in the same order:
//   1. flush: when no send is in flight, queued bytes go out as one SEND; when the queue is
//      empty and end() was called, SHUTDOWN goes out once.
//   2. end: the peer's FIN becomes END once every byte before it was delivered to the host.
//      The host may still hold bytes of its own (Node's Readable buffer), so the half-open
//      rule waits for socket_end_seen: then, without allowHalfOpen, our side ends too (rule 1
//      flushes and shuts down). A host with no buffer of its own calls it right after END.
//   3. drain: after write() answered false, DRAIN fires once, when nothing is left to write.
//   4. reading: the transport reads while the socket is open, not at EOF, not held
//      (pauseOnConnect until resume) and either flowing or holding less than its mark.
//   5. close: when the user has seen the end and FINISH happened, the socket is destroyed,
//      cleanly (never while the user still has bytes to read).
//
// Buffering. Bytes written while a send is in flight (or before connect) are copied into one
// growable block, sent as one SEND when the transport is free; with nothing queued or in
// flight, the host sends the user's bytes itself (socket_write answers 0) and the core only
// counts them. Bytes read while not flowing are copied into another block, delivered as one
// DATA on resume. Both live in this module's memory; an idle socket owns no block.
//
// Time is passed in as `now` (milliseconds, any monotonic origin). The idle timer is lazy:
// activity only records `lastActive`; when the armed timer fires, the socket either reports
// TIMEOUT (once per idle period) or re-arms for the time that is left.

import {
  OP_READ_START, OP_READ_STOP, OP_SEND, OP_SHUTDOWN, OP_CLOSE, OP_TIMER_START, OP_TIMER_STOP,
  OP_CONNECT, OP_DATA, OP_END, OP_FINISH, OP_DRAIN, OP_TIMEOUT, OP_WRITE_DONE, OP_ERROR, OP_CLOSED,
  E_OK, E_BAD_HANDLE, ERR_STREAM_WRITE_AFTER_END, ERR_STREAM_DESTROYED, ERR_SOCKET_CLOSED,
  ERR_SOCKET_CONNECTING, ERR_INVALID_ARG_VALUE, ENOBUFS, EPIPE,
  OPEN_ALLOW_HALF_OPEN, OPEN_PAUSE_ON_CONNECT, OPEN_CONNECTED,
  WRITE_BELOW_MARK, WRITE_COPY, READ_DIRECT, READ_COPY,
  READY_OPENING, READY_OPEN, READY_READ_ONLY, READY_WRITE_ONLY, READY_CLOSED,
} from "./abi";
import { alloc, ensureRoom, defer, release } from "./memory";
import { beginInput, push, reply } from "./queue";
import { sockets } from "./slots";
import { connectionClosed } from "./server";

const DEFAULT_MARK: u32 = 16384;
// The most a socket queues in the core's memory; a write beyond it is refused (ENOBUFS), never
// a trap: the pool's largest block is 1 GiB and queues grow by doubling.
const MAX_QUEUED_BYTES: u64 = 256 << 20;

// Flags.
const CONNECTING: u32 = 1 << 0;
const CONNECTED: u32 = 1 << 1; //     the transport is open
const DESTROYED: u32 = 1 << 2;
const EOF: u32 = 1 << 3; //           the peer's FIN arrived
const END_EMITTED: u32 = 1 << 4;
const ENDING: u32 = 1 << 5; //        end() was called (by the user, or by the half-open rule)
const ENDED_BY_PEER: u32 = 1 << 6; // ...by the half-open rule: a later write is EPIPE
const SHUTDOWN_SENT: u32 = 1 << 7;
const FINISHED: u32 = 1 << 8;
const ALLOW_HALF_OPEN: u32 = 1 << 9;
const FLOWING: u32 = 1 << 10;
const HELD: u32 = 1 << 11; //         pauseOnConnect: no reading at all until resume
const READING: u32 = 1 << 12; //      the transport was told to read
const NEED_DRAIN: u32 = 1 << 13;
const TIMER_ARMED: u32 = 1 << 14;
const END_SEEN: u32 = 1 << 15; //    the user consumed every byte and got 'end' (socket_end_seen)

@unmanaged class Socket {
  flags: u32;
  server: u32; //         id of the server that accepted it, or 0
  readMark: u32;
  writeMark: u32;
  queued: usize; //       block of bytes accepted but not yet sent
  queuedLen: u32;
  queuedWrites: u32;
  sending: usize; //      block of the bytes in flight (0: the host's own bytes)
  sendingLen: u32;
  sendingWrites: u32; //  0 when nothing is in flight
  readBuf: usize; //      block of bytes read but not yet delivered
  readLen: u32;
  timeout: u32; //        idle timeout in ms, 0 = none
  lastActive: f64;
  bytesRead: u64;
  bytesSent: u64; //      bytes handed to the transport
}

@inline function has(s: Socket, flag: u32): bool { return (s.flags & flag) != 0; }
@inline function set(s: Socket, flag: u32): void { s.flags |= flag; }
@inline function clear(s: Socket, flag: u32): void { s.flags &= ~flag; }

function find(id: u32): Socket | null {
  return changetype<Socket | null>(sockets.get(id));
}

/** For queries: also a socket whose CLOSED the host has not consumed yet (its last state). */
function findForQuery(id: u32): Socket | null {
  return changetype<Socket | null>(sockets.peek(id));
}

/** Creates a socket record; used by socket_open and by servers for accepted connections. */
export function createSocket(openFlags: u32, server: u32): u32 {
  const s = changetype<Socket>(alloc(offsetof<Socket>(), true));
  s.readMark = DEFAULT_MARK;
  s.writeMark = DEFAULT_MARK;
  s.server = server;
  if (openFlags & OPEN_ALLOW_HALF_OPEN) set(s, ALLOW_HALF_OPEN);
  if (openFlags & OPEN_PAUSE_ON_CONNECT) set(s, HELD);
  if (openFlags & OPEN_CONNECTED) set(s, CONNECTED);
  const id = sockets.add(changetype<usize>(s));
  settle(s, id);
  return id;
}

// ---- inputs: the user's calls ---------------------------------------------------------

/** new Socket(): returns its id. `flags`: OPEN_ALLOW_HALF_OPEN, OPEN_CONNECTED (an adopted fd). */
export function socket_open(flags: u32): u32 {
  beginInput();
  return createSocket(flags & (OPEN_ALLOW_HALF_OPEN | OPEN_CONNECTED), 0);
}

/** socket.connect(): the host starts connecting its transport and reports the outcome with
 *  socket_handle_connected or socket_handle_error. Refused while connecting or once open. */
export function socket_connect(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (has(s, DESTROYED)) return -ERR_SOCKET_CLOSED;
  if (has(s, CONNECTING | CONNECTED)) return -ERR_SOCKET_CONNECTING;
  set(s, CONNECTING);
  activity(s, id, now);
  return E_OK;
}

/** socket.write(): `len` bytes from the user. Returns a negated error code (the write is
 *  refused and, as in Node, the socket is destroyed with that error), or flags:
 *  WRITE_BELOW_MARK is what write() returns; WRITE_COPY means the host must copy the bytes to
 *  the reply address (queue header) before its next call; without it, the host hands its own
 *  bytes to the transport now and calls socket_handle_write_done when they are written. */
export function socket_write(id: u32, len: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (has(s, DESTROYED)) return -ERR_STREAM_DESTROYED;
  if (has(s, ENDING) || !has(s, CONNECTING | CONNECTED)) {
    // Node destroys the socket with the write's error: after end(), after the half-open
    // rule ended it (EPIPE), or before connect() was ever called (no handle yet).
    const code = !has(s, ENDING) ? ERR_SOCKET_CLOSED : has(s, ENDED_BY_PEER) ? EPIPE : ERR_STREAM_WRITE_AFTER_END;
    destroy(s, id, code);
    return -code;
  }
  const direct = has(s, CONNECTED) && s.sendingWrites == 0 && s.queuedWrites == 0;
  if (!direct && <u64>s.queuedLen + len > MAX_QUEUED_BYTES) return -ENOBUFS;
  const length = s.queuedLen + s.sendingLen + len;
  const belowMark = length < s.writeMark;
  if (!belowMark) set(s, NEED_DRAIN);
  activity(s, id, now);
  const flags = belowMark ? WRITE_BELOW_MARK : 0;
  if (direct) {
    s.sendingWrites = 1;
    s.sendingLen = len;
    s.bytesSent += len;
    return flags;
  }
  s.queued = ensureRoom(s.queued, s.queuedLen, len);
  reply(s.queued + s.queuedLen);
  s.queuedLen += len;
  s.queuedWrites++;
  return flags | WRITE_COPY;
}

/** socket.end(): our FIN goes out after every queued byte. A second call does nothing. */
export function socket_end(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (has(s, DESTROYED)) return -ERR_STREAM_DESTROYED;
  set(s, ENDING);
  settle(s, id);
  return E_OK;
}

/** socket.destroy([err]): `error` is 0, or the code of the error to report before 'close'.
 *  Writes still queued or in flight complete with that error (ERR_STREAM_DESTROYED if none). */
export function socket_destroy(id: u32, error: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  destroy(s, id, error);
  return E_OK;
}

/** socket.pause(): 'data' stops; reading goes on until the buffer reaches the mark. */
export function socket_pause(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  clear(s, FLOWING);
  settle(s, id);
  return E_OK;
}

/** socket.resume() (and a first 'data' listener): delivers buffered bytes as one DATA. */
export function socket_resume(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  set(s, FLOWING);
  clear(s, HELD);
  settle(s, id);
  return E_OK;
}

/** socket.setTimeout(ms): 0 disarms; otherwise the idle period restarts from `now`. */
export function socket_set_timeout(id: u32, ms: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (has(s, DESTROYED)) return E_OK;
  s.timeout = ms;
  if (ms == 0) {
    if (has(s, TIMER_ARMED)) push(OP_TIMER_STOP, id);
    clear(s, TIMER_ARMED);
    return E_OK;
  }
  s.lastActive = now;
  push(OP_TIMER_START, id, ms);
  set(s, TIMER_ARMED);
  return E_OK;
}

/** Sets the read and write high-water marks (bytes, at least 1; 0 leaves one unchanged). */
export function socket_set_marks(id: u32, readMark: u32, writeMark: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (readMark) s.readMark = readMark;
  if (writeMark) s.writeMark = writeMark;
  settle(s, id);
  return E_OK;
}

// ---- inputs: the transport's results ---------------------------------------------------

/** The user has consumed every byte and been given 'end' (after END; a host with no buffer of
 *  its own calls this right after delivering END). Without allowHalfOpen, our side ends now. */
export function socket_end_seen(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (!has(s, END_EMITTED) || has(s, END_SEEN)) return -ERR_INVALID_ARG_VALUE;
  set(s, END_SEEN);
  if (!has(s, ALLOW_HALF_OPEN) && !has(s, ENDING)) set(s, ENDING | ENDED_BY_PEER);
  settle(s, id);
  return E_OK;
}

/** The transport connected: CONNECT, then queued writes go out and reading starts. */
export function socket_handle_connected(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (!has(s, CONNECTING)) return -ERR_INVALID_ARG_VALUE;
  clear(s, CONNECTING);
  set(s, CONNECTED);
  push(OP_CONNECT, id);
  activity(s, id, now);
  settle(s, id);
  return E_OK;
}

/** The transport read `len` bytes (never call this while draining the queue). Returns
 *  READ_DIRECT if they go to the user now (a DATA record with address 0 stands for the host's
 *  own bytes), READ_COPY if they are buffered (the host copies them to the reply address
 *  before its next call), or a negated error code if the socket cannot take them (they are
 *  dropped, as in Node). */
export function socket_handle_read(id: u32, len: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (has(s, DESTROYED | EOF) || !has(s, CONNECTED)) return -ERR_SOCKET_CLOSED;
  s.bytesRead += len;
  activity(s, id, now);
  let result = READ_DIRECT;
  if (has(s, FLOWING) && s.readLen == 0) {
    push(OP_DATA, id, 0, len);
  } else {
    s.readBuf = ensureRoom(s.readBuf, s.readLen, len);
    reply(s.readBuf + s.readLen);
    s.readLen += len;
    result = READ_COPY;
  }
  settle(s, id);
  return result;
}

/** The peer's FIN. The transport has stopped reading by itself. */
export function socket_handle_eof(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (has(s, DESTROYED | EOF) || !has(s, CONNECTED)) return -ERR_SOCKET_CLOSED; // a FIN needs an open transport
  set(s, EOF);
  clear(s, READING);
  activity(s, id, now);
  settle(s, id);
  return E_OK;
}

/** The transport finished the send in flight (every SEND record, or the host's own bytes). */
export function socket_handle_write_done(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (has(s, DESTROYED)) return -ERR_SOCKET_CLOSED;
  if (s.sendingWrites == 0) return -ERR_INVALID_ARG_VALUE;
  push(OP_WRITE_DONE, id, s.sendingWrites, E_OK);
  defer(s.sending);
  s.sending = 0;
  s.sendingLen = 0;
  s.sendingWrites = 0;
  activity(s, id, now);
  settle(s, id);
  return E_OK;
}

/** The transport sent our FIN. */
export function socket_handle_shutdown_done(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (has(s, DESTROYED)) return -ERR_SOCKET_CLOSED;
  if (!has(s, SHUTDOWN_SENT) || has(s, FINISHED)) return -ERR_INVALID_ARG_VALUE;
  set(s, FINISHED);
  push(OP_FINISH, id);
  settle(s, id);
  return E_OK;
}

/** The transport failed (connect refused, reset, broken pipe…): ERROR, then CLOSED(1). */
export function socket_handle_error(id: u32, error: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  destroy(s, id, error ? error : ERR_SOCKET_CLOSED);
  return E_OK;
}

/** The timer armed by TIMER_START fired. */
export function socket_handle_timer(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (!has(s, TIMER_ARMED) || has(s, DESTROYED)) return E_OK;
  clear(s, TIMER_ARMED);
  const idle = now - s.lastActive;
  if (idle >= <f64>s.timeout) {
    push(OP_TIMEOUT, id);
  } else {
    push(OP_TIMER_START, id, <u32>Math.ceil(<f64>s.timeout - idle));
    set(s, TIMER_ARMED);
  }
  return E_OK;
}

// ---- queries ----------------------------------------------------------------------------

export function socket_ready_state(id: u32): i32 {
  const s = findForQuery(id);
  if (!s || has(s, DESTROYED)) return READY_CLOSED;
  if (has(s, CONNECTING)) return READY_OPENING;
  const readable = !has(s, END_SEEN);
  const writable = !has(s, ENDING);
  if (readable && writable) return READY_OPEN;
  if (readable) return READY_READ_ONLY;
  if (writable) return READY_WRITE_ONLY;
  return READY_CLOSED;
}

export function socket_bytes_read(id: u32): f64 {
  const s = findForQuery(id);
  return s ? <f64>s.bytesRead : 0;
}

/** Bytes handed to the transport plus bytes still queued (Node's bytesWritten). */
export function socket_bytes_written(id: u32): f64 {
  const s = findForQuery(id);
  return s ? <f64>(s.bytesSent + s.queuedLen) : 0;
}

/** Bytes accepted by write() and not yet written by the transport (writableLength). */
export function socket_writable_length(id: u32): u32 {
  const s = findForQuery(id);
  return s ? s.queuedLen + s.sendingLen : 0;
}

/** Bytes read and not yet delivered (readableLength). */
export function socket_readable_length(id: u32): u32 {
  const s = findForQuery(id);
  return s ? s.readLen : 0;
}

/** How many sockets are open (not yet CLOSED). */
export function socket_count(): u32 {
  return sockets.live;
}

// ---- the rules ---------------------------------------------------------------------------

function activity(s: Socket, id: u32, now: f64): void {
  s.lastActive = now;
  if (s.timeout && !has(s, TIMER_ARMED) && !has(s, DESTROYED)) {
    push(OP_TIMER_START, id, s.timeout);
    set(s, TIMER_ARMED);
  }
}

function settle(s: Socket, id: u32): void {
  if (has(s, DESTROYED)) return;
  // 2. end
  if (has(s, EOF) && !has(s, END_EMITTED) && s.readLen == 0) {
    set(s, END_EMITTED);
    push(OP_END, id);
  }
  // 1. flush
  if (has(s, CONNECTED) && s.sendingWrites == 0) {
    if (s.queuedWrites) {
      s.sending = s.queued;
      s.sendingLen = s.queuedLen;
      s.sendingWrites = s.queuedWrites;
      s.bytesSent += s.queuedLen;
      s.queued = 0;
      s.queuedLen = 0;
      s.queuedWrites = 0;
      push(OP_SEND, id, <u32>s.sending, s.sendingLen);
    } else if (has(s, ENDING) && !has(s, SHUTDOWN_SENT)) {
      set(s, SHUTDOWN_SENT);
      push(OP_SHUTDOWN, id);
    }
  }
  // 3. drain
  if (has(s, NEED_DRAIN) && s.queuedLen + s.sendingLen == 0 && s.sendingWrites == 0) {
    clear(s, NEED_DRAIN);
    push(OP_DRAIN, id);
  }
  // 4. reading
  if (has(s, FLOWING) && s.readLen) {
    push(OP_DATA, id, <u32>s.readBuf, s.readLen);
    defer(s.readBuf);
    s.readBuf = 0;
    s.readLen = 0;
    settle(s, id); // the delivered bytes may have been the last before the peer's FIN
    return;
  }
  const read = has(s, CONNECTED) && !has(s, EOF | HELD) && (has(s, FLOWING) || s.readLen < s.readMark);
  if (read != has(s, READING)) {
    push(read ? OP_READ_START : OP_READ_STOP, id);
    s.flags ^= READING;
  }
  // 5. close
  if (has(s, END_SEEN) && has(s, FINISHED)) destroy(s, id, E_OK);
}

function destroy(s: Socket, id: u32, error: u32): void {
  if (has(s, DESTROYED)) return;
  const pending = s.queuedWrites + s.sendingWrites;
  if (pending) push(OP_WRITE_DONE, id, pending, error ? error : ERR_STREAM_DESTROYED);
  if (has(s, TIMER_ARMED)) push(OP_TIMER_STOP, id);
  if (has(s, CONNECTING | CONNECTED)) push(OP_CLOSE, id);
  if (error) push(OP_ERROR, id, error);
  push(OP_CLOSED, id, error ? 1 : 0);
  s.flags = DESTROYED;
  defer(s.sending);
  release(s.queued); // never named by a record
  defer(s.readBuf);
  s.sending = s.queued = s.readBuf = 0;
  s.sendingLen = s.queuedLen = s.readLen = 0; // bytesWritten keeps only what was sent
  defer(changetype<usize>(s));
  sockets.retire(id);
  if (s.server) connectionClosed(s.server);
}

/** The server `server` is being freed: its live sockets no longer count towards it. */
export function detachFromServer(server: u32): void {
  for (let id: u32 = 1; id < sockets.next; id++) {
    const s = find(id);
    if (s && s.server == server) s.server = 0;
  }
}
