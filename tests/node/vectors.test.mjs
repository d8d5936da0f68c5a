// The shared event-order vectors (tests/vectors/sockets.json) replayed through the Node host:
// the real Socket and Server classes, with a scripted transport in place of node:net's, so that
// a peer's FIN or a write's completion happens exactly at its step. For every step, what the
// host asked the transport to do and what the user saw must be what the vector says, in order.
// (Actions run at once and user events a tick later, so the two are compared as two sequences.)

import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { setDefaultHighWaterMark } from "node:stream";
import { pattern, markOption } from "../vectors/replay.mjs";
import { expected } from "../vectors/host-expect.mjs";

const net = createRequire(import.meta.url)("../../build/out/node/index.cjs");
const { kNewTransport, kNewListener, platform } = net.internals;
const { scenarios } = JSON.parse(readFileSync(new URL("../vectors/sockets.json", import.meta.url)));

// The vectors assume the core's default marks (16 KiB); a socket on the Node host gets Node's
// default, which is 64 KiB from Node 22: the replays set Node's to the core's.
const CORE_DEFAULT_MARK = 16384;
setDefaultHighWaterMark?.(false, CORE_DEFAULT_MARK);

const settle = async () => { for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r)); };

/** Why a scenario cannot be replayed through the public API, or null. */
function unreplayable(scenario) {
  if (scenario.holdEnd) return "holds the end back; the Node host confirms it on its Readable's 'end' (streams.test.mjs)";
  if (scenario.holdAfterWrite) return "writes done at once: the scripted transport cannot take a write whole inside its call (tests/node/write-at-once.test.mjs writes a burst on real sockets, on both transports)";
  for (const { do: step } of scenario.steps) {
    if (step === "server_fail srv OK") return "a listen refused for its arguments (covered by tests/node/bad-input.test.mjs)";
  }
  return null;
}

/** A node:net socket's stand-in: logs what the host asks of it, lets the scenario answer. */
class ScriptedTransport extends EventEmitter {
  constructor(name, world) {
    super();
    this.name = name;
    this.world = world;
    this.reading = false;
    this.pendingWrite = null;
  }
  connect(_options, cb) { this.onConnected = cb; return this; }
  pause() { if (this.reading) this.world.action(`${this.name()} read_stop`); this.reading = false; return this; }
  resume() { if (!this.reading) this.world.action(`${this.name()} read_start`); this.reading = true; return this; }
  write(bytes, cb) {
    this.world.checkSent(this.name(), bytes);
    this.world.action(`${this.name()} send ${bytes.length}`);
    this.pendingWrite = cb;
    return true;
  }
  end(cb) { this.world.action(`${this.name()} shutdown`); this.onShutdown = cb; return this; }
  destroy() {
    this.world.action(`${this.name()} close`);
    setImmediate(() => this.emit("close", false)); // node:net's, once libuv has closed its handle
    return this;
  }
  setNoDelay(on) { this.world.action(`${this.name()} no_delay ${on ? 1 : 0}`); return this; }
  setKeepAlive(on, ms) { this.world.action(`${this.name()} keep_alive ${on ? 1 : 0} ${Math.floor(ms / 1000)}`); return this; }
  ref() { return this; }
  unref() { return this; }
  address() { return {}; }
}

class ScriptedListener extends EventEmitter {
  constructor(name, world) { super(); this.name = name; this.world = world; this.listening = false; }
  listen() { return this; }
  close() { this.world.action(`${this.name} unlisten`); this.listening = false; return this; }
  address() { return null; }
  ref() { return this; }
  unref() { return this; }
}

/** One scenario's world: names, logs, and the byte patterns of every socket. */
class World {
  constructor() {
    this.sockets = new Map(); // name -> { socket, transport, written, sent, read, salt }
    this.servers = new Map(); // name -> { server, listener }
    this.actions = [];
    this.events = [];
    this.problems = [];
    this.salt = 1;
    this.time = 0;
  }
  action(entry) { this.actions.push(entry); }
  event(entry) { this.events.push(entry); }
  checkSent(name, bytes) {
    const s = this.sockets.get(name);
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== pattern(s.sent + i, s.salt)) { this.problems.push(`${name} sent a wrong byte at ${s.sent + i}`); break; }
    }
    s.sent += bytes.length;
  }
  nameOf(socket) {
    for (const [name, s] of this.sockets) if (s?.socket === socket) return name;
    return this.constructing ?? "?"; // a socket whose constructor is still running
  }
  /** Logs the socket's events by wrapping emit: a 'data' listener would make it flow. */
  watch(name, socket) {
    const s = this.sockets.get(name);
    const emit = socket.emit;
    socket.emit = (event, ...args) => {
      if (event === "data") {
        const bytes = args[0];
        for (let i = 0; i < bytes.length; i++) {
          if (bytes[i] !== pattern(s.delivered + i, s.salt + 100)) { this.problems.push(`${name} got a wrong byte at ${s.delivered + i}`); break; }
        }
        s.delivered += bytes.length;
        this.event(`${name} data ${bytes.length}`);
      } else if (event === "error") this.event(`${name} error ${args[0].code}`);
      // (node:net's 'close' of a socket that never had a handle has no argument: its error is in errored)
      else if (event === "close") this.event(`${name} closed ${(args.length ? args[0] : socket.errored) ? 1 : 0}`);
      else if (["connect", "end", "finish", "drain", "timeout"].includes(event)) this.event(`${name} ${event}`);
      return emit.call(socket, event, ...args);
    };
    socket.on("error", () => {}); // logged above; a listener keeps it from being thrown
    socket.on("end", () => { s.stateAtEnd = socket.readyState; }); // what an 'end' listener sees
  }
  addSocket(name, socket, transport) {
    this.sockets.set(name, { socket, transport, written: 0, sent: 0, read: 0, delivered: 0, salt: this.salt++ });
    this.watch(name, socket);
  }
}

