// The model's side of a sequence: named sockets and servers, the inputs of a step applied to
// them, their records and their queryable state in the text of record-text.mjs.
//
// A step is { verb, who, args }: `who` names a socket ("s1") or a server ("v1"), or is a
// number, an id the host never got (or one whose socket is gone): every input on it is
// refused with E_BAD_HANDLE and changes nothing, the core's own rule for ids (ABI.md).
// Id 0 is what a host holds for a socket that has closed: the user calls that Node answers
// on a destroyed socket are answered as Node does (CLOSED_SOCKET below), and so is a call on
// a socket's own id made while the records of its closing are handled (its CLOSED not yet
// consumed: a write from an 'error' listener). A step's `late` names such a call: if the step
// closes its socket, the host makes it while handling the socket's CLOSE (or ERROR) record.

import * as E from "../../build/out/abi.js";
import { ModelSocket } from "./socket-model.mjs";
import { ModelServer } from "./server-model.mjs";
import { recordText, numberArgs, resultText, digest, writeStateText } from "./record-text.mjs";

const BAD = -E.E_BAD_HANDLE;
export const UNKNOWN_ID = 0x7fffffff;
// Node on a destroyed socket: write() and end() fail with ERR_STREAM_DESTROYED, connect()
// (no handle any more) with ERR_SOCKET_CLOSED, cork() and uncork() only count.
const CLOSED_SOCKET = {
  write: -E.ERR_STREAM_DESTROYED, end: -E.ERR_STREAM_DESTROYED, connect: -E.ERR_SOCKET_CLOSED, cork: 0, uncork: 0,
};

export class NetModel {
  constructor({ holdEnd }) {
    this.holdEnd = holdEnd; // false: the user has 'end' as soon as END is out (no buffer in the host)
    this.sockets = new Map(); // name -> ModelSocket (gone ones stay, for their names)
    this.servers = new Map();
    this.now = 0;
    this.raw = [];
  }

  sink(name) {
    return { push: (record) => this.raw.push([name, ...record]) };
  }

  liveSockets() {
    return [...this.sockets].filter(([, s]) => !s.gone);
  }

  liveServers() {
    return [...this.servers].filter(([, s]) => !s.freed);
  }

  /** Applies one step; returns { returned, records } (text). */
  apply(step) {
    this.raw = [];
    const wasLive = this.sockets.get(step.who)?.gone === false;
    const returned = this.input(step);
    if (!this.holdEnd) {
      // the host answers every END with end_seen at once, and every AFTER_END with
      // after_end once the input's records are handled (its next tick), in the order they came
      for (let i = 0; i < this.raw.length; i++) {
        const [name, op] = this.raw[i];
        const answer = op === E.OP_END ? "end_seen" : op === E.OP_AFTER_END ? "after_end" : null;
        if (!answer) continue;
        const line = [name, answer, null]; // listed before the records the answer causes
        this.raw.push(line);
        line[2] = this.socketInput(name, (s) => (answer === "end_seen" ? s.endSeenByUser() : s.endListenersDone()));
      }
    }
    if (step.late && wasLive && this.sockets.get(step.who).gone) {
      const at = this.raw.findIndex(([name, op]) => name === step.who && (op === E.OP_CLOSE || op === E.OP_ERROR));
      if (at >= 0) this.raw.splice(at + 1, 0, [step.who, `late ${step.late}`, CLOSED_SOCKET[step.late]]);
    }
    return { returned, records: this.raw.map((r) => this.text(r)) };
  }

  text([who, op, ...args]) {
    if (typeof op === "string") return `${who} ${op} -> ${resultText(args[0])}`; // the host's answers
    switch (op) {
      case E.OP_SEND: return recordText(who, op, [digest(args[0])]);
      case E.OP_DATA: return recordText(who, op, [args[0], digest(args[1])]);
      case E.OP_CONNECTION: return recordText(who, op, [args[0].name]);
      default: return recordText(who, op, numberArgs(op, args[0], args[1]));
    }
  }

  socketInput(who, action, verb) {
    if (who === 0 && verb in CLOSED_SOCKET) return CLOSED_SOCKET[verb];
    const s = typeof who === "string" ? this.sockets.get(who) : null;
    return s && !s.gone ? action(s) : BAD;
  }

  serverInput(who, action) {
    const s = typeof who === "string" ? this.servers.get(who) : null;
    return s && !s.freed ? action(s) : BAD;
  }

