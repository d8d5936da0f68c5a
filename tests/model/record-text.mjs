// One text form for the records of the core and of the model, so the two lists compare as
// strings: "s1 send 12 #9c0e1f3a", "s1 data kept 5 #…", "v1 connection s2", "s1 closed 1".
// Byte payloads are shown as length and an FNV-1a digest of their content.

import * as E from "../../build/out/abi.js";

const OP_NAMES = {
  [E.OP_READ_START]: "read_start", [E.OP_READ_STOP]: "read_stop", [E.OP_SEND]: "send",
  [E.OP_SHUTDOWN]: "shutdown", [E.OP_CLOSE]: "close", [E.OP_TIMER_START]: "timer_start",
  [E.OP_TIMER_STOP]: "timer_stop", [E.OP_AFTER_END]: "after_end", [E.OP_NO_DELAY]: "no_delay",
  [E.OP_KEEP_ALIVE]: "keep_alive", [E.OP_CONNECT]: "connect", [E.OP_DATA]: "data", [E.OP_END]: "end",
  [E.OP_FINISH]: "finish", [E.OP_DRAIN]: "drain", [E.OP_TIMEOUT]: "timeout", [E.OP_WRITE_DONE]: "write_done",
  [E.OP_ERROR]: "error", [E.OP_CLOSED]: "closed", [E.OP_END_DONE]: "end_done", [E.OP_UNLISTEN]: "unlisten", [E.OP_LISTENING]: "listening",
  [E.OP_CONNECTION]: "connection", [E.OP_DROP]: "drop", [E.OP_SERVER_ERROR]: "server_error",
  [E.OP_SERVER_CLOSED]: "server_closed",
};

export const errorName = (code) => E.ERROR_NAMES[code] || `#${code}`;

/** What an input returned: "ok", or the name of the refusal. */
export const resultText = (r) => (r === 0 ? "ok" : r < 0 ? errorName(-r) : `#${r}`);

export function digest(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return `${bytes.length} #${(h >>> 0).toString(16).padStart(8, "0")}`;
}

/** `args` are already text (names, numbers, "direct"/"kept", digests). */
export function recordText(who, op, args) {
  return [who, OP_NAMES[op] ?? `op${op}`, ...args].join(" ");
}

/** The arguments of a record whose numbers are error codes or flags, as text. */
export function numberArgs(op, a, b) {
  switch (op) {
    case E.OP_TIMER_START: case E.OP_NO_DELAY: case E.OP_CLOSE: return [String(a)];
    case E.OP_KEEP_ALIVE: return [String(a), String(b)];
    case E.OP_WRITE_DONE: return [String(a), errorName(b)];
    case E.OP_ERROR: case E.OP_SERVER_ERROR: case E.OP_END_DONE: return [errorName(a)];
    case E.OP_CLOSED: case E.OP_SERVER_CLOSED: return [String(a)];
    default: return [];
  }
}

/** A socket's writable-side state (Node's writableEnded, writableFinished, writableNeedDrain,
 *  writableCorked) as text. */
export function writeStateText({ ended, finished, needDrain, corked }) {
  return `ended ${ended} finished ${finished} needDrain ${needDrain} corked ${corked}`;
}
