// The socket state machine. Every rule about a socket's state lives in this file.
//
// Theory of operation
// -------------------
// A socket is a lifecycle and two half-streams over one transport, as in node:net. Each is a
// small state of its own; their legal values and what moves them, in the order things happen:
//
//   phase:  NEW ──socket_connect──▶ CONNECTING ──handle_connected──▶ OPEN ──▶ CLOSED
//           (an adopted fd or an accepted connection starts OPEN; any phase ──destroy──▶ CLOSED)
//   reader: LIVE ──handle_eof──▶ PEER_FIN ──(buffer delivered)──▶ END_EMITTED ──end_seen──▶ END_SEEN
//           ──after_end (the host's next tick: the user's 'end' listeners have run)──▶ AFTER_END
//   writer: WRITABLE ──socket_end──▶ ENDING ──(queue flushed)──▶ FIN_SENT ──shutdown_done──▶ FINISHED
//   (a socket opened not readable starts at AFTER_END, one not writable at FINISHED)
//
//   inputs by phase (anything else is refused with the code named, and changes nothing):
//   | input            | NEW                  | CONNECTING           | OPEN        | CLOSED / id 0        |
//   | connect          | → CONNECTING         | same (1)             | → CONNECTING (1) | ERR_SOCKET_CLOSED |
//   | write            | destroys: SOCKET_CLOSED | queued            | sent/queued | ERR_STREAM_DESTROYED |
//   | end              | ENDING (FIN on open) | ENDING               | ENDING      | ERR_STREAM_DESTROYED |
//   | handle_connected | refused              | → OPEN               | refused     | refused              |
//   | handle_read/eof  | refused              | refused              | accepted    | refused              |
//   (1) as node:net: the host connects its transport again, the platform answers (EALREADY
//       while connecting); a server's connection: ERR_SOCKET_CONNECTING
//
// Inputs change a state or a count; then `settle()` derives everything that follows, in one
// place and always in the same order:
//   1. end: PEER_FIN becomes END_EMITTED (the END record) once every byte before it was
//      delivered to the host. The host may hold bytes of its own (Node's Readable buffer), so
//      the end waits for socket_end_seen, which the host calls as 'end' is emitted: the socket
//      is no longer readable, and without allowHalfOpen a write refused from then on is EPIPE.
//      The rules that follow the end wait for the 'end' listeners to have run (AFTER_END: the
//      host calls socket_after_end on its next tick): without allowHalfOpen our side ends
//      then, as Node ends its writable side after 'end' ('end' listeners see 'writeOnly', and
//      may still write), and a socket whose side is finished closes then.
//   2. flush: when no send is in flight, queued bytes go out as one SEND (unless corked); when
//      the queue is empty and the writer is ENDING, SHUTDOWN goes out once (corked or not).
//   3. drain: after write() answered false, DRAIN fires once, when a completed write leaves
//      nothing queued and end() was not called; before that write's WRITE_DONE (Node emits
//      'drain' before the callbacks). Writes the transport took at once stop counting at once,
//      and their 'drain' and callbacks come together on the host's next tick (AFTER_WRITE);
//      with neither due (no callback among them, no 'drain'), there is no AFTER_WRITE at all.
//      WRITE_DONE counts only the writes that have a callback (socket_write says which).
//   4. reading: bytes held for a paused reader go out as one DATA once it flows; the
//      transport reads while OPEN, not at PEER_FIN, not held (pauseOnConnect until resume)
//      and either flowing, holding nothing, or holding less than its mark.
//   5. close: when the user has seen the end and our FIN was sent, the socket is destroyed,
//      cleanly (never while the user still has bytes to read).
//
// Buffering. Bytes written while a send is in flight, while corked or before connect are
// copied into one growable block, sent as one SEND when the transport is free; with nothing
// queued or in flight, the host sends the user's bytes itself (socket_write answers without
// WRITE_COPY) and the core only counts them. Bytes read while not flowing are copied into
// another block, delivered as one DATA on resume. Both live in this module's memory; an idle
// socket owns no block.
//
// Socket options (TCP_NODELAY, SO_KEEPALIVE) are remembered until there is an open transport,
// then applied with NO_DELAY / KEEP_ALIVE actions; later changes go out when they change.
//
// Time is passed in as `now` (milliseconds, any monotonic origin), and read only while the
// socket has an idle timeout (and when its timer fires): a host need not read its clock for an
// input on a socket without one, which is most sockets on most inputs. The idle timer is lazy:
// activity only records `lastActive`; when the armed timer fires, the socket either reports
// TIMEOUT (once per idle period) or re-arms for the time that is left. setTimeout(0) leaves an
// armed timer to fire and find nothing to do, and a new timeout re-arms only if it must fire
// sooner than the armed one: a keep-alive server that sets and clears a timeout around every
// request (Node's http) costs no host timer per request. TIMER_STOP comes only at close.

