// The numbers shared by the core and every host: record ops, error codes, ready states.
// This file is valid AssemblyScript and valid TypeScript; hosts import it as it is, so the two
// sides cannot disagree. The meaning of each number is in ABI.md beside this file.

/** Bumped on any change a host could notice; hosts compare it with `abi_version()` at load. */
export const ABI_VERSION = 9;

// Output records: 4 × u32 = op, id, a, b. Actions are for the host's transport,
// events for the user. Socket and server ids are separate spaces; the op says which.
export const RECORD_BYTES = 16;

// Actions (socket id).
export const OP_READ_START = 1; //     start reading from the transport
export const OP_READ_STOP = 2; //      stop reading from the transport
export const OP_SEND = 3; //           a = ptr, b = len: write these bytes, then call socket_handle_write_done
export const OP_SHUTDOWN = 4; //       half-close (FIN) once the sends before it are done, then socket_handle_shutdown_done
export const OP_CLOSE = 5; //          a = 1: with a reset (RST); close the transport; no more inputs but its id's in-flight results are ignored
export const OP_TIMER_START = 6; //    a = ms: call socket_handle_timer after ms (replaces any armed timer)
export const OP_TIMER_STOP = 7; //     cancel the socket's timer
export const OP_AFTER_END = 8; //      call socket_after_end on the host's next tick (once 'end' listeners have run)
export const OP_NO_DELAY = 9; //       a = 1/0: set TCP_NODELAY on the transport
export const OP_KEEP_ALIVE = 10; //    a = 1/0, b = seconds before the first probe: set SO_KEEPALIVE
export const OP_AFTER_WRITE = 11; //   call socket_after_write on the host's next tick (writes done at once)
// Events (socket id).
export const OP_CONNECT = 16; //       'connect' then 'ready'
export const OP_DATA = 17; //          a = ptr (0: the bytes the host passed to this socket_handle_read), b = len
export const OP_END = 18; //           'end': the peer's FIN, after every byte before it; the host answers socket_end_seen once its user has it
export const OP_FINISH = 19; //        'finish': our FIN was sent
export const OP_DRAIN = 20; //         'drain'
export const OP_TIMEOUT = 21; //       'timeout'
export const OP_WRITE_DONE = 22; //    a = count of write callbacks due (writes that have one, oldest first), b = error code (0: success)
export const OP_ERROR = 23; //         'error', a = error code
export const OP_CLOSED = 24; //        'close', a = had_error (0 or 1); the id is released after the queue drains
export const OP_END_DONE = 25; //      a = error code (0: our FIN was sent): call end()'s callbacks
// Server (server id).
export const OP_UNLISTEN = 32; //      action: close the listening transport
export const OP_LISTENING = 33; //     'listening'
export const OP_CONNECTION = 34; //    'connection', a = the new socket's id
export const OP_DROP = 35; //          'drop': an accepted connection over maxConnections was refused
export const OP_SERVER_ERROR = 36; //  'error', a = error code
export const OP_SERVER_CLOSED = 37; // 'close', a = 1 if server_close itself emitted it (no connection was left)

// Error codes: 0 is success; a function that refuses an input returns the code negated.
// Names are Node's; messages are the hosts' (they know the arguments).
export const E_OK = 0;
export const E_BAD_HANDLE = 1; // no socket or server with that id (a host bug, or a call after 'close')
export const ERR_STREAM_WRITE_AFTER_END = 2;
export const ERR_STREAM_DESTROYED = 3;
export const ERR_SOCKET_CLOSED = 4;
export const ERR_SERVER_NOT_RUNNING = 5;
export const ERR_SERVER_ALREADY_LISTEN = 6;
export const ERR_SOCKET_BAD_PORT = 7;
export const ERR_SOCKET_CONNECTING = 8;
export const ERR_INVALID_ARG_VALUE = 9;
export const ENOBUFS = 10; // a write the core would have to queue beyond MAX_QUEUED_BYTES: refused, nothing changes
export const ERR_STREAM_ALREADY_FINISHED = 11; // end() after our FIN was sent
export const ERR_SOCKET_CLOSED_BEFORE_CONNECTION = 12; // writes pending when a connecting socket was destroyed
export const ECONNREFUSED = 16;
export const ECONNRESET = 17;
export const EPIPE = 18;
export const EADDRINUSE = 19;
export const EADDRNOTAVAIL = 20;
export const ETIMEDOUT = 21;
export const ECONNABORTED = 22;
export const EMFILE = 23;
export const ENFILE = 24;
export const EHOSTUNREACH = 25;
export const ENETUNREACH = 26;
export const EACCES = 27;
export const EINVAL = 28;
export const ENOTFOUND = 29;
export const ENOENT = 30;
export const EUNKNOWN = 31; // any other transport error; the host keeps the original

/** Error names by code, for hosts (the core never reads strings). */
export const ERROR_NAMES: string[] = [
  "OK", "E_BAD_HANDLE", "ERR_STREAM_WRITE_AFTER_END", "ERR_STREAM_DESTROYED", "ERR_SOCKET_CLOSED",
  "ERR_SERVER_NOT_RUNNING", "ERR_SERVER_ALREADY_LISTEN", "ERR_SOCKET_BAD_PORT", "ERR_SOCKET_CONNECTING",
  "ERR_INVALID_ARG_VALUE", "ENOBUFS", "ERR_STREAM_ALREADY_FINISHED", "ERR_SOCKET_CLOSED_BEFORE_CONNECTION", "", "", "",
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "EADDRINUSE", "EADDRNOTAVAIL", "ETIMEDOUT", "ECONNABORTED",
  "EMFILE", "ENFILE", "EHOSTUNREACH", "ENETUNREACH", "EACCES", "EINVAL", "ENOTFOUND", "ENOENT", "EUNKNOWN",
];

// socket_open / server_open flags.
export const OPEN_ALLOW_HALF_OPEN = 1;
export const OPEN_PAUSE_ON_CONNECT = 2; // accepted sockets start held: no reading until resume
export const OPEN_CONNECTED = 4; //       the socket wraps a transport that is already open (an fd)
export const OPEN_NOT_READABLE = 8; //    new Socket({ readable: false }): born with its reader done
export const OPEN_NOT_WRITABLE = 16; //   new Socket({ writable: false }): born with its writer finished
export const OPEN_ANSWER_AFTER_SEND = 32; // write() answers once the transport tried it, as Node's streams
//                                          do since 20.x's later releases: see socket_handle_written_at_once

// socket_write answers (when not a negated error) WRITE_BELOW_MARK, what write() returns, and
// WRITE_COPY if the host must copy the bytes to the address in the queue header's reply word
// (otherwise it hands its own bytes to the transport now). socket_handle_read answers
// READ_DIRECT (a DATA record with address 0 delivers the host's own bytes) or READ_COPY.
export const WRITE_BELOW_MARK = 1;
export const WRITE_COPY = 2;
export const READ_DIRECT = 0;
export const READ_COPY = 1;

// socket_ready_state: Node's readyState strings in this order.
export const READY_OPENING = 0;
export const READY_OPEN = 1;
export const READY_READ_ONLY = 2;
export const READY_WRITE_ONLY = 3;
export const READY_CLOSED = 4;
export const READY_STATE_NAMES: string[] = ["opening", "open", "readOnly", "writeOnly", "closed"];

// address_* families.
export const FAMILY_NONE = 0;
export const FAMILY_IPV4 = 4;
export const FAMILY_IPV6 = 6;
