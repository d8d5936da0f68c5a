// Node-style errors every host shares: the same codes, classes and messages node:net gives.
// How a received value is shown differs per host (Node has util.inspect), so it is passed in.
import { ERROR_NAMES, EUNKNOWN } from "../../assembly/abi";

type Ctor = ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor;
export type NodeStyleError = Error & { code: string; errno?: number; syscall?: string; address?: string; port?: number };

/** Shows a value the way Node's argument errors do (" Received ..."). */
export type Describe = (value: unknown) => string;

export function nodeError(Base: Ctor, code: string, message: string): NodeStyleError {
  const error = new Base(message) as NodeStyleError;
  error.code = code;
  // Node prints these as "TypeError [ERR_X]: message"
  Object.defineProperty(error, "name", { value: Base.name + " [" + code + "]", configurable: true, writable: true });
  void error.stack;
  Object.defineProperty(error, "name", { value: Base.name, configurable: true, writable: true });
  return error;
}

export function invalidArgType(describe: Describe, name: string, expected: string, value: unknown): NodeStyleError {
  const what = name.indexOf(".") >= 0 ? "property" : "argument";
  return nodeError(TypeError, "ERR_INVALID_ARG_TYPE", 'The "' + name + '" ' + what + " must be " + expected + "." + describe(value));
}

export function badPort(describe: Describe, port: unknown, name = "Port"): NodeStyleError {
  return nodeError(RangeError, "ERR_SOCKET_BAD_PORT", name + " should be >= 0 and < 65536." + describe(port) + ".");
}

const MESSAGES: { [code: string]: string } = {
  ERR_STREAM_WRITE_AFTER_END: "write after end",
  ERR_SOCKET_CLOSED: "Socket is closed",
  ERR_SERVER_NOT_RUNNING: "Server is not running.",
  ERR_SERVER_ALREADY_LISTEN: "Listen method has been called more than once without closing.",
  ERR_SOCKET_CONNECTING: "Socket is already connecting",
  ENOBUFS: "write refused: the socket would queue more than 256 MiB (write less at a time, or wait for 'drain')",
};

/** The Error for a core code that the core itself decided (not a transport error); `method`
 *  names the call, for the messages that say it. */
export function coreError(code: number, method?: string): NodeStyleError {
  const name = ERROR_NAMES[code] || "EUNKNOWN";
  if (name === "EPIPE") {
    // Node's writeAfterFIN: a write after the half-open rule ended the socket
    const error = new Error("This socket has been ended by the other party") as NodeStyleError;
    error.code = "EPIPE";
    return error;
  }
  if (name === "ERR_STREAM_DESTROYED") return nodeError(Error, name, "Cannot call " + (method || "write") + " after a stream was destroyed");
  if (name === "ERR_STREAM_ALREADY_FINISHED") return nodeError(Error, name, "Cannot call " + (method || "end") + " after a stream was finished");
  return nodeError(Error, name, MESSAGES[name] || name);
}

export function invalidArgValue(name: string, value: unknown, reason: string): NodeStyleError {
  const what = name.indexOf(".") >= 0 ? "property" : "argument";
  return nodeError(TypeError, "ERR_INVALID_ARG_VALUE", "The " + what + " '" + name + "' " + reason + ". Received " + String(value));
}

export function outOfRange(name: string, range: string, value: unknown): NodeStyleError {
  return nodeError(RangeError, "ERR_OUT_OF_RANGE", 'The value of "' + name + '" is out of range. It must be ' + range + ". Received " + String(value));
}

/** The core's code for a platform error (by its `code` name). */
export function codeOf(error: unknown): number {
  const name = error !== null && typeof error === "object" ? (error as { code?: unknown }).code : undefined;
  const code = typeof name === "string" ? ERROR_NAMES.indexOf(name) : -1;
  return code > 0 ? code : EUNKNOWN;
}
