// The core's side of a sequence: the same steps as net-model.mjs, called on a core instance
// as a host would (copying bytes where the core asks, draining after every input), with its
// records and queries turned into the same text.

import * as E from "../../build/out/abi.js";
import { recordText, numberArgs, resultText, digest, writeStateText } from "./record-text.mjs";
import { UNKNOWN_ID } from "./net-model.mjs";

const OPEN_FLAGS = {
  allowHalfOpen: E.OPEN_ALLOW_HALF_OPEN, connected: E.OPEN_CONNECTED, pauseOnConnect: E.OPEN_PAUSE_ON_CONNECT,
  notReadable: E.OPEN_NOT_READABLE, notWritable: E.OPEN_NOT_WRITABLE,
};
const flagsOf = (args) => args.reduce((f, word) => f | (OPEN_FLAGS[word] ?? 0), 0);
// What this driver passes as `now` where a host may skip its clock (ABI.md: time is read only
// for a socket's idle timeout): far from the true time, so a core that read it would disagree
// with the model.
const NO_CLOCK = -1e9;
const SERVER_OPS = new Set([E.OP_UNLISTEN, E.OP_LISTENING, E.OP_CONNECTION, E.OP_DROP, E.OP_SERVER_ERROR, E.OP_SERVER_CLOSED]);

export class CoreDriver {
  constructor(core, { holdEnd }) {
    this.core = core;
    this.e = core.exports;
    this.holdEnd = holdEnd;
    this.socketIds = new Map(); // name -> id (the latest; a gone socket keeps its id here)
    this.serverIds = new Map();
    this.socketNames = new Map(); // id -> name of its current owner
    this.serverNames = new Map();
    this.now = 0;
    this.idleTimeouts = new Map(); // socket id -> its idle timeout as last set, as a host keeps it
  }

  /** `now` as a host passes it for an input on socket `id`: the time only while it has an idle timeout. */
  clockFor(id) {
    return this.idleTimeouts.get(id) ? this.now : NO_CLOCK;
  }

  /** The id a step names: a number as it is, a name through the tables. */
  idOf(who, server) {
    return typeof who === "number" ? who : (server ? this.serverIds : this.socketIds).get(who) ?? 0;
  }

  /** Is a gone socket's id still unused by a newer one? Then it is safe as a stale id. */
  staleIdFree(name) {
    return this.socketNames.get(this.socketIds.get(name)) === name;
  }

  /** Records the id the core gave `name`; an id must be new, or freed by a gone owner. */
  adopt(kind, name, id, problems) {
    const [ids, names] = kind === "socket" ? [this.socketIds, this.socketNames] : [this.serverIds, this.serverNames];
    if (!(id > 0)) { problems.push(`${kind} ${name} got id ${id}`); return; }
    const owner = names.get(id);
    if (owner !== undefined && this.isLive(kind, owner)) problems.push(`${kind} ${name} got id ${id}, still used by ${owner}`);
    ids.set(name, id);
    names.set(id, name);
    if (kind === "socket") this.idleTimeouts.set(id, 0);
  }

