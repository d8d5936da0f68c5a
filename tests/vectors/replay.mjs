// Replays the scenarios of tests/vectors/sockets.json against a core and reports the first
// difference. The step language is documented in tests/vectors/README.md.
//
// Bytes are checked, not just counted: the user's writes on a socket are consecutive bytes of
// a pattern, and every SEND (or direct send) must continue that pattern exactly; the same for
// the transport's reads and every DATA the user gets. So a lost, doubled or reordered byte fails.

import * as abi from "../../build/out/abi.js";

const OP_NAMES = {
  [abi.OP_READ_START]: "read_start", [abi.OP_READ_STOP]: "read_stop", [abi.OP_SEND]: "send",
  [abi.OP_SHUTDOWN]: "shutdown", [abi.OP_CLOSE]: "close", [abi.OP_TIMER_START]: "timer_start",
  [abi.OP_TIMER_STOP]: "timer_stop", [abi.OP_AFTER_END]: "after_end", [abi.OP_AFTER_WRITE]: "after_write", [abi.OP_NO_DELAY]: "no_delay",
  [abi.OP_KEEP_ALIVE]: "keep_alive", [abi.OP_END_DONE]: "end_done", [abi.OP_CONNECT]: "connect", [abi.OP_DATA]: "data",
  [abi.OP_END]: "end", [abi.OP_FINISH]: "finish", [abi.OP_DRAIN]: "drain", [abi.OP_TIMEOUT]: "timeout",
  [abi.OP_WRITE_DONE]: "write_done", [abi.OP_ERROR]: "error", [abi.OP_CLOSED]: "closed",
  [abi.OP_UNLISTEN]: "unlisten", [abi.OP_LISTENING]: "listening", [abi.OP_CONNECTION]: "connection",
  [abi.OP_DROP]: "drop", [abi.OP_SERVER_ERROR]: "server_error", [abi.OP_SERVER_CLOSED]: "server_closed",
};
const SERVER_OPS = new Set([abi.OP_UNLISTEN, abi.OP_LISTENING, abi.OP_CONNECTION, abi.OP_DROP, abi.OP_SERVER_ERROR, abi.OP_SERVER_CLOSED]);
const READY = abi.READY_STATE_NAMES;

const errorCode = (name) => {
  const code = abi.ERROR_NAMES.indexOf(name);
  if (code < 0) throw new Error(`unknown error name ${name}`);
  return code;
};
const errorName = (code) => abi.ERROR_NAMES[code] ?? `#${code}`;
/** The `highWaterMark=N` word of an open or server step, as a number. */
export const markOption = (words) => {
  const word = words.find((w) => w.startsWith("highWaterMark="));
  return word === undefined ? undefined : Number(word.slice("highWaterMark=".length));
};
/** Byte k of a socket's stream in one direction; `salt` tells sockets and directions apart. */
export const pattern = (k, salt) => (k * 31 + salt * 7 + (k >>> 8)) & 255;

