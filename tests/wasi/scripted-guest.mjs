// Runs tests/wasi/guests/vectors.ts (built with --lib host-bindings/wasi/abi/scripted.ts) as a plain
// core module under Node's WebAssembly, answering every sys_* of the socket ABI from a scenario of
// tests/vectors/sockets.json, step by step. For each step it reports what happened: the socket-ABI
// calls the guest made, in the vectors' words (send LEN, shutdown, close, unlisten; read_start and
// read_stop from the read interest of each sys_wait; timer_start/timer_stop from the guest's
// record observer), the events its user saw, what the call returned and the state asked for.
// tests/wasi/vectors.test.mjs judges them.
//
// The scripted transport: a send is taken by the transport only at the scenario's `written`
// (until then sys_send answers "would block"), a shutdown is done at `shutdown_done`, a `read`
// is one sys_recv, `eof` a recv of 0, `fail` the answer of the next call on that handle (and a
// readiness for every interest), `connected` the connect's result, `accept` a pending connection.
// Time moves only at `time` steps, which run no turn of the loop: a timer due then fires at the
// next step's turns (the vectors' `timer`), as a loop that waited until then fires it on waking. Bytes follow the vectors' pattern (tests/vectors/replay.mjs):
// every byte the guest sends, and every byte its user gets, must continue that socket's stream.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pattern, markOption } from "../vectors/replay.mjs";
import { ERROR_NAMES } from "../../build/out/abi.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const TURNS_PER_STEP = 4; // the longest chain a step starts needs 3 (ready, then act, then wait again)
const WOULD_BLOCK = -1;