  /** Applies one step; returns { returned, records, problems }. */
  apply(step, isLive) {
    this.isLive = isLive; // (kind, name) => the model's view, before this step
    const problems = [];
    const hostBytes = { bytes: null };
    const returned = this.input(step, hostBytes, problems);
    const records = [];
    // A host with no buffer of its own answers END with end_seen at once, and AFTER_END with
    // socket_after_end on its next tick: after the input's records, in the order they came.
    const answers = [];
    // the step's late call, made on its socket's id while the records of its closing are
    // handled (at its CLOSE or ERROR; its CLOSED not consumed yet)
    let late = step.late && isLive("socket", step.who) ? this.socketIds.get(step.who) : 0;
    const drain = () => this.core.drain((op, id, a, b) => {
      const server = SERVER_OPS.has(op);
      const who = (server ? this.serverNames : this.socketNames).get(id) ?? `#${id}`;
      if (op === E.OP_END || op === E.OP_AFTER_END) answers.push([op, id]);
      records.push(recordText(who, op, this.args(op, a, b, hostBytes, problems)));
      if (late && !server && id === late && (op === E.OP_CLOSE || op === E.OP_ERROR)) {
        late = 0;
        records.push(`${who} late ${step.late} -> ${resultText(this.lateCall(step.late, id))}`);
      }
    });
    drain();
    hostBytes.bytes = null; // a DATA with address 0 may only come from the read itself
    for (let i = 0; !this.holdEnd && i < answers.length; i++) {
      const [op, id] = answers[i];
      const r = op === E.OP_END ? this.e.socket_end_seen(id) : this.e.socket_after_end(id);
      records.push(`${this.socketNames.get(id)} ${op === E.OP_END ? "end_seen" : "after_end"} -> ${resultText(r)}`);
      drain();
    }
    return { returned, records, problems };
  }

  /** A user call on a closing socket's id (write, end or connect), from inside the drain. */
  lateCall(verb, id) {
    if (verb === "write") return this.e.socket_write(id, 1, this.clockFor(id), 1);
    if (verb === "end") return this.e.socket_end(id);
    return this.e.socket_connect(id, this.clockFor(id));
  }

  args(op, a, b, hostBytes, problems) {
    switch (op) {
      case E.OP_SEND: return [digest(this.memory(a, b, problems))];
      case E.OP_DATA:
        if (a !== 0) return ["kept", digest(this.memory(a, b, problems))];
        if (!hostBytes.bytes || hostBytes.bytes.length !== b) problems.push(`DATA of the host's bytes (${b}) that no read gave`);
        return ["direct", digest(hostBytes.bytes ?? new Uint8Array(b))];
      case E.OP_CONNECTION: return [this.socketNames.get(a) ?? `#${a}`];
      default: return numberArgs(op, a, b);
    }
  }

  memory(at, len, problems) {
    const bytes = this.core.bytes();
    if (at + len > bytes.length) { problems.push(`record names bytes ${at}+${len} beyond memory ${bytes.length}`); return new Uint8Array(0); }
    return bytes.slice(at, at + len);
  }

  /** Copies `bytes` where the core asked (its reply address). */
  copyIn(bytes) {
    this.core.bytes().set(bytes, this.core.replyAddress());
  }