/** Replays one scenario; returns null if it matched, else a description of the difference. */
export function replay(core, scenario) {
  const e = core.exports;
  const sockets = new Map(); // name -> { id, written, sent, read, delivered, hostBytes }
  const servers = new Map(); // name -> id
  let now = 0;
  let salt = 1;

  const socketNamed = (name) => {
    const s = sockets.get(name);
    if (!s) throw new Error(`no socket named ${name}`);
    return s;
  };
  const addSocket = (name, id) => {
    for (const [other, s] of sockets) if (s.id === id) sockets.delete(other); // a closed socket's id, reused
    sockets.set(name, { id, written: 0, sent: 0, read: 0, delivered: 0, hostBytes: null, salt: salt++ });
  };
  const nameOf = (op, id) => {
    const table = SERVER_OPS.has(op) ? servers : sockets;
    for (const [name, v] of table) if ((v.id ?? v) === id) return name;
    return `#${id}`;
  };
  const fill = (s, at, len) => {
    const bytes = core.bytes();
    for (let i = 0; i < len; i++) bytes[at + i] = pattern(s.written + i, s.salt);
  };
  const checkBytes = (what, view, start, salt) => {
    for (let i = 0; i < view.length; i++) {
      if (view[i] !== pattern(start + i, salt)) return `${what}: byte ${start + i} is wrong (lost or reordered)`;
    }
    return null;
  };

  const describe = (op, id, a, b, problems) => {
    const name = nameOf(op, id);
    const opName = OP_NAMES[op] ?? `op${op}`;
    const s = sockets.get(name);
    switch (op) {
      case abi.OP_SEND: {
        const p = checkBytes(`${name} send`, core.bytes().subarray(a, a + b), s.sent, s.salt);
        if (p) problems.push(p);
        s.sent += b;
        return `${name} send ${b}`;
      }
      case abi.OP_DATA: {
        const view = a === 0 ? s.hostBytes : core.bytes().subarray(a, a + b);
        if (a === 0 && (!view || view.length !== b)) problems.push(`${name} data 0 without host bytes`);
        else {
          const p = checkBytes(`${name} data`, view, s.delivered, s.salt + 100);
          if (p) problems.push(p);
        }
        s.delivered += b;
        return `${name} data ${b}`;
      }
      case abi.OP_TIMER_START: return `${name} timer_start ${a}`;
      case abi.OP_WRITE_DONE: return `${name} write_done ${a} ${errorName(b)}`;
      case abi.OP_ERROR: case abi.OP_SERVER_ERROR: return `${name} ${opName} ${errorName(a)}`;
      case abi.OP_CLOSED: return `${name} closed ${a}`;
      case abi.OP_CLOSE: return a ? `${name} reset` : `${name} close`;
      case abi.OP_END:
        // a host with no buffer of its own: the user has the end as soon as it is delivered
        if (!scenario.holdEnd) core.exports.socket_end_seen(id);
        return `${name} end`;
      case abi.OP_AFTER_END:
        s.stateAtEnd = READY[e.socket_ready_state(id)]; // what the user's 'end' listeners see
        if (!scenario.holdEnd) core.exports.socket_after_end(id); // ...and the next tick comes before any other input
        return `${name} after_end`;
      case abi.OP_AFTER_WRITE:
        if (!scenario.holdAfterWrite) core.exports.socket_after_write(id); // its next tick comes before any other input
        return `${name} after_write`;
      case abi.OP_END_DONE: return `${name} end_done ${errorName(a)}`;
      case abi.OP_NO_DELAY: return `${name} no_delay ${a}`;
      case abi.OP_KEEP_ALIVE: return `${name} keep_alive ${a} ${b}`;
      case abi.OP_CONNECTION: return `${name} connection ${nameOf(abi.OP_CONNECT, a)}`;
      default: return `${name} ${opName}`;
    }
  };

  const result = (r) => (r < 0 ? errorName(-r) : "ok");

  for (const [index, step] of scenario.steps.entries()) {
    const words = step.do.split(/\s+/);
    const [verb, name] = words;
    let returned;
    // Inputs. Names of accepted sockets are given by "accept SERVER as NAME".
    switch (verb) {
      case "time": now = Number(name); break;
      case "open": {
        const flags = (words.includes("allowHalfOpen") ? abi.OPEN_ALLOW_HALF_OPEN : 0) |
          (words.includes("connected") ? abi.OPEN_CONNECTED : 0);
        addSocket(name, e.socket_open(flags));
        const mark = markOption(words);
        if (mark !== undefined) e.socket_set_marks(socketNamed(name).id, mark, mark);
        break;
      }
      case "connect": returned = result(e.socket_connect(socketNamed(name).id, now)); break;
      case "write": {
        const s = socketNamed(name);
        const len = Number(words[2]);
        const r = e.socket_write(s.id, len, now, 1); // every scenario write has a callback
        if (r < 0) { returned = errorName(-r); break; }
        const at = r & abi.WRITE_COPY ? core.replyAddress() : 0;
        if (at) fill(s, at, len);
        else if (s.sent !== s.written) return `step ${index + 1} (${step.do}): direct send while ${s.written - s.sent} earlier bytes are unsent`;
        else s.sent += len;
        s.written += len;
        returned = `${at ? "copy" : "direct"} ${(r & abi.WRITE_BELOW_MARK) !== 0}`;
        break;
      }
      case "end": returned = result(e.socket_end(socketNamed(name).id)); break;
      case "destroy": returned = result(e.socket_destroy(socketNamed(name).id, words[2] ? errorCode(words[2]) : 0)); break;
      case "cork": returned = result(e.socket_cork(socketNamed(name).id)); break;
      case "uncork": returned = result(e.socket_uncork(socketNamed(name).id)); break;
      case "pause": returned = result(e.socket_pause(socketNamed(name).id)); break;
      case "resume": returned = result(e.socket_resume(socketNamed(name).id)); break;
      case "timeout": returned = result(e.socket_set_timeout(socketNamed(name).id, Number(words[2]), now)); break;
      case "marks": returned = result(e.socket_set_marks(socketNamed(name).id, Number(words[2]), Number(words[3]))); break;
      case "connected": returned = result(e.socket_handle_connected(socketNamed(name).id, now)); break;
      case "read": {
        const s = socketNamed(name);
        const len = Number(words[2]);
        const bytes = new Uint8Array(len);
        for (let i = 0; i < len; i++) bytes[i] = pattern(s.read + i, s.salt + 100);
        const r = e.socket_handle_read(s.id, len, now);
        if (r < 0) { returned = errorName(-r); break; }
        const copy = r === abi.READ_COPY;
        if (copy) core.bytes().set(bytes, core.replyAddress());
        s.hostBytes = copy ? null : bytes;
        s.read += len;
        returned = copy ? "copy" : "direct";
        break;
      }
      case "eof": returned = result(e.socket_handle_eof(socketNamed(name).id, now)); break;
      case "after_end": returned = result(e.socket_after_end(socketNamed(name).id)); break;
      case "reset": returned = result(e.socket_reset(socketNamed(name).id)); break;
      case "end_seen": returned = result(e.socket_end_seen(socketNamed(name).id)); break;
      case "after_write": returned = result(e.socket_after_write(socketNamed(name).id)); break;
      case "written_at_once": returned = result(e.socket_handle_written_at_once(socketNamed(name).id, now)); break;
      case "written": returned = result(e.socket_handle_write_done(socketNamed(name).id, now)); break;
      case "shutdown_done": returned = result(e.socket_handle_shutdown_done(socketNamed(name).id)); break;
      case "fail": returned = result(e.socket_handle_error(socketNamed(name).id, errorCode(words[2]))); break;
      case "timer": returned = result(e.socket_handle_timer(socketNamed(name).id, now)); break;
      case "server": {
        const flags = (words.includes("allowHalfOpen") ? abi.OPEN_ALLOW_HALF_OPEN : 0) |
          (words.includes("pauseOnConnect") ? abi.OPEN_PAUSE_ON_CONNECT : 0);
        servers.set(name, e.server_open(flags));
        const mark = markOption(words);
        if (mark !== undefined) e.server_set_marks(servers.get(name), mark, mark);
        break;
      }
      case "listen": returned = result(e.server_listen(servers.get(name))); break;
      case "listening": returned = result(e.server_handle_listening(servers.get(name))); break;
      case "server_fail": returned = result(e.server_handle_error(servers.get(name), errorCode(words[2]))); break;
      case "accept": {
        const r = e.server_handle_connection(servers.get(name), now);
        if (r > 0) addSocket(words[3], r);
        returned = r > 0 ? "ok" : r === 0 ? "refused" : errorName(-r);
        break;
      }
      case "close": returned = result(e.server_close(servers.get(name))); break;
      case "max": returned = result(e.server_set_max_connections(servers.get(name), Number(words[2]))); break;
      case "state": {
        // "state NAME FIELD VALUE": a query, no records
        const s = socketNamed(name);
        const field = words[2];
        const actual = {
          readyState: () => READY[e.socket_ready_state(s.id)],
          bytesRead: () => String(e.socket_bytes_read(s.id)),
          bytesWritten: () => String(e.socket_bytes_written(s.id)),
          writableLength: () => String(e.socket_writable_length(s.id)),
          readableLength: () => String(e.socket_readable_length(s.id)),
        }[field]?.();
        if (actual !== words[3]) return `step ${index + 1} (${step.do}): ${field} is ${actual}`;
        break;
      }
      case "state_at_end": {
        const actual = socketNamed(name).stateAtEnd;
        if (actual !== words[2]) return `step ${index + 1} (${step.do}): readyState in 'end' was ${actual}`;
        break;
      }
      case "connections": {
        const actual = String(e.server_connections(servers.get(name)));
        if (actual !== words[2]) return `step ${index + 1} (${step.do}): connections is ${actual}`;
        break;
      }
      default: throw new Error(`unknown step verb "${verb}" in ${scenario.name}`);
    }
    if (step.returns !== undefined && returned !== step.returns) {
      return `step ${index + 1} (${step.do}): returned "${returned}", expected "${step.returns}"`;
    }
    const got = [];
    const problems = [];
    core.drain((op, id, a, b) => got.push(describe(op, id, a, b, problems)));
    for (const s of sockets.values()) s.hostBytes = null;
    const want = step.expect ?? [];
    if (problems.length) return `step ${index + 1} (${step.do}): ${problems[0]}`;
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      return `step ${index + 1} (${step.do}):\n    got      ${JSON.stringify(got)}\n    expected ${JSON.stringify(want)}`;
    }
  }
  return null;
}
