// The server state machine. Every rule about a server's state lives in this file.
//
// Theory of operation
// -------------------
//   idle ──server_listen──▶ binding ──handle_listening──▶ listening ──server_close──▶ idle
//                              └──handle_error (EADDRINUSE…)──▶ idle
//
// A server counts the sockets it accepted until each one's CLOSED. Node 20's rule for
// `maxConnections`: when it is set (not 0, not NaN), an accepted transport is refused while
// the count is at or above it (so a negative value refuses all): the host closes it, the core
// reports DROP and counts it nowhere. A server that is not listening emits SERVER_CLOSED as
// soon as it has no connections: at once from server_close (a = 1: with the call's events),
// or when its last connection closes (a = 0: after that socket's 'close'). server_close on a
// server that was not listening still emits SERVER_CLOSED (Node does), and answers
// ERR_SERVER_NOT_RUNNING for the callback. A server can listen again after it stopped, as
// Node's EADDRINUSE retry pattern needs. Accepted sockets get the server's high-water marks
// and socket options (createServer's highWaterMark, noDelay, keepAlive).

import {
  OP_UNLISTEN, OP_LISTENING, OP_CONNECTION, OP_DROP, OP_SERVER_ERROR, OP_SERVER_CLOSED,
  E_OK, E_BAD_HANDLE, ERR_SERVER_NOT_RUNNING, ERR_SERVER_ALREADY_LISTEN, ERR_INVALID_ARG_VALUE,
  OPEN_ALLOW_HALF_OPEN, OPEN_PAUSE_ON_CONNECT, OPEN_CONNECTED, OPEN_ANSWER_AFTER_SEND,
} from "./abi";
import { alloc, release } from "./memory";
import { beginInput, push } from "./queue";
import { servers } from "./slots";
import { createSocket, detachFromServer, optionFlags, DEFAULT_MARK } from "./socket";

const BINDING: u32 = 1;
const LISTENING: u32 = 2;

@unmanaged class Server {
  state: u32;
  socketFlags: u32; // OPEN_* flags for accepted sockets
  connections: u32;
  maxConnections: f64; // 0 or NaN: no limit
  readMark: u32;
  writeMark: u32;
  socketOptions: u32;
  keepAliveDelay: u32;
}

function find(id: u32): Server | null {
  return changetype<Server | null>(servers.get(id));
}

/** net.createServer(): `flags` OPEN_ALLOW_HALF_OPEN, OPEN_PAUSE_ON_CONNECT and
 *  OPEN_ANSWER_AFTER_SEND apply to every accepted socket. Returns the server's id. */
export function server_open(flags: u32): u32 {
  beginInput();
  const s = changetype<Server>(alloc(offsetof<Server>(), true));
  s.socketFlags = (flags & (OPEN_ALLOW_HALF_OPEN | OPEN_PAUSE_ON_CONNECT | OPEN_ANSWER_AFTER_SEND)) | OPEN_CONNECTED;
  s.readMark = DEFAULT_MARK;
  s.writeMark = DEFAULT_MARK;
  return servers.add(changetype<usize>(s));
}

/** server.listen(): the host binds and listens, then reports server_handle_listening or
 *  server_handle_error. Refused if it is binding or listening already. */
export function server_listen(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.state != 0) return -ERR_SERVER_ALREADY_LISTEN;
  s.state = BINDING;
  return E_OK;
}

export function server_handle_listening(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.state != BINDING) return -ERR_INVALID_ARG_VALUE;
  s.state = LISTENING;
  push(OP_LISTENING, id);
  return E_OK;
}

/** A failed bind or listen (the server goes back to idle), or a failed accept (it keeps
 *  listening, as Node's does on EMFILE). `error` 0: the listen call itself was refused (bad
 *  arguments the host throws for): back to idle, nothing to report. */
export function server_handle_error(id: u32, error: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.state == BINDING) s.state = 0;
  if (error) push(OP_SERVER_ERROR, id, error);
  return E_OK;
}

/** The transport accepted a connection. Returns the new socket's id (CONNECTION follows in
 *  the queue), 0 if it was refused (the host closes it; DROP follows if over the limit), or
 *  a negated error code. */
export function server_handle_connection(id: u32, now: f64): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (s.state != LISTENING) return 0;
  const max = s.maxConnections;
  if (max != 0 && !isNaN(max) && <f64>s.connections >= max) {
    push(OP_DROP, id);
    return 0;
  }
  s.connections++;
  const socket = createSocket(s.socketFlags, id, s.readMark, s.writeMark, s.socketOptions, s.keepAliveDelay);
  push(OP_CONNECTION, id, socket);
  return socket;
}

/** server.close(): stops listening or binding (UNLISTEN; a later server_handle_listening is
 *  refused, so no LISTENING); SERVER_CLOSED once no connection is left. Answers
 *  ERR_SERVER_NOT_RUNNING (for the callback) if it was neither. */
export function server_close(id: u32): i32 {
  beginInput();
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  const running = s.state != 0; // binding counts: Node binds inside listen()
  if (running) push(OP_UNLISTEN, id);
  s.state = 0;
  if (s.connections == 0) push(OP_SERVER_CLOSED, id, 1);
  return running ? E_OK : -ERR_SERVER_NOT_RUNNING;
}

/** server.maxConnections = n, as the number the user set (see the theory above). */
export function server_set_max_connections(id: u32, n: f64): i32 {
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  s.maxConnections = n;
  return E_OK;
}

/** The high-water marks of the sockets this server accepts (a negative value keeps one). */
export function server_set_marks(id: u32, readMark: i32, writeMark: i32): i32 {
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  if (readMark >= 0) s.readMark = readMark;
  if (writeMark >= 0) s.writeMark = writeMark;
  return E_OK;
}

/** TCP_NODELAY and SO_KEEPALIVE (first probe after `delay` seconds) for accepted sockets. */
export function server_set_socket_options(id: u32, noDelay: bool, keepAlive: bool, delay: u32): i32 {
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  s.socketOptions = optionFlags(noDelay, keepAlive);
  s.keepAliveDelay = delay;
  return E_OK;
}

/** server.listening: 1 from LISTENING until close or a failed bind. */
export function server_listening(id: u32): i32 {
  const s = find(id);
  return s && s.state == LISTENING ? 1 : 0;
}

/** server.connections: how many accepted sockets are not closed yet. */
export function server_connections(id: u32): i32 {
  const s = find(id);
  return s ? <i32>s.connections : -E_BAD_HANDLE;
}

/** The host will not use this server again (after its 'close'): its id and memory are reused. */
export function server_free(id: u32): i32 {
  beginInput();
  const s = servers.retire(id);
  if (!s) return -E_BAD_HANDLE;
  if (changetype<Server>(s).connections) detachFromServer(id); // freed early: the id may go to a new server
  release(s);
  return E_OK;
}

/** Called by the socket machine when an accepted socket is destroyed. */
export function connectionClosed(id: u32): void {
  const s = find(id);
  if (!s) return;
  s.connections--;
  if (s.state == 0 && s.connections == 0) push(OP_SERVER_CLOSED, id);
}