import {
  OP_READ_START, OP_READ_STOP, OP_SEND, OP_SHUTDOWN, OP_CLOSE, OP_TIMER_START, OP_TIMER_STOP,
  OP_AFTER_END, OP_NO_DELAY, OP_KEEP_ALIVE, OP_AFTER_WRITE,
  OP_CONNECT, OP_DATA, OP_END, OP_FINISH, OP_DRAIN, OP_TIMEOUT, OP_WRITE_DONE, OP_ERROR, OP_CLOSED,
  OP_END_DONE,
  E_OK, E_BAD_HANDLE, ERR_STREAM_WRITE_AFTER_END, ERR_STREAM_DESTROYED, ERR_SOCKET_CLOSED,
  ERR_SOCKET_CONNECTING, ERR_INVALID_ARG_VALUE, ERR_STREAM_ALREADY_FINISHED, ERR_SOCKET_CLOSED_BEFORE_CONNECTION,
  ENOBUFS, EPIPE,
  OPEN_ALLOW_HALF_OPEN, OPEN_PAUSE_ON_CONNECT, OPEN_CONNECTED, OPEN_NOT_READABLE, OPEN_NOT_WRITABLE, OPEN_ANSWER_AFTER_SEND,
  WRITE_BELOW_MARK, WRITE_COPY, READ_DIRECT, READ_COPY,
  READY_OPENING, READY_OPEN, READY_READ_ONLY, READY_WRITE_ONLY, READY_CLOSED,
} from "./abi";
import { alloc, ensureRoom, defer, release } from "./memory";
import { beginInput, push, reply } from "./queue";
import { sockets } from "./slots";
import { connectionClosed } from "./server";

export const DEFAULT_MARK: u32 = 16384;
// The most a socket queues in the core's memory; a write beyond it is refused (ENOBUFS), never
// a trap: the pool's largest block is 1 GiB and queues grow by doubling.
const MAX_QUEUED_BYTES: u64 = 256 << 20;

// phase
const NEW: u8 = 0;
const CONNECTING: u8 = 1;
const OPEN: u8 = 2;
const CLOSED: u8 = 3;
// reader
const LIVE: u8 = 0;
const PEER_FIN: u8 = 1;
const END_EMITTED: u8 = 2;
const END_SEEN: u8 = 3;
const AFTER_END: u8 = 4;
// writer
const WRITABLE: u8 = 0;
const ENDING: u8 = 1;
const FIN_SENT: u8 = 2;
const FINISHED: u8 = 3;

// Flags: facts that are not part of the three states.
const ALLOW_HALF_OPEN: u32 = 1 << 0;
const FLOWING: u32 = 1 << 1;
const HELD: u32 = 1 << 2; //         pauseOnConnect: no reading at all until resume
const READING: u32 = 1 << 3; //      the transport was told to read
const NEED_DRAIN: u32 = 1 << 4;
const TIMER_ARMED: u32 = 1 << 5;
const PEER_ENDED: u32 = 1 << 6; //   the half-open rule ran: once our side ends, writes are EPIPE
const NO_DELAY: u32 = 1 << 7; //     TCP_NODELAY wanted
const KEEP_ALIVE: u32 = 1 << 8; //   SO_KEEPALIVE wanted (keepAliveDelay seconds)
const OPTIONS_SENT: u32 = 1 << 9; // the transport has been given the options
const PAUSED: u32 = 1 << 10; //     pause() was called (and no resume() since): at connect, nothing is read
const RESET: u32 = 1 << 11; //      resetAndDestroy() while connecting: reset once connected
const AFTER_WRITE_DUE: u32 = 1 << 12; // AFTER_WRITE was pushed; socket_after_write not called yet
const ANSWER_AFTER_SEND: u32 = 1 << 13; // OPEN_ANSWER_AFTER_SEND
const DRAIN_BY_DIRECT: u32 = 1 << 14; // NEED_DRAIN set by the direct write in flight alone: undone if it is written at once
const ACCEPTED: u32 = 1 << 15; //   a server's connection (connect() on it is refused)

