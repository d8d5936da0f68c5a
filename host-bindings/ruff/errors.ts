// uv's errors made into Node's (code, errno, syscall, address, port, and Node's message),
// which Ruff's own net lacks.
import type { NodeStyleError } from "../shell/errors";

// Linux's numbers (libuv's UV_E* are the negated errno there), as Node reports them.
const ERRNO: { [code: string]: number } = {
  EACCES: -13, EADDRINUSE: -98, EADDRNOTAVAIL: -99, ECONNABORTED: -103, ECONNREFUSED: -111,
  ECONNRESET: -104, EHOSTUNREACH: -113, EINVAL: -22, EMFILE: -24, ENETUNREACH: -101,
  ENFILE: -23, ENOENT: -2, ENOTFOUND: -3008, EPIPE: -32, ETIMEDOUT: -110, EAFNOSUPPORT: -97,
};

/** The libuv error name of an Error from `uv`: its message starts with it ("EADDRINUSE: ..."). */
function uvCode(error: Error): { code: string; detail: string } {
  const message = String(error && error.message);
  const match = /^(E[A-Z0-9_]+)(?::\s*(.*))?/.exec(message);
  return match ? { code: match[1], detail: match[2] || "" } : { code: "EUNKNOWN", detail: message };
}

/** Node's error for a failed system call: "connect ECONNREFUSED 127.0.0.1:80",
 *  "listen EADDRINUSE: address already in use :::80", "read ECONNRESET". */
export function uvError(error: Error, syscall: string, address?: string, port?: number): NodeStyleError {
  const { code, detail } = uvCode(error);
  let message = syscall + " " + code;
  if (syscall === "listen" || syscall === "bind") message += detail ? ": " + detail : "";
  if (address !== undefined) message += " " + (port !== undefined && port >= 0 ? address + ":" + port : address);
  const result = new Error(message) as NodeStyleError;
  result.code = code;
  result.errno = ERRNO[code];
  result.syscall = syscall;
  if (address !== undefined) result.address = address;
  if (port !== undefined && port >= 0) result.port = port;
  return result;
}