  input({ verb, who, args }) {
    const now = this.now;
    const on = (action) => resultText(this.socketInput(who, action, verb));
    switch (verb) {
      case "time": this.now += args[0]; return "ok";
      case "open": {
        const s = new ModelSocket({
          allowHalfOpen: args.includes("allowHalfOpen"), open: args.includes("connected"),
          notReadable: args.includes("notReadable"), notWritable: args.includes("notWritable"), out: this.sink(who),
        });
        s.name = who;
        this.sockets.set(who, s);
        s.follow();
        return "id";
      }
      case "connect": return on((s) => s.connect(now));
      case "write": {
        const r = this.socketInput(who, (s) => s.write(args[1], now, args[0]), verb);
        if (typeof r === "number") return resultText(r);
        return r.error ? resultText(-r.error) : `${r.direct ? "direct" : "copy"} ${r.below}`;
      }
      case "end": return on((s) => s.end());
      case "cork": return on((s) => s.cork());
      case "uncork": return on((s) => s.uncork());
      case "no_delay": return on((s) => s.setNoDelay(args[0] === 1));
      case "keep_alive": return on((s) => s.setKeepAlive(args[0] === 1, args[1]));
      case "destroy": return on((s) => (s.destroy(args[0] ?? 0), 0));
      case "pause": return on((s) => s.pause());
      case "resume": return on((s) => s.resume());
      case "timeout": return on((s) => s.setTimeout(args[0], now));
      case "marks": return on((s) => s.setMarks(args[0], args[1]));
      case "reset": return on((s) => s.resetAndDestroy());
      case "end_seen": return on((s) => s.endSeenByUser());
      case "after_end": return on((s) => s.endListenersDone());
      case "connected": return on((s) => s.connected(now));
      case "read": {
        const r = this.socketInput(who, (s) => s.read(args[1], now));
        return typeof r === "string" ? r : resultText(r);
      }
      case "eof": return on((s) => s.eof(now));
      case "written": return on((s) => s.written(now));
      case "shutdown_done": return on((s) => s.finSentDone());
      case "fail": return on((s) => s.failed(args[0] ?? 0));
      case "timer": return on((s) => s.timerFired(now));
      case "server": {
        const v = new ModelServer({ allowHalfOpen: args.includes("allowHalfOpen"), pauseOnConnect: args.includes("pauseOnConnect"), out: this.sink(who) });
        v.name = who;
        this.servers.set(who, v);
        return "id";
      }
      case "listen": return resultText(this.serverInput(who, (v) => v.listen()));
      case "listening": return resultText(this.serverInput(who, (v) => v.bound()));
      case "server_fail": return resultText(this.serverInput(who, (v) => v.failed(args[0] ?? 0)));
      case "close": return resultText(this.serverInput(who, (v) => v.close()));
      case "max": return resultText(this.serverInput(who, (v) => v.setMaxConnections(args[0])));
      case "server_marks": return resultText(this.serverInput(who, (v) => v.setMarks(args[0], args[1])));
      case "server_options": return resultText(this.serverInput(who, (v) => v.setSocketOptions(args[0] === 1, args[1] === 1, args[2])));
      case "free": return resultText(this.serverInput(who, (v) => { v.freed = true; return 0; }));
      case "accept": {
        const name = args[0];
        const r = this.serverInput(who, (v) => {
          const socket = v.accept(this.sink(name));
          if (!socket) return "refused";
          socket.name = name;
          this.sockets.set(name, socket);
          return "id";
        });
        return typeof r === "string" ? r : resultText(r);
      }
      default: throw new Error(`unknown verb ${verb}`);
    }
  }

  /** The queryable state of each live socket and server, and of sockets closed by this step
   *  (the writable side's state only while open: a host keeps its own once a socket closed). */
  observe(closedNow) {
    const lines = [];
    for (const [name, s] of this.sockets) {
      if (s.gone && !closedNow.has(name)) continue;
      const line = `${name} ${s.readyState} read ${s.bytesRead} written ${s.bytesWritten} writable ${s.writableLength} readable ${s.readableLength}`;
      lines.push(s.gone ? line : `${line} ${writeStateText(s.writeState)}`);
    }
    for (const [name, v] of this.liveServers()) lines.push(`${name} connections ${v.sockets.size} listening ${v.listening}`);
    lines.push(`sockets ${this.liveSockets().length}`);
    // an id never issued: nothing to report, as for a socket long gone
    lines.push(`#${UNKNOWN_ID} closed read 0 written 0 writable 0 readable 0 ${writeStateText({ ended: false, finished: false, needDrain: false, corked: 0 })}`);
    return lines;
  }
}