@unmanaged class Socket {
  phase: u8;
  connectFrom: u8; //     the phase before the last connect(), for one refused for its arguments
  reader: u8;
  writer: u8;
  flags: u32;
  corked: u32; //         cork() calls not yet undone
  server: u32; //         id of the server that accepted it, or 0
  readMark: u32;
  writeMark: u32;
  keepAliveDelay: u32; // seconds
  queued: usize; //       block of bytes accepted but not yet sent
  queuedLen: u32;
  queuedWrites: u32;
  queuedCallbacks: u32; // of the queued writes, those with a callback
  sending: usize; //      block of the bytes in flight (0: the host's own bytes)
  sendingLen: u32;
  sendingWrites: u32; //  0 when nothing is in flight
  sendingCallbacks: u32;
  doneCallbacks: u32; //  of the writes done at once, those with a callback: due at AFTER_WRITE
  readBuf: usize; //      block of bytes read but not yet delivered
  readLen: u32;
  timeout: u32; //        idle timeout in ms, 0 = none
  lastActive: f64;
  armedUntil: f64; //     when the host's timer fires, while TIMER_ARMED
  // (f64 counts bytes exactly up to 2^53, and adds in one operator where a host without 64-bit
  // integers, the core's wasm2js form on Duktape, would carry between two halves)
  bytesRead: f64;
  bytesSent: f64; //      bytes handed to the transport
}

@inline function has(s: Socket, flag: u32): bool { return (s.flags & flag) != 0; }
@inline function set(s: Socket, flag: u32): void { s.flags |= flag; }
@inline function clear(s: Socket, flag: u32): void { s.flags &= ~flag; }

function find(id: u32): Socket | null {
  return changetype<Socket | null>(sockets.get(id));
}

/** The answer for a socket that has closed: id 0 (the host's name for it), or an id whose
 *  CLOSED the host has not consumed yet; any other id is E_BAD_HANDLE. */
function closedOr(id: u32, answer: i32): i32 {
  return id == 0 || sockets.peek(id) ? answer : -E_BAD_HANDLE;
}

/** For queries: also a socket whose CLOSED the host has not consumed yet (its last state). */
function findForQuery(id: u32): Socket | null {
  return changetype<Socket | null>(sockets.peek(id));
}

/** Creates a socket record; used by socket_open and by servers for accepted connections,
 *  which pass their marks and options (`options`: NO_DELAY | KEEP_ALIVE). */
export function createSocket(openFlags: u32, server: u32, readMark: u32, writeMark: u32, options: u32, keepAliveDelay: u32): u32 {
  const s = changetype<Socket>(alloc(offsetof<Socket>(), true));
  s.readMark = readMark;
  s.writeMark = writeMark;
  s.server = server;
  s.flags = options & (NO_DELAY | KEEP_ALIVE);
  s.keepAliveDelay = keepAliveDelay;
  if (openFlags & OPEN_ALLOW_HALF_OPEN) set(s, ALLOW_HALF_OPEN);
  if (openFlags & OPEN_ANSWER_AFTER_SEND) set(s, ANSWER_AFTER_SEND);
  if (openFlags & OPEN_PAUSE_ON_CONNECT) set(s, HELD);
  if (openFlags & OPEN_CONNECTED) s.phase = OPEN;
  if (server != 0) set(s, ACCEPTED);
  // a side the user ruled out is over from the start: nothing is read, no END; nothing may be
  // written, no FIN; the half-open rule, which follows an END, never runs
  if (openFlags & OPEN_NOT_READABLE) s.reader = AFTER_END;
  if (openFlags & OPEN_NOT_WRITABLE) s.writer = FINISHED;
  const id = sockets.add(changetype<usize>(s));
  settle(s, id);
  return id;
}

/** The option flags createSocket takes, for servers. */
export function optionFlags(noDelay: bool, keepAlive: bool): u32 {
  return (noDelay ? NO_DELAY : 0) | (keepAlive ? KEEP_ALIVE : 0);
}

// ---- inputs: the user's calls ---------------------------------------------------------

/** new Socket(): returns its id. `flags`: OPEN_ALLOW_HALF_OPEN, OPEN_CONNECTED (an adopted fd),
 *  OPEN_NOT_READABLE, OPEN_NOT_WRITABLE (a socket born with both sides over closes at once),
 *  OPEN_ANSWER_AFTER_SEND. */