/** asc in a child process, with the flags of build/wasi.mjs (in-process, asc keeps --lib files). */
export function buildVectorsGuest() {
  const dir = mkdtempSync(join(tmpdir(), "wasi-vectors-"));
  const file = join(dir, "vectors.wasm");
  try {
    const result = spawnSync(process.execPath, [
      join(root, "node_modules/assemblyscript/bin/asc.js"), "tests/wasi/guests/vectors.ts",
      "--baseDir", root, "--lib", "host-bindings/wasi/abi/scripted.ts", "--use", "abort=sys_abort",
      "--runtime", "minimal", "--exportStart", "_start", "--optimizeLevel", "3", "--shrinkLevel", "1",
      "--noAssert", "--outFile", file,
    ], { cwd: root, encoding: "utf8", timeout: 60_000 });
    if (result.status !== 0) throw new Error(`asc failed: ${result.error ?? ""}\n${result.stderr}${result.stdout}`);
    return new WebAssembly.Module(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const EVENTS = {
  1: "connect", 2: "data", 3: "end", 4: "finish", 5: "drain", 6: "timeout", 7: "error", 8: "closed",
  9: "listening", 10: "connection", 11: "drop", 12: "error", 13: "server_closed", 14: "timer_start", 15: "timer_stop",
};
const SERVER_EVENTS = new Set([9, 10, 11, 12, 13]);
const code = (name) => {
  const c = ERROR_NAMES.indexOf(name);
  if (c <= 0) throw new Error(`unknown error name ${name}`);
  return c;
};

/** One scenario's world: the guest instance, its handles as the transport sees them, the logs. */
class World {
  constructor(module) {
    this.clock = 0;
    this.salt = 1;
    this.handles = new Map(); // ABI handle -> connection or listener
    this.nextHandle = 3;
    this.sockets = new Map(); // name -> { slot, salt, written, delivered, conn }
    this.servers = new Map(); // name -> { slot, listener, failBind }
    this.socketNames = []; // guest slot -> name
    this.serverNames = [];
    this.current = null; // the step's socket or server: who a sys_connect or sys_listen is for
    this.actions = [];
    this.events = [];
    this.problems = [];
    this.guest = new WebAssembly.Instance(module, { script: this.imports() }).exports;
    this.guest._start();
  }

  bytes() { return new Uint8Array(this.guest.memory.buffer); }
  string(ptr, length) { return String.fromCharCode(...new Uint16Array(this.guest.memory.buffer, ptr, length)); }
  /** An AssemblyScript string returned by an export (its byte length sits just before it). */
  returnedString(ptr) { return this.string(ptr, new Uint32Array(this.guest.memory.buffer, ptr - 4, 1)[0] >>> 1); }

  handle(h, kind) {
    const entry = this.handles.get(h);
    if (!entry || entry.closed) { this.problems.push(`the guest used handle ${h}, which is ${entry ? "closed" : "unknown"}`); return null; }
    if (kind && entry.kind !== kind) { this.problems.push(`the guest used ${entry.name}'s handle as a ${kind}`); return null; }
    return entry;
  }

  newConnection(name, connecting) {
    const h = this.nextHandle++;
    const s = this.sockets.get(name);
    s.conn = {
      kind: "connection", name, connecting, connectResult: null, chunks: [], readOffset: 0, eof: false, readsOver: false,
      error: 0, offered: 0, accepted: 0, credit: 0, shutdownAsked: false, shutdownDone: false, reading: false, closed: false,
    };
    this.handles.set(h, s.conn);
    return h;
  }

  /** The read interests of one sys_wait (handle -> interest bits): read_start / read_stop. */
  readInterests(interests) {
    for (const [h, entry] of this.handles) {
      if (entry.kind !== "connection" || entry.closed || entry.readsOver) continue;
      const reading = ((interests.get(h) ?? 0) & 1) !== 0;
      if (reading !== entry.reading) this.actions.push(`${entry.name} ${reading ? "read_start" : "read_stop"}`);
      entry.reading = reading;
    }
  }

  imports() {
    return {
      now: () => this.clock,
      listen: (family, ip, port, backlog) => {
        const server = this.servers.get(this.current);
        if (server.failBind) { const c = server.failBind; server.failBind = 0; return -c; }
        const h = this.nextHandle++;
        server.listener = { kind: "listener", name: this.current, pending: [], acceptError: 0, closed: false };
        this.handles.set(h, server.listener);
        return h;
      },
      accept: (h) => {
        const listener = this.handle(h, "listener");
        if (!listener) return -code("EINVAL");
        if (listener.acceptError) { const c = listener.acceptError; listener.acceptError = 0; return -c; }
        if (!listener.pending.length) return WOULD_BLOCK;
        return this.newConnection(listener.pending.shift(), false);
      },
      connect: (family, ip, port) => this.newConnection(this.current, true),
      connect_result: (h) => {
        const c = this.handle(h, "connection");
        if (!c) return -code("EINVAL");
        if (c.error) { c.connecting = false; return -c.error; }
        if (c.connectResult === null) return WOULD_BLOCK;
        c.connecting = false;
        return c.connectResult;
      },
      recv: (h, buf, cap) => {
        const c = this.handle(h, "connection");
        if (!c) return -code("EINVAL");
        if (c.connecting) this.problems.push(`${c.name}: sys_recv while connecting`);
        if (c.error) return -c.error;
        if (c.chunks.length) {
          const n = Math.min(c.chunks[0], cap);
          if (n === c.chunks[0]) c.chunks.shift(); else c.chunks[0] -= n;
          const s = this.sockets.get(c.name);
          const bytes = this.bytes();
          for (let i = 0; i < n; i++) bytes[buf + i] = pattern(c.readOffset + i, s.salt + 100);
          c.readOffset += n;
          return n;
        }
        if (c.eof) { c.readsOver = true; return 0; }
        return WOULD_BLOCK;
      },
      send: (h, buf, len) => {
        const c = this.handle(h, "connection");
        if (!c) return -code("EINVAL");
        if (c.connecting) this.problems.push(`${c.name}: sys_send while connecting`);
        if (c.error) return -c.error;
        if (c.shutdownAsked) this.problems.push(`${c.name}: sys_send after sys_shutdown`);
        // the guest offers again, from the first byte not taken yet, whatever would block before
        const s = this.sockets.get(c.name);
        const bytes = this.bytes();
        for (let i = 0; i < len; i++) {
          if (bytes[buf + i] !== pattern(c.accepted + i, s.salt)) { this.problems.push(`${c.name} sent a wrong byte at ${c.accepted + i}`); break; }
        }
        const fresh = c.accepted + len - c.offered;
        if (fresh > 0 || len === 0) this.actions.push(`${c.name} send ${Math.max(fresh, 0)}`);
        c.offered = Math.max(c.offered, c.accepted + len);
        if (len === 0) return 0; // nothing to take
        if (!c.credit) return WOULD_BLOCK;
        const n = Math.min(len, c.credit);
        c.accepted += n;
        c.credit -= n;
        return n;
      },
      shutdown: (h) => {
        const c = this.handle(h, "connection");
        if (!c) return -code("EINVAL");
        if (c.error) return -c.error;
        if (c.accepted !== c.offered) this.problems.push(`${c.name}: sys_shutdown with ${c.offered - c.accepted} bytes not taken`);
        if (!c.shutdownAsked) this.actions.push(`${c.name} shutdown`);
        c.shutdownAsked = true;
        return c.shutdownDone ? 0 : WOULD_BLOCK;
      },
      close: (h) => {
        const entry = this.handle(h);
        if (!entry) return;
        entry.closed = true;
        this.actions.push(`${entry.name} ${entry.kind === "listener" ? "unlisten" : "close"}`);
      },
      local_address: (h, out) => this.address(out),
      remote_address: (h, out) => this.address(out),
      wait: (handles, interestsAt, count, timeoutMs, readyAt) => {
        const memory = this.guest.memory.buffer;
        const list = new Int32Array(memory, handles, count);
        const wanted = new Uint8Array(memory, interestsAt, count);
        const ready = new Uint8Array(memory, readyAt, count);
        const interests = new Map();
        let n = 0;
        for (let k = 0; k < count; k++) {
          const entry = this.handle(list[k]);
          interests.set(list[k], wanted[k]);
          ready[k] = entry ? wanted[k] & this.readiness(entry) : 0;
          if (ready[k]) n++;
        }
        this.readInterests(interests);
        return n;
      },
      print: (stream, ptr, length) => this.problems.push(`the guest printed to ${stream === 1 ? "stdout" : "stderr"}: ${this.string(ptr, length)}`),
      exit: (status) => { throw new Error(`the guest exited with status ${status}`); },
      abort: (message, messageLength, file, fileLength, line, column) => {
        throw new Error(`the guest aborted: ${this.string(message, messageLength)} (${this.string(file, fileLength)}:${line}:${column})`);
      },
      event: (kind, slot, a, b) => this.event(kind, slot, a, b),
    };
  }

  address(out) {
    const view = new DataView(this.guest.memory.buffer, out, 24);
    view.setUint32(0, 4, true);
    view.setUint32(4, 9, true);
    for (const [i, byte] of [127, 0, 0, 1].entries()) view.setUint8(8 + i, byte);
    return 0;
  }

  /** Which of readable (1) and writable (2) the transport would report for `entry` now. */
  readiness(entry) {
    if (entry.kind === "listener") return entry.pending.length || entry.acceptError ? 1 : 0;
    if (entry.error) return 3; // an error is ready for every interest
    if (entry.connecting) return entry.connectResult !== null ? 2 : 0;
    const readable = entry.chunks.length || entry.eof ? 1 : 0;
    const writable = entry.credit > 0 || (entry.shutdownAsked && entry.shutdownDone) ? 2 : 0;
    return readable | writable;
  }

  event(kind, slot, a, b) {
    const names = SERVER_EVENTS.has(kind) ? this.serverNames : this.socketNames;
    const name = names[slot];
    if (name === undefined) { this.problems.push(`event ${EVENTS[kind]} for an unknown slot ${slot}`); return; }
    switch (kind) {
      case 2: {
        const s = this.sockets.get(name);
        const bytes = this.bytes().subarray(a, a + b);
        for (let i = 0; i < b; i++) {
          if (bytes[i] !== pattern(s.delivered + i, s.salt + 100)) { this.problems.push(`${name} got a wrong byte at ${s.delivered + i}`); break; }
        }
        s.delivered += b;
        this.events.push(`${name} data ${b}`);
        break;
      }
      case 7: case 12: this.events.push(`${name} error ${this.string(a, b)}`); break;
      case 8: this.events.push(`${name} closed ${a}`); break;
      case 10: {
        const accepted = this.handles.get(b);
        if (!accepted) { this.problems.push(`connection with an unknown handle ${b}`); return; }
        this.socketNames[a] = accepted.name;
        this.sockets.get(accepted.name).slot = a;
        this.events.push(`${name} connection ${accepted.name}`);
        break;
      }
      case 14: this.actions.push(`${name} timer_start ${a}`); break;
      case 15: this.actions.push(`${name} timer_stop`); break;
      default: this.events.push(`${name} ${EVENTS[kind]}`);
    }
  }

  turns() {
    for (let i = 0; i < TURNS_PER_STEP; i++) {
      // a turn that waits for nothing reads nothing: every read interest is gone
      if (!this.guest.turn()) this.readInterests(new Map());
    }
  }

  addSocket(name) {
    this.sockets.set(name, { slot: -1, salt: this.salt++, written: 0, delivered: 0, conn: null });
  }

  /** Does one step (as tests/wasi/vectors.test.mjs maps it for the guest); the loop then runs. */
  step(step) {
    const words = step.do.split(/\s+/);
    const [verb, name] = words;
    const s = this.sockets.get(name);
    const conn = s?.conn && !s.conn.closed ? s.conn : null; // a closed handle gets no transport results
    const g = this.guest;
    let returned;
    let actual;
    switch (verb) {
      case "open":
        this.addSocket(name);
        this.sockets.get(name).slot = g.open(words.includes("allowHalfOpen"));
        this.socketNames[this.sockets.get(name).slot] = name;
        if (markOption(words) !== undefined) g.setHighWaterMarks(this.sockets.get(name).slot, markOption(words), markOption(words));
        break;
      case "connect": this.current = name; g.connect(s.slot); returned = "ok"; break;
      case "write": {
        const len = Number(words[2]);
        const at = g.writeBuffer(len);
        const bytes = this.bytes();
        for (let i = 0; i < len; i++) bytes[at + i] = pattern(s.written + i, s.salt);
        s.written += len;
        returned = String(g.write(s.slot) !== 0);
        break;
      }
      case "end": g.end(s.slot); break;
      case "pause": g.pause(s.slot); break;
      case "cork": g.cork(s.slot); break;
      case "uncork": g.uncork(s.slot); break;
      case "state_at_end": actual = this.returnedString(g.readyStateAtEnd(s.slot)); break;
      case "resume": g.resume(s.slot); break;
      case "destroy": g.destroy(s.slot, words[2] ? code(words[2]) : 0); break;
      case "timeout": g.setTimeout(s.slot, Number(words[2])); break;
      case "marks": g.setHighWaterMarks(s.slot, Number(words[2]), Number(words[3])); break;
      case "time": this.clock = Number(name); g.readClock(); return {}; // no turn: due timers fire at the next step (`timer`)
      case "connected": if (conn) conn.connectResult = 0; break;
      case "read": if (conn) conn.chunks.push(Number(words[2])); break;
      case "eof": if (conn) conn.eof = true; break;
      case "written": if (conn) conn.credit = conn.offered - conn.accepted; break;
      case "shutdown_done": if (conn) conn.shutdownDone = true; break;
      case "fail": if (conn) conn.error = code(words[2]); break;
      case "timer": break; // the guest fires its own timers when the clock reaches them
      case "server": {
        const slot = g.server(words.includes("allowHalfOpen"), words.includes("pauseOnConnect"), markOption(words) ?? -1);
        this.servers.set(name, { slot, listener: null, failBind: 0 });
        this.serverNames[slot] = name;
        break;
      }
      case "listen": {
        const server = this.servers.get(name);
        server.failBind = step.failBind ? code(step.failBind) : 0;
        this.current = name;
        g.listen(server.slot);
        returned = "ok";
        break;
      }
      case "listening": break; // listen() already listened: see the test's mapping
      case "server_fail": {
        const listener = this.servers.get(name).listener;
        if (!step.failBind && listener && !listener.closed) listener.acceptError = code(words[2]);
        break;
      }
      case "accept": {
        const listener = this.servers.get(name).listener;
        const socketName = words[3];
        if (!listener || listener.closed) { returned = "refused"; break; } // nothing listens: the peer is refused
        this.addSocket(socketName);
        listener.pending.push(socketName);
        break;
      }
      case "close": { const error = this.returnedString(g.close(this.servers.get(name).slot)); returned = error || "ok"; break; }
      case "max": g.setMaxConnections(this.servers.get(name).slot, Number(words[2])); break;
      case "state": {
        const field = words[2];
        const query = { readyState: () => this.returnedString(g.readyState(s.slot)) }[field] ?? (() => String(g[field](s.slot)));
        actual = query();
        break;
      }
      case "connections": actual = String(g.connections(this.servers.get(name).slot)); break;
      default: throw new Error(`no mapping for "${verb}"`);
    }
    this.turns();
    if (verb === "accept" && returned === undefined) returned = this.acceptResult(name, words[3]);
    if (verb === "read" && conn?.chunks.length) this.problems.push(`${name}: the guest did not read the ${words[2]} bytes of this step`);
    return { returned, actual };
  }

  /** ok, or refused: the guest closed the connection at once (its close is the refusal, not logged). */
  acceptResult(server, name) {
    const conn = this.sockets.get(name).conn;
    if (!conn) { this.problems.push(`${server}: the guest did not accept ${name}`); return undefined; }
    if (!conn.closed) return "ok";
    this.actions = this.actions.filter((a) => a !== `${name} close`);
    return "refused";
  }
}

/** Replays one scenario's steps (already mapped for the guest); one result per step, as far as
 *  it got: { actions, events, problems, returned, actual } or { thrown }. */
export function runScenario(module, steps) {
  const results = [];
  let world;
  try {
    world = new World(module);
  } catch (error) {
    return [{ thrown: String(error?.stack ?? error) }];
  }
  for (const step of steps) {
    world.actions = [];
    world.events = [];
    world.problems = [];
    try {
      const { returned, actual } = world.step(step);
      results.push({ actions: world.actions, events: world.events, problems: world.problems, returned, actual });
    } catch (error) {
      results.push({ thrown: String(error?.stack ?? error) });
      break;
    }
  }
  return results;
}
