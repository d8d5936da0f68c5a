// The server state machine. Every rule about a server's state lives in this file.
//
// Theory of operation
// -------------------
//   idle ──server_listen──▶ binding ──handle_listening──▶ listening ──server_close──▶ idle
//                              └──handle_error (EADDRINUSE…)──▶ idle
//
// A server counts the sockets it accepted until each one's CLOSED. Over `maxConnections`
// (when it is not 0, as in Node 20) an accepted transport is refused: the host closes it,
// the core reports DROP and counts it nowhere. A server that is not listening emits
// SERVER_CLOSED as soon as it has no connections: at once from server_close, or when its
// last connection closes. server_close on a server that was not listening still emits
// SERVER_CLOSED (Node does), and answers ERR_SERVER_NOT_RUNNING for the callback.
// A server can listen again after it stopped, as Node's EADDRINUSE retry pattern needs.

import {
  OP_UNLISTEN, OP_LISTENING, OP_CONNECTION, OP_DROP, OP_SERVER_ERROR, OP_SERVER_CLOSED,
  E_OK, E_BAD_HANDLE, ERR_SERVER_NOT_RUNNING, ERR_SERVER_ALREADY_LISTEN, ERR_INVALID_ARG_VALUE,
  OPEN_ALLOW_HALF_OPEN, OPEN_PAUSE_ON_CONNECT, OPEN_CONNECTED,
} from "./abi";
import { alloc, release } from "./memory";
import { beginInput, push } from "./queue";
import { servers } from "./slots";
import { createSocket, detachFromServer } from "./socket";

const BINDING: u32 = 1;
const LISTENING: u32 = 2;

@unmanaged class Server {
  state: u32;
  socketFlags: u32; // OPEN_* flags for accepted sockets
  connections: u32;
  maxConnections: i32;
}

function find(id: u32): Server | null {
  return changetype<Server | null>(servers.get(id));
}

/** net.createServer(): `flags` OPEN_ALLOW_HALF_OPEN and OPEN_PAUSE_ON_CONNECT apply to
 *  every accepted socket. Returns the server's id. */
export function server_open(flags: u32): u32 {
  beginInput();
  const s = changetype<Server>(alloc(offsetof<Server>(), true));
  s.socketFlags = (flags & (OPEN_ALLOW_HALF_OPEN | OPEN_PAUSE_ON_CONNECT)) | OPEN_CONNECTED;
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
  if (s.maxConnections != 0 && <i64>s.connections >= <i64>s.maxConnections) {
    push(OP_DROP, id);
    return 0;
  }
  s.connections++;
  const socket = createSocket(s.socketFlags, id);
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
  if (s.connections == 0) push(OP_SERVER_CLOSED, id);
  return running ? E_OK : -ERR_SERVER_NOT_RUNNING;
}

/** server.maxConnections = n (0: no limit; negative refuses every connection, as in Node 20). */
export function server_set_max_connections(id: u32, n: i32): i32 {
  const s = find(id);
  if (!s) return -E_BAD_HANDLE;
  s.maxConnections = n;
  return E_OK;
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