export function socket_open(flags: u32): u32 {
  beginInput();
  const allowed = OPEN_ALLOW_HALF_OPEN | OPEN_CONNECTED | OPEN_NOT_READABLE | OPEN_NOT_WRITABLE | OPEN_ANSWER_AFTER_SEND;
  return createSocket(flags & allowed, 0, DEFAULT_MARK, DEFAULT_MARK, 0, 0);
}

/** socket.connect(): the host starts connecting its transport and reports the outcome with
 *  socket_handle_connected or socket_handle_error. While connecting or open, as node:net, which
 *  connects whatever handle it has: the host connects the transport it has again, and the
 *  platform answers (while connecting it refuses: EALREADY; a descriptor the user gave, bound
 *  but not connected, connects; a connected socket connects again); reading waits for the
 *  connection. Refused (ERR_SOCKET_CONNECTING) on a server's connection, whose transport the
 *  host cannot connect. A connect refused for its arguments (socket_handle_error with 0) leaves
 *  the socket as it was before it. */
export function socket_connect(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return closedOr(id, -ERR_SOCKET_CLOSED);
  if (has(s, ACCEPTED)) return -ERR_SOCKET_CONNECTING;
  s.connectFrom = s.phase;
  s.phase = CONNECTING;
  activity(s, id, now);
  settle(s, id);
  return E_OK;
}

/** socket.write(): `len` bytes from the user; `callback` 1 if the user passed a callback
 *  (only those are counted by WRITE_DONE, and a write done at once without one, with no
 *  'drain' due, needs no AFTER_WRITE: Node's afterWrite tick is skipped then too). Returns a negated error code (the write is
 *  refused and, as in Node, the socket is destroyed with that error; a socket that has closed,
 *  or id 0: ERR_STREAM_DESTROYED, nothing else happens), or flags: WRITE_BELOW_MARK is what
 *  write() returns; WRITE_COPY means the host must copy the bytes to the reply address (queue
 *  header) before its next call; without it, the host hands its own bytes to the transport now
 *  and calls socket_handle_write_done when they are written. */
export function socket_write(id: u32, len: u32, now: f64, callback: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return closedOr(id, -ERR_STREAM_DESTROYED);
  if (s.writer != WRITABLE || s.phase == NEW) {
    // Node destroys the socket with the write's error: after end() (EPIPE once the peer's
    // end was seen without allowHalfOpen), or before connect() was ever called (no handle).
    const code = s.writer == WRITABLE ? ERR_SOCKET_CLOSED : has(s, PEER_ENDED) ? EPIPE : ERR_STREAM_WRITE_AFTER_END;
    destroy(s, id, code);
    return -code;
  }
  const direct = s.phase == OPEN && s.corked == 0 && s.sendingWrites == 0 && s.queuedWrites == 0;
  if (!direct && <u64>s.queuedLen + len > MAX_QUEUED_BYTES) return -ENOBUFS;
  const length = s.queuedLen + s.sendingLen + len;
  const belowMark = length < s.writeMark;
  if (!belowMark) {
    if (direct && !has(s, NEED_DRAIN) && has(s, ANSWER_AFTER_SEND)) set(s, DRAIN_BY_DIRECT);
    set(s, NEED_DRAIN);
  }
  activity(s, id, now);
  const flags = belowMark ? WRITE_BELOW_MARK : 0;
  if (direct) {
    s.sendingWrites = 1;
    s.sendingCallbacks = callback ? 1 : 0;
    s.sendingLen = len;
    s.bytesSent += <f64>len;
    return flags;
  }
  s.queued = ensureRoom(s.queued, s.queuedLen, len);
  reply(s.queued + s.queuedLen);
  s.queuedLen += len;
  s.queuedWrites++;
  if (callback) s.queuedCallbacks++;
  return flags | WRITE_COPY;
}

/** socket.end(): our FIN goes out after every queued byte (end() also undoes every cork(), as
 *  Node's does). END_DONE reports the outcome, for end()'s callback. A second call before FIN
 *  is sent changes nothing; once it was sent: ERR_STREAM_ALREADY_FINISHED; after close (or id
 *  0): ERR_STREAM_DESTROYED. */
export function socket_end(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return closedOr(id, -ERR_STREAM_DESTROYED);
  if (s.writer == FINISHED) return -ERR_STREAM_ALREADY_FINISHED;
  if (s.writer == WRITABLE) s.writer = ENDING;
  s.corked = 0;
  settle(s, id);
  return E_OK;
}