function makeClasses(world) {
  class ScriptedSocket extends net.Socket {
    [kNewTransport]() {
      const transport = new ScriptedTransport(() => world.nameOf(this), world);
      this.scripted = transport;
      return transport;
    }
  }
  class ScriptedServer extends net.Server {
    [kNewListener]() {
      const listener = new ScriptedListener([...world.servers].find(([, s]) => s.server === this)[0], world);
      world.servers.get(listener.name).listener = listener;
      return listener;
    }
  }
  return { ScriptedSocket, ScriptedServer };
}

/** The host's clock and timers, the scenario's for the length of `run`. */
async function withScriptedTime(world, run) {
  const saved = { now: platform.now, setTimer: platform.setTimer, clearTimer: platform.clearTimer };
  platform.now = () => world.time;
  platform.setTimer = (ms, fire, socket) => {
    world.action(`${world.nameOf(socket)} timer_start ${ms}`);
    socket.scriptedFire = fire;
    return fire;
  };
  platform.clearTimer = (timer, socket) => {
    if (socket.scriptedFire !== timer) return; // replaced by a newer one
    world.action(`${world.nameOf(socket)} timer_stop`);
    socket.scriptedFire = null;
  };
  try {
    return await run();
  } finally {
    Object.assign(platform, saved);
  }
}

async function replay(scenario) {
  const world = new World();
  return withScriptedTime(world, () => replaySteps(scenario, world));
}

