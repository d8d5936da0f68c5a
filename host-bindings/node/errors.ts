// Node-style errors: the same codes, classes and messages node:net gives for the same mistakes.
import { inspect } from "node:util";
import { ERROR_NAMES, EUNKNOWN } from "../../assembly/abi";

type Ctor = ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor;

function nodeError(Base: Ctor, code: string, message: string): Error & { code: string } {
  const error = new Base(message) as Error & { code: string };
  error.code = code;
  // Node prints these as "TypeError [ERR_X]: message"
  Object.defineProperty(error, "name", { value: `${Base.name} [${code}]`, configurable: true, writable: true });
  void error.stack;
  Object.defineProperty(error, "name", { value: Base.name, configurable: true, writable: true });
  return error;
}

/** How Node describes a received value in argument errors. */
function received(value: unknown): string {
  if (value == null) return ` Received ${value}`;
  if (typeof value === "function") return ` Received function ${value.name || "<anonymous>"}`;
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    return name ? ` Received an instance of ${name}` : ` Received ${inspect(value, { depth: -1 })}`;
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

export function invalidArgType(name: string, expected: string, value: unknown) {
  const what = name.includes(".") ? "property" : "argument";
  return nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" ${what} must be ${expected}.${received(value)}`);
}

export function badPort(port: unknown, name = "Port") {
  return nodeError(RangeError, "ERR_SOCKET_BAD_PORT", `${name} should be >= 0 and < 65536.${received(port)}.`);
}

const MESSAGES: Record<string, string> = {
  ERR_STREAM_WRITE_AFTER_END: "write after end",
  ERR_STREAM_DESTROYED: "Cannot call write after a stream was destroyed",
  ERR_SOCKET_CLOSED: "Socket is closed",
  ERR_SERVER_NOT_RUNNING: "Server is not running.",
  ERR_SERVER_ALREADY_LISTEN: "Listen method has been called more than once without closing.",
  ERR_SOCKET_CONNECTING: "Socket is already connecting",
};

/** The Error for a core code that the core itself decided (not a transport error). */
export function coreError(code: number): Error {
  const name = ERROR_NAMES[code] ?? "EUNKNOWN";
  if (name === "EPIPE") {
    // Node's writeAfterFIN: a write after the half-open rule ended the socket
    const error = new Error("This socket has been ended by the other party") as Error & { code: string };
    error.code = "EPIPE";
    return error;
  }
  return nodeError(Error, name, MESSAGES[name] ?? name);
}

/** The core's code for a platform error (by its `code` name). */
export function codeOf(error: unknown): number {
  const name = (error as { code?: unknown } | null)?.code;
  const code = typeof name === "string" ? ERROR_NAMES.indexOf(name) : -1;
  return code > 0 ? code : EUNKNOWN;
}