/** socket.cork(): writes are queued, not sent, until as many socket_uncork calls (or end()). */
export function socket_cork(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return id == 0 ? E_OK : -E_BAD_HANDLE;
  s.corked++;
  return E_OK;
}

/** socket.uncork(): undoes one cork(); at the last, the queued writes go out as one SEND. */
export function socket_uncork(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return id == 0 ? E_OK : -E_BAD_HANDLE;
  if (s.corked) s.corked--;
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

/** socket.resetAndDestroy(): closed with a reset (RST), not a FIN: at once when open, once
 *  connected when connecting, and with ERR_SOCKET_CLOSED when never connected. */
export function socket_reset(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.phase == CONNECTING) set(s, RESET);
  else if (s.phase == OPEN) destroy(s, id, E_OK, true);
  else destroy(s, id, ERR_SOCKET_CLOSED);
  return E_OK;
}

/** socket.pause(): 'data' stops; reading goes on until the buffer reaches the mark. */
export function socket_pause(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if ((s.flags & (FLOWING | PAUSED)) == PAUSED) return E_OK; // paused already: nothing changes
  clear(s, FLOWING);
  set(s, PAUSED);
  settle(s, id);
  return E_OK;
}

/** socket.resume() (and a first 'data' listener): delivers buffered bytes as one DATA. */
export function socket_resume(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  // flowing already (Node's http server resumes its socket for every request): every input
  // leaves the socket settled, so with these flags unchanged settle() would find nothing to do
  if ((s.flags & (FLOWING | HELD | PAUSED)) == FLOWING) return E_OK;
  set(s, FLOWING);
  clear(s, HELD | PAUSED);
  settle(s, id);
  return E_OK;
}

/** socket.setTimeout(ms): 0 disarms; otherwise the idle period restarts from `now`. */
export function socket_set_timeout(id: u32, ms: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  s.timeout = ms;
  if (ms == 0) return E_OK; // an armed timer fires and finds nothing to do
  s.lastActive = now;
  if (!has(s, TIMER_ARMED) || s.armedUntil > now + <f64>ms) arm(s, id, ms, now);
  return E_OK;
}

/** Sets the read and write high-water marks in bytes (0 is a mark too: write() then always
 *  answers false); a negative value leaves that mark unchanged. */
export function socket_set_marks(id: u32, readMark: i32, writeMark: i32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (readMark >= 0) s.readMark = readMark;
  if (writeMark >= 0) s.writeMark = writeMark;
  settle(s, id);
  return E_OK;
}

/** socket.setNoDelay(on): TCP_NODELAY, applied (NO_DELAY) once the transport is open and
 *  whenever it changes after that. */
export function socket_set_no_delay(id: u32, on: bool): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (on == has(s, NO_DELAY)) return E_OK;
  s.flags ^= NO_DELAY;
  if (has(s, OPTIONS_SENT)) push(OP_NO_DELAY, id, on ? 1 : 0); // (the transport has them: a change goes now)
  return E_OK;
}

/** socket.setKeepAlive(on, delay): SO_KEEPALIVE with the first probe after `delay` seconds,
 *  applied (KEEP_ALIVE) once the transport is open and whenever it changes after that. */
export function socket_set_keep_alive(id: u32, on: bool, delay: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (on == has(s, KEEP_ALIVE) && (!on || delay == s.keepAliveDelay)) return E_OK;
  if (on) set(s, KEEP_ALIVE);
  else clear(s, KEEP_ALIVE);
  s.keepAliveDelay = delay;
  if (has(s, OPTIONS_SENT)) push(OP_KEEP_ALIVE, id, on ? 1 : 0, delay);
  return E_OK;
}

// ---- inputs: the transport's results ---------------------------------------------------

/** The user has consumed every byte and 'end' is being emitted (after END; a host with no
 *  buffer of its own calls this right after END, before the user's own listeners run). The
 *  host calls socket_after_end on its next tick (AFTER_END). */
export function socket_end_seen(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.reader != END_EMITTED) return -ERR_INVALID_ARG_VALUE;
  s.reader = END_SEEN;
  if (!has(s, ALLOW_HALF_OPEN)) set(s, PEER_ENDED);
  push(OP_AFTER_END, id);
  return E_OK;
}

/** The 'end' listeners have run: without allowHalfOpen our side ends now; a socket whose side
 *  is finished closes. */
export function socket_after_end(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.reader != END_SEEN) return -ERR_INVALID_ARG_VALUE;
  s.reader = AFTER_END;
  if (!has(s, ALLOW_HALF_OPEN) && s.writer == WRITABLE) {
    s.writer = ENDING;
    s.corked = 0;
  }
  settle(s, id);
  return E_OK;
}

