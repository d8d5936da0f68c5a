// Node-style errors for guest programs: the code names of assembly/abi.ts, Node's messages.
// Errors the core decides (write after end…) carry no syscall; transport errors carry the
// call that failed and, where Node shows them, the address and port.

import { ERROR_NAMES, EPIPE, EADDRINUSE, ECONNREFUSED } from "../../assembly/abi";

export class NetError {
  constructor(
    public code: string,
    public errno: i32, // the core's code (assembly/abi.ts), not the platform's errno
    public syscall: string, // "" for errors the core decided
    public address: string,
    public port: i32,
    public message: string,
  ) {}
}

function coreMessage(code: i32): string {
  const name = ERROR_NAMES[code];
  if (name == "ERR_STREAM_WRITE_AFTER_END") return "write after end";
  if (name == "ERR_STREAM_DESTROYED") return "Cannot call write after a stream was destroyed";
  if (name == "ERR_SOCKET_CLOSED") return "Socket is closed";
  if (name == "ERR_SERVER_NOT_RUNNING") return "Server is not running.";
  if (name == "ERR_SERVER_ALREADY_LISTEN") return "Listen method has been called more than once without closing.";
  if (name == "ERR_SOCKET_CONNECTING") return "Socket is already connecting";
  if (code == EPIPE) return "This socket has been ended by the other party";
  return name;
}

/** The error for core code `code`; `syscall` is "" when the core itself decided it. */
export function netError(code: i32, syscall: string, address: string, port: i32): NetError {
  const name = code > 0 && code < ERROR_NAMES.length && ERROR_NAMES[code].length ? ERROR_NAMES[code] : "EUNKNOWN";
  if (syscall.length == 0) return new NetError(name, code, "", "", 0, coreMessage(code));
  let message = syscall + " " + name;
  if (code == EADDRINUSE) message += ": address already in use";
  if ((code == EADDRINUSE || code == ECONNREFUSED || syscall == "connect" || syscall == "listen") && address.length) {
    message += " " + address + ":" + port.toString();
  }
  return new NetError(name, code, syscall, address, port, message);
}

/** Node's ERR_SOCKET_BAD_PORT text (thrown: AssemblyScript's throw aborts the program). */
export function badPortMessage(port: i32): string {
  return "ERR_SOCKET_BAD_PORT: Port should be >= 0 and < 65536. Received " + port.toString() + ".";
}