  input({ verb, who, args }, hostBytes, problems) {
    const e = this.e;
    const id = this.idOf(who, false);
    const now = this.clockFor(id);
    const sid = this.idOf(who, true);
    switch (verb) {
      case "time": this.now += args[0]; return "ok";
      case "open": this.adopt("socket", who, e.socket_open(flagsOf(args)), problems); return "id";
      case "connect": return resultText(e.socket_connect(id, now));
      case "write": {
        const [len, bytes] = args;
        const r = e.socket_write(id, len, now, 1);
        if (r < 0) return resultText(r);
        if (r & E.WRITE_COPY) {
          if (bytes) this.copyIn(bytes);
          else problems.push(`the core took a write of ${len} bytes to queue`); // beyond its limit
        }
        if (r & ~(E.WRITE_COPY | E.WRITE_BELOW_MARK)) problems.push(`write answered ${r}`);
        return `${r & E.WRITE_COPY ? "copy" : "direct"} ${(r & E.WRITE_BELOW_MARK) !== 0}`;
      }
      case "end": return resultText(e.socket_end(id));
      case "cork": return resultText(e.socket_cork(id));
      case "uncork": return resultText(e.socket_uncork(id));
      case "no_delay": return resultText(e.socket_set_no_delay(id, args[0]));
      case "keep_alive": return resultText(e.socket_set_keep_alive(id, args[0], args[1]));
      case "destroy": return resultText(e.socket_destroy(id, args[0] ?? 0));
      case "pause": return resultText(e.socket_pause(id));
      case "resume": return resultText(e.socket_resume(id));
      case "timeout":
        this.idleTimeouts.set(id, args[0]);
        return resultText(e.socket_set_timeout(id, args[0], args[0] ? this.now : NO_CLOCK));
      case "marks": return resultText(e.socket_set_marks(id, args[0], args[1]));
      case "reset": return resultText(e.socket_reset(id));
      case "end_seen": return resultText(e.socket_end_seen(id));
      case "after_end": return resultText(e.socket_after_end(id));
      case "connected": return resultText(e.socket_handle_connected(id, now));
      case "read": {
        const [len, bytes] = args;
        const r = e.socket_handle_read(id, len, now);
        if (r < 0) return resultText(r);
        if (r === E.READ_COPY) this.copyIn(bytes);
        else if (r === E.READ_DIRECT) hostBytes.bytes = bytes;
        else problems.push(`read answered ${r}`);
        return r === E.READ_COPY ? "copy" : "direct";
      }
      case "eof": return resultText(e.socket_handle_eof(id, now));
      case "written": return resultText(e.socket_handle_write_done(id, now));
      case "shutdown_done": return resultText(e.socket_handle_shutdown_done(id));
      case "fail": return resultText(e.socket_handle_error(id, args[0] ?? 0));
      case "timer": return resultText(e.socket_handle_timer(id, this.now));
      case "server": this.adopt("server", who, e.server_open(flagsOf(args)), problems); return "id";
      case "listen": return resultText(e.server_listen(sid));
      case "listening": return resultText(e.server_handle_listening(sid));
      case "server_fail": return resultText(e.server_handle_error(sid, args[0] ?? 0));
      case "close": return resultText(e.server_close(sid));
      case "max": return resultText(e.server_set_max_connections(sid, args[0]));
      case "server_marks": return resultText(e.server_set_marks(sid, args[0], args[1]));
      case "server_options": return resultText(e.server_set_socket_options(sid, args[0], args[1], args[2]));
      case "free": return resultText(e.server_free(sid));
      case "accept": {
        const r = e.server_handle_connection(sid, now);
        if (r > 0) { this.adopt("socket", args[0], r, problems); return "id"; }
        return r === 0 ? "refused" : resultText(r);
      }
      default: throw new Error(`unknown verb ${verb}`);
    }
  }

  /** The same lines as NetModel.observe, from the core's queries. */
  observe(model, closedNow) {
    const e = this.e;
    const lines = [];
    for (const [name, s] of model.sockets) {
      if (s.gone && !closedNow.has(name)) continue;
      const id = this.socketIds.get(name);
      const state = E.READY_STATE_NAMES[e.socket_ready_state(id)];
      const line = `${name} ${state} read ${e.socket_bytes_read(id)} written ${e.socket_bytes_written(id)} writable ${e.socket_writable_length(id)} readable ${e.socket_readable_length(id)}`;
      lines.push(s.gone ? line : `${line} ${writeStateText(this.writeState(id))}`);
    }
    for (const [name] of model.liveServers()) {
      const sid = this.serverIds.get(name);
      lines.push(`${name} connections ${e.server_connections(sid)} listening ${e.server_listening(sid) === 1}`);
    }
    lines.push(`sockets ${e.socket_count()}`);
    const id = UNKNOWN_ID;
    const unknown = `${E.READY_STATE_NAMES[e.socket_ready_state(id)]} read ${e.socket_bytes_read(id)} written ${e.socket_bytes_written(id)}`;
    lines.push(`#${id} ${unknown} writable ${e.socket_writable_length(id)} readable ${e.socket_readable_length(id)} ${writeStateText(this.writeState(id))}`);
    return lines;
  }

  /** socket_write_state's bits, as the model's writeState. */
  writeState(id) {
    const bits = this.e.socket_write_state(id);
    return { ended: (bits & 1) !== 0, finished: (bits & 2) !== 0, needDrain: (bits & 4) !== 0, corked: bits >>> 8 };
  }
}