/** The transport connected: CONNECT, then queued writes go out and reading starts. */
export function socket_handle_connected(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.phase != CONNECTING) return -ERR_INVALID_ARG_VALUE;
  s.phase = OPEN;
  if (has(s, PAUSED)) set(s, HELD); // Node reads at connect only if the socket is not paused
  push(OP_CONNECT, id);
  activity(s, id, now);
  if (has(s, RESET)) destroy(s, id, E_OK, true);
  else settle(s, id);
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
  if (s.phase != OPEN || s.reader != LIVE) return -ERR_SOCKET_CLOSED;
  s.bytesRead += <f64>len;
  activity(s, id, now);
  if (has(s, FLOWING) && s.readLen == 0) {
    // straight to the user: nothing settle() looks at has changed (the reader still flows,
    // holds nothing and reads on), so it would find nothing to do
    push(OP_DATA, id, 0, len);
    return READ_DIRECT;
  }
  s.readBuf = ensureRoom(s.readBuf, s.readLen, len);
  reply(s.readBuf + s.readLen);
  s.readLen += len;
  settle(s, id);
  return READ_COPY;
}

/** The peer's FIN. The transport has stopped reading by itself. */
export function socket_handle_eof(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.phase != OPEN || s.reader != LIVE) return -ERR_SOCKET_CLOSED; // a FIN needs an open transport
  s.reader = PEER_FIN;
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
  if (s.phase == CLOSED) return -ERR_SOCKET_CLOSED;
  if (s.sendingWrites == 0) return -ERR_INVALID_ARG_VALUE;
  clear(s, DRAIN_BY_DIRECT); // it was not written at once: its 'drain' stands
  const callbacks = finishSend(s);
  // 3. drain, as Node decides it when a write completes: nothing left, not ending; before
  // the completed writes' callbacks
  drainIfDue(s, id);
  if (callbacks) push(OP_WRITE_DONE, id, callbacks, E_OK);
  activity(s, id, now);
  settleAfterSend(s, id);
  return E_OK;
}

/** The transport wrote the send in flight at once, inside the call that started it (a host
 *  calls this after socket_write has returned, or while handling SEND). The bytes no longer
 *  count as waiting, so the writes after it answer as Node's do when the kernel takes bytes at
 *  once; 'drain' and the callbacks wait for AFTER_WRITE, on the host's next tick, where Node
 *  runs them for a burst of such writes at once.
 *  On an OPEN_ANSWER_AFTER_SEND socket, write() answers once its write was tried, as Node's
 *  streams since 20.x's later releases: this answers WRITE_BELOW_MARK when what still waits
 *  is below the mark (or nothing), which the host adds to socket_write's answer; and a 'drain'
 *  that write alone made due is not due. Otherwise it answers E_OK. */
export function socket_handle_written_at_once(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.sendingWrites == 0) return -ERR_INVALID_ARG_VALUE;
  s.doneCallbacks += finishSend(s);
  let answer = E_OK;
  if (has(s, ANSWER_AFTER_SEND)) {
    if (has(s, DRAIN_BY_DIRECT)) s.flags &= ~(DRAIN_BY_DIRECT | NEED_DRAIN);
    const waiting = s.queuedLen + s.sendingLen;
    if (waiting < s.writeMark || waiting == 0) answer = WRITE_BELOW_MARK;
  }
  if (!has(s, AFTER_WRITE_DUE) && (s.doneCallbacks || drainDue(s))) {
    set(s, AFTER_WRITE_DUE);
    push(OP_AFTER_WRITE, id);
  }
  activity(s, id, now);
  settleAfterSend(s, id);
  return answer;
}

/** The host's next tick after writes done at once: 'drain' if nothing waits (nothing queued
 *  or in flight) and end() was not called, then their callbacks (WRITE_DONE). */
export function socket_after_write(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (!has(s, AFTER_WRITE_DUE)) return -ERR_INVALID_ARG_VALUE;
  clear(s, AFTER_WRITE_DUE);
  drainIfDue(s, id);
  if (s.doneCallbacks) push(OP_WRITE_DONE, id, s.doneCallbacks, E_OK);
  s.doneCallbacks = 0;
  return E_OK;
}