async function replaySteps(scenario, world) {
  const { ScriptedSocket, ScriptedServer } = makeClasses(world);
  const marks = new Map(); // client sockets' marks, given at construction (the API's way)
  for (const { do: step } of scenario.steps) {
    const [verb, name, read, write] = step.split(/\s+/);
    if (verb === "marks") marks.set(name, { read: Number(read), write: Number(write) });
  }
  const acceptedNames = new Map(); // server name -> names of the sockets its accepts create, in order

  for (const [index, step] of scenario.steps.entries()) {
    const words = step.do.split(/\s+/);
    const [verb, name] = words;
    const s = world.sockets.get(name);
    const where = `step ${index + 1} (${step.do})`;
    let returned;
    world.actions = [];
    world.events = [];
    switch (verb) {
      case "open": {
        const m = marks.get(name);
        const options = { allowHalfOpen: words.includes("allowHalfOpen") };
        if (markOption(words) !== undefined) options.highWaterMark = markOption(words);
        if (m?.read >= 0) options.readableHighWaterMark = m.read;
        if (m?.write >= 0) options.writableHighWaterMark = m.write;
        if (words.includes("connected")) options.fd = 1000; // a scripted transport: no real descriptor
        world.constructing = name;
        const socket = new ScriptedSocket(options);
        world.constructing = undefined;
        world.addSocket(name, socket, socket.scripted);
        break;
      }
      case "connect":
        try { s.socket.connect({ port: 9, host: "127.0.0.1" }); s.transport = s.socket.scripted; returned = "ok"; } catch (e) { returned = e.code; }
        break;
      case "write": {
        const len = Number(words[2]);
        const bytes = Buffer.alloc(len);
        for (let i = 0; i < len; i++) bytes[i] = pattern(s.written + i, s.salt);
        s.written += len;
        returned = String(s.socket.write(bytes, (e) => world.event(`${name} write_cb ${e ? e.code : "OK"}`)));
        break;
      }
      case "end": s.socket.end(); break;
      case "destroy": s.socket.destroy(words[2] ? Object.assign(new Error(words[2]), { code: words[2] }) : undefined); break;
      case "pause": s.socket.pause(); break;
      case "cork": s.socket.cork(); break;
      case "uncork": s.socket.uncork(); break;
      case "resume": s.socket.resume(); break;
      case "marks": break; // given at construction
      case "time": world.time = Number(name); break;
      case "timeout": s.socket.setTimeout(Number(words[2])); break;
      case "timer": { const fire = s.socket?.scriptedFire; if (fire) { s.socket.scriptedFire = null; fire(); } break; }
      case "connected": s.transport.onConnected(); break;
      case "read": {
        const len = Number(words[2]);
        const bytes = Buffer.alloc(len);
        for (let i = 0; i < len; i++) bytes[i] = pattern(s.read + i, s.salt + 100);
        s.read += len;
        s.transport.emit("data", bytes); // as a transport may, even right after a stop
        break;
      }
      case "eof": s.transport.emit("end"); break;
      case "written": if (s.transport.pendingWrite) { const cb = s.transport.pendingWrite; s.transport.pendingWrite = null; cb(); } break;
      case "shutdown_done": s.transport.onShutdown?.(); break;
      case "fail": s.transport.emit("error", Object.assign(new Error(words[2]), { code: words[2] })); break;
      case "server": {
        world.servers.set(name, { server: null, listener: null });
        const server = new ScriptedServer({ allowHalfOpen: words.includes("allowHalfOpen"), pauseOnConnect: words.includes("pauseOnConnect"), highWaterMark: markOption(words) });
        world.servers.get(name).server = server;
        acceptedNames.set(name, []);
        server.on("listening", () => world.event(`${name} listening`));
        server.on("connection", (socket) => {
          const socketName = acceptedNames.get(name).shift();
          world.addSocket(socketName, socket, world.pendingAccepted);
          world.event(`${name} connection ${socketName}`);
        });
        server.on("drop", () => world.event(`${name} drop`));
        server.on("error", (e) => world.event(`${name} error ${e.code}`));
        server.on("close", () => world.event(`${name} server_closed`));
        break;
      }
      case "listen":
        try { world.servers.get(name).server.listen(9); returned = "ok"; } catch (e) { returned = e.code; }
        break;
      case "listening": { const l = world.servers.get(name).listener; if (l) { l.listening = true; l.emit("listening"); } break; }
      case "server_fail": world.servers.get(name).listener?.emit("error", Object.assign(new Error(words[2]), { code: words[2] })); break;
      case "accept": {
        const socketName = words[3];
        const transport = new ScriptedTransport(() => socketName, world);
        world.pendingAccepted = transport;
        acceptedNames.get(name).push(socketName);
        world.sockets.set(socketName, { socket: null, transport, written: 0, sent: 0, read: 0, delivered: 0, salt: world.salt++ });
        const before = world.actions.length;
        world.servers.get(name).listener.emit("connection", transport);
        returned = world.actions.slice(before).includes(`${socketName} close`) ? "refused" : "ok";
        if (returned === "refused") {
          world.actions = world.actions.filter((a) => a !== `${socketName} close`);
          acceptedNames.get(name).pop();
        }
        break;
      }
      case "close": {
        let error;
        world.servers.get(name).server.close((e) => { error = e; });
        await settle();
        returned = error ? error.code : "ok";
        break;
      }
      case "max": world.servers.get(name).server.maxConnections = Number(words[2]); break;
      case "state": {
        const field = words[2];
        const actual = String(field === "readyState" ? s.socket.readyState : s.socket[field]);
        if (actual !== words[3]) return `${where}: ${field} is ${actual}, expected ${words[3]}`;
        break;
      }
      case "state_at_end": {
        const actual = s.stateAtEnd;
        if (actual !== words[2]) return `${where}: readyState in 'end' was ${actual}, expected ${words[2]}`;
        break;
      }
      case "connections": {
        const actual = String(world.servers.get(name).server.connections);
        if (actual !== words[2]) return `${where}: connections is ${actual}`;
        break;
      }
      default: throw new Error(`no mapping for "${verb}"`);
    }
    if (verb === "accept") {
      // the new socket's records were drained inside the server's accept: attach it now
      const entry = world.sockets.get(words[3]);
      if (returned === "ok" && !entry.socket) await settle();
    }
    await settle();
    const want = expected(step);
    if (verb === "write" && step.returns !== undefined) {
      const expectedReturn = /^(direct|copy) /.test(step.returns) ? step.returns.split(" ")[1] : "false";
      if (returned !== expectedReturn) return `${where}: write() returned ${returned}, expected ${expectedReturn}`;
    }
    if (["listen", "connect", "close", "accept"].includes(verb) && step.returns !== undefined && returned !== step.returns) {
      return `${where}: returned ${returned}, expected ${step.returns}`;
    }
    if (world.problems.length) return `${where}: ${world.problems[0]}`;
    if (JSON.stringify(world.actions) !== JSON.stringify(want.actions)) {
      return `${where}: transport calls\n    got      ${JSON.stringify(world.actions)}\n    expected ${JSON.stringify(want.actions)}`;
    }
    if (JSON.stringify(world.events) !== JSON.stringify(want.events)) {
      return `${where}: user events\n    got      ${JSON.stringify(world.events)}\n    expected ${JSON.stringify(want.events)}`;
    }
  }
  return null;
}

const replayable = scenarios.filter((s) => !unreplayable(s));

test("most scenarios replay through the public API; the rest say why not", () => {
  const excluded = scenarios.filter(unreplayable).map((s) => `${s.name}: ${unreplayable(s)}`);
  assert.ok(replayable.length >= 59, `only ${replayable.length} replayable; excluded:\n${excluded.join("\n")}`);
  assert.ok(excluded.length <= 4, excluded.join("\n"));
});

for (const scenario of replayable) {
  test(`Node host replays: ${scenario.name}`, async () => {
    const difference = await replay(scenario);
    assert.equal(difference, null, difference ?? "");
  });
}