/** The transport sent our FIN. */
export function socket_handle_shutdown_done(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.phase == CLOSED) return -ERR_SOCKET_CLOSED;
  if (s.writer != FIN_SENT) return -ERR_INVALID_ARG_VALUE;
  s.writer = FINISHED;
  push(OP_END_DONE, id, E_OK);
  push(OP_FINISH, id);
  settle(s, id);
  return E_OK;
}

/** The transport failed (connect refused, reset, broken pipe…): ERROR, then CLOSED(1).
 *  `error` 0 while connecting: the platform refused connect()'s arguments; the socket is as it
 *  was before that connect() (new, still connecting, or open) and nothing is reported (the host
 *  throws to the caller). */
export function socket_handle_error(id: u32, error: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (error == 0 && s.phase == CONNECTING) {
    s.phase = s.connectFrom; // (as before that connect(): new, still connecting, or open and reading)
    settle(s, id);
    return E_OK;
  }
  destroy(s, id, error ? error : ERR_SOCKET_CLOSED);
  return E_OK;
}

/** The timer armed by TIMER_START fired. */
export function socket_handle_timer(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (!has(s, TIMER_ARMED)) return E_OK;
  clear(s, TIMER_ARMED);
  if (s.timeout == 0) return E_OK; // setTimeout(0) since it was armed
  const idle = now - s.lastActive;
  if (idle >= <f64>s.timeout) push(OP_TIMEOUT, id);
  else arm(s, id, <u32>Math.ceil(<f64>s.timeout - idle), now);
  return E_OK;
}

// ---- queries ----------------------------------------------------------------------------

export function socket_ready_state(id: u32): i32 {
  const s = findForQuery(id);
  if (!s || s.phase == CLOSED) return READY_CLOSED;
  if (s.phase == CONNECTING) return READY_OPENING;
  const readable = s.reader < END_SEEN;
  const writable = s.writer == WRITABLE;
  if (readable && writable) return READY_OPEN;
  if (readable) return READY_READ_ONLY;
  if (writable) return READY_WRITE_ONLY;
  return READY_CLOSED;
}

export function socket_bytes_read(id: u32): f64 {
  const s = findForQuery(id);
  return s ? s.bytesRead : 0;
}

/** Bytes handed to the transport plus bytes still queued (Node's bytesWritten). */
export function socket_bytes_written(id: u32): f64 {
  const s = findForQuery(id);
  return s ? s.bytesSent + <f64>s.queuedLen : 0;
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

/** The writable side's state for Node's Writable fields: bit 0 ending (end() was called),
 *  bit 1 finished (our FIN was sent), bit 2 needDrain (write() answered false, no 'drain'
 *  yet, not ending: Node's writableNeedDrain); bits 8 and up: the cork count
 *  (writableCorked). 0 for an id the core does not know. */
export function socket_write_state(id: u32): u32 {
  const s = findForQuery(id);
  if (!s) return 0;
  const needDrain = has(s, NEED_DRAIN) && s.writer == WRITABLE && s.phase != CLOSED;
  return (s.writer != WRITABLE ? 1 : 0) | (s.writer == FINISHED ? 2 : 0) | (needDrain ? 4 : 0) | (s.corked << 8);
}

/** How many sockets are open (not yet CLOSED). */
export function socket_count(): u32 {
  return sockets.live;
}

// ---- the rules ---------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function activity(s: Socket, id: u32, now: f64): void {
  if (s.timeout != 0) idleActivity(s, id, now); // time is read only for an idle timeout: a host may pass 0 then (ABI.md)
}

function idleActivity(s: Socket, id: u32, now: f64): void {
  s.lastActive = now;
  if (!has(s, TIMER_ARMED) && s.phase != CLOSED) arm(s, id, s.timeout, now);
}

/** (Re-)arms the host's timer to fire `ms` from `now` (TIMER_START replaces an armed one). */
function arm(s: Socket, id: u32, ms: u32, now: f64): void {
  push(OP_TIMER_START, id, ms);
  set(s, TIMER_ARMED);
  s.armedUntil = now + <f64>ms;
}

/** 'drain' is due (Node's rule where a write completes): write() answered false, nothing is
 *  waiting any more, and end() was not called. */
function drainDue(s: Socket): bool {
  return has(s, NEED_DRAIN) && s.queuedLen + s.sendingLen == 0 && s.writer == WRITABLE;
}

function drainIfDue(s: Socket, id: u32): void {
  if (!drainDue(s)) return;
  clear(s, NEED_DRAIN);
  push(OP_DRAIN, id);
}

/** The send in flight is written: nothing is in flight any more. Returns how many of its
 *  writes have a callback. */
function finishSend(s: Socket): u32 {
  const callbacks = s.sendingCallbacks;
  defer(s.sending);
  s.sending = 0;
  s.sendingLen = 0;
  s.sendingWrites = 0;
  s.sendingCallbacks = 0;
  return callbacks;
}

/** After the send in flight finished: with nothing queued and no end() called, it changes nothing
 *  settle() decides (it would neither send nor shut down), so settle() is skipped. */
// @ts-ignore: decorator
@inline function settleAfterSend(s: Socket, id: u32): void {
  if (s.queuedWrites != 0 || s.writer != WRITABLE) settle(s, id);
}

function settle(s: Socket, id: u32): void {
  if (s.phase == CLOSED) return;
  if (s.phase == OPEN && !has(s, OPTIONS_SENT)) {
    set(s, OPTIONS_SENT);
    if (has(s, NO_DELAY)) push(OP_NO_DELAY, id, 1);
    if (has(s, KEEP_ALIVE)) push(OP_KEEP_ALIVE, id, 1, s.keepAliveDelay);
  }
  // 1. end
  if (s.reader == PEER_FIN && s.readLen == 0) {
    s.reader = END_EMITTED;
    push(OP_END, id);
  }
  // 2. flush: everything queued as one SEND (a cork holds the bytes back), else our FIN
  if (s.phase == OPEN && s.sendingWrites == 0) {
    if (s.queuedWrites == 0) {
      if (s.writer == ENDING) {
        s.writer = FIN_SENT;
        push(OP_SHUTDOWN, id);
      }
    } else if (s.corked == 0) {
      s.sending = s.queued;
      s.sendingLen = s.queuedLen;
      s.sendingWrites = s.queuedWrites;
      s.sendingCallbacks = s.queuedCallbacks;
      s.bytesSent += <f64>s.queuedLen;
      s.queued = 0;
      s.queuedLen = 0;
      s.queuedWrites = 0;
      s.queuedCallbacks = 0;
      push(OP_SEND, id, <u32>s.sending, s.sendingLen);
    }
  }
  // 3. drain: decided where a write completes (socket_handle_write_done), as Node does
  // 4. reading
  if (has(s, FLOWING) && s.readLen) {
    push(OP_DATA, id, <u32>s.readBuf, s.readLen);
    defer(s.readBuf);
    s.readBuf = 0;
    s.readLen = 0;
    settle(s, id); // the delivered bytes may have been the last before the peer's FIN
    return;
  }
  // (as Node's Readable: an empty buffer is always read into, whatever the mark)
  const read = s.phase == OPEN && s.reader == LIVE && !has(s, HELD) && (has(s, FLOWING) || s.readLen == 0 || s.readLen < s.readMark);
  if (read != has(s, READING)) {
    push(read ? OP_READ_START : OP_READ_STOP, id);
    s.flags ^= READING;
  }
  // 5. close
  if (s.reader == AFTER_END && s.writer == FINISHED) destroy(s, id, E_OK);
}

function destroy(s: Socket, id: u32, error: u32, reset: bool = false): void {
  if (s.phase == CLOSED) return;
  const pending = s.queuedCallbacks + s.sendingCallbacks;
  const failure = error ? error : s.phase == CONNECTING ? ERR_SOCKET_CLOSED_BEFORE_CONNECTION : ERR_STREAM_DESTROYED;
  if (s.doneCallbacks) push(OP_WRITE_DONE, id, s.doneCallbacks, E_OK); // written: their callbacks succeed
  if (pending) push(OP_WRITE_DONE, id, pending, failure);
  if (s.writer == ENDING || s.writer == FIN_SENT) push(OP_END_DONE, id, failure);
  if (has(s, TIMER_ARMED)) push(OP_TIMER_STOP, id);
  if (s.phase != NEW) push(OP_CLOSE, id, reset ? 1 : 0);
  if (error) push(OP_ERROR, id, error);
  push(OP_CLOSED, id, error ? 1 : 0);
  s.phase = CLOSED;
  s.flags = 0;
  s.corked = 0;
  defer(s.sending);
  release(s.queued); // never named by a record
  defer(s.readBuf);
  s.sending = s.queued = s.readBuf = 0;
  s.sendingLen = s.queuedLen = s.readLen = 0; // bytesWritten keeps only what was sent
  s.sendingWrites = s.queuedWrites = 0;
  s.sendingCallbacks = s.queuedCallbacks = s.doneCallbacks = 0;
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
