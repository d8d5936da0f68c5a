// net.Socket's Ruff face: a stream.Duplex of the runtime's own `stream` module (Ruff's own
// net.Socket is one, on Ruff and on Ruff Lite), over the shell (../shell/socket.ts), on uv
// handles. As the Node face: the readable side is the stream's (the core delivers into push(),
// push() answering false pauses the core, _read resumes it; 'end' after the last byte read);
// the writable side is the core's: write(), end() and cork() go to the shell, and
// `_writableState`, which libraries read (Ruff's http: needDrain, length, highWaterMark), reports
// the core's counts. Our state lives under symbols: users own every name.

import { Duplex, Writable } from "stream";
import { host } from "./runtime";
import { SocketShell, marksOf, type SocketFaceKind, type SocketOptions } from "../shell/socket";
import { normalizeConnectArgs, checkPort } from "../shell/args";
import { kShell, installSocketApi, type SocketApi } from "../shell/face";
import { uvError } from "./errors";
import { UvTransport } from "./transport";
import { isIP, lookup } from "./address";
import type { Server } from "./server";

export { normalizeConnectArgs };

const kHandle = Symbol("wasm-net handle");
const kPlace = Symbol("wasm-net place");

/** How a Server hands an accepted connection to a new Socket (not a public option). */
export interface Accepted { id: number; handle: UvHandle; server: Server; paused: boolean; pipe: boolean }

/** Where the socket is: a unix socket or TCP, the peer's address once asked, the handle's view. */
interface Place { pipe: boolean; peer: UvAddress | null; view: HandleView | null }

/** `socket._handle` as Ruff's http (and Node's) uses it: Ruff's net.Socket has its TCP wrapper
 *  there (the uv handle as `_tcp`), whose `reading` flag and readStart()/readStop() http sets on
 *  the socket's 'resume' and 'pause'. Here the core decides when uv reads, and pause() and
 *  resume() have told it already: they do nothing. */
interface HandleView { _tcp: UvHandle; reading: boolean; readStart(): void; readStop(): void }
const HandleView = function (this: HandleView, handle: UvHandle) { this._tcp = handle; this.reading = false; } as unknown as { new (handle: UvHandle): HandleView; prototype: HandleView };
HandleView.prototype.readStart = HandleView.prototype.readStop = function () {};

/** The fields of a Readable's state this face reads and sets (readable-stream 2 and Ruff's own
 *  stream, Node 6's, have them all). */
interface ReadableState {
  flowing: boolean | null; sync: boolean; length: number; decoder: unknown; ended: boolean;
  endEmitted: boolean; reading: boolean; highWaterMark: number;
}

const DEFAULT_MARK = 16384; // the core's and Node's

const face: SocketFaceKind<Socket> = {
  data: deliverData,
  end: function (socket) { socket.push(null); socket.read(0); }, // read(0): 'end' even when paused, if nothing is left
  errored: function () { /* (its destroyed reads the core's truth) */ },
  close: function (socket, hadError) { socket.emit("close", hadError); },
  flowing: function (socket) { return readableState(socket).flowing; },
};

export interface Socket extends SocketApi {}

export class Socket extends Duplex {
  [kShell]: SocketShell<Socket>;
  [kHandle]: UvHandle | null;
  [kPlace]: Place;
  server: Server | null;

  constructor(options?: number | SocketOptions, accepted?: Accepted) {
    if (typeof options === "number") options = { fd: options };
    else if (options === null || typeof options !== "object") options = {};
    const marks = marksOf(options);
    // Ruff's stream (Node 6's) knows only highWaterMark; allowHalfOpen: the core's rule, not the stream's
    super({ allowHalfOpen: true, decodeStrings: false, highWaterMark: marks.read >= 0 ? marks.read : undefined,
      ...({ readable: options.readable, writable: options.writable } as object) }); // (false: that side is over, the core's too)
    // the Duplex's own 'end' listener would apply the half-open rule, which is the core's: it
    // goes (its once() wrapper alone is about 0.9 KB of Duktape heap per socket)
    this.removeAllListeners("end");
    this[kHandle] = null;
    this[kPlace] = { pipe: false, peer: null, view: null };
    this.server = accepted ? accepted.server : null;
    const shell = this[kShell] = new SocketShell(host, this, face, options, accepted ? accepted.id : 0);
    const state: WritableStateOfCore = Object.create(coreWritableState);
    state[kShell] = shell;
    if (marks.write >= 0) state.highWaterMark = marks.write;
    (this as unknown as { _writableState: WritableStateOfCore })._writableState = state;
    this.on("end", onEnd);
    if (accepted) {
      attach(this, accepted.handle, accepted.pipe);
      // pauseOnConnect: like Node, a 'data' listener alone does not start it; resume() does
      if (accepted.paused) this.pause();
      return; // the server drains, after its CONNECTION record
    }
    if (options.fd !== undefined) {
      const handle = uv.new_tcp();
      uv.tcp_open(handle, options.fd);
      attach(this, handle, false);
    }
    host.router.drain();
  }

  /** The handle, as Ruff's net.Socket has it (see HandleView); null before connect(). */
  get _handle(): HandleView | null {
    const handle = this[kHandle], place = this[kPlace];
    if (handle && (!place.view || place.view._tcp !== handle)) place.view = new HandleView(handle);
    return handle ? place.view : null;
  }

  // ---- reading: the stream's pace is the core's -------------------------------------------

  pause(): this {
    super.pause();
    this[kShell].pause();
    return this;
  }

  resume(): this {
    super.resume();
    this._read();
    return this;
  }

  /** The stream wants bytes: the core delivers what it holds, then reads on. */
  _read(): void {
    this[kShell].resume();
  }

  // ---- the user's calls → the shell --------------------------------------------------------

  connect(...args: unknown[]): this {
    const normalized = normalizeConnectArgs(args);
    const options = normalized[0], listener = normalized[1];
    const path = options.path;
    const port = typeof path === "string" ? -1 : checkPort(host, options.port);
    const self = this, again = this[kShell].id === 0; // closed: a new life, the readable side starts over
    this[kShell].connect(function (reuse) {
      if (again) startOver(self);
      // reuse: connecting or connected already, or on the user's descriptor: that handle connects (uv answers)
      const handle = reuse ? self[kHandle]! : typeof path === "string" ? uv.new_pipe(false) : uv.new_tcp();
      if (!reuse) attach(self, handle, typeof path === "string");
      if (typeof path === "string") connectPipe(self, handle, path);
      else connectTcp(self, handle, options, port);
    });
    if (typeof listener === "function") this.once("connect", listener as () => void);
    return this;
  }

  destroy(error?: Error): this { this[kShell].destroy(error); return this; }

  /** Ruff's uv has no ref/unref: these keep Node's chaining and do nothing else. */
  ref(): this { return this; }
  unref(): this { return this; }

  address(): { address: string; family: string; port: number } | {} {
    const handle = this[kHandle];
    if (!handle || this[kShell].connecting || this[kPlace].pipe) return {};
    try { return nodeAddress(uv.tcp_getsockname(handle)); } catch (e) { return {}; }
  }

  get localAddress() { const a = this.address() as { address?: string }; return a.address; }
  get localPort() { const a = this.address() as { port?: number }; return a.port; }
  get localFamily() { const a = this.address() as { family?: string }; return a.family; }
  get remoteAddress() { const p = remote(this); return p ? p.address : undefined; }
  get remotePort() { const p = remote(this); return p ? p.port : undefined; }
  get remoteFamily() { const p = remote(this); return p ? familyName(p.family) : undefined; }
  get pending() { return !this[kHandle] || this[kShell].connecting; }
}

installSocketApi(Socket.prototype); // write, end, cork, uncork, destroySoon (Ruff's http calls it), setTimeout, setNoDelay, setKeepAlive, and getters

// ---- the writable state: the core's ------------------------------------------------------

type WritableStateOfCore = { [kShell]: SocketShell; highWaterMark: number };

/** A getter over the core's writable state, for `_writableState` and the socket (undefined on
 *  the prototype itself, as node:net's); what the stream machinery assigns to it
 *  (`this.writable = true`, `state.destroyed = true`) is ignored: the core's value is the truth. */
function fromCore(get: (shell: SocketShell) => unknown): PropertyDescriptor {
  return {
    get: function (this: { [kShell]?: SocketShell }) { const shell = this[kShell]; return shell ? get(shell) : undefined; },
    set: function () {},
    configurable: true,
  };
}

/** A getter over the stream's reading state and the shell, undefined on the prototype itself. */
function fromReader(get: (state: ReadableState, shell: SocketShell) => unknown): PropertyDescriptor {
  return {
    get: function (this: Socket) { const state = readableState(this); return state ? get(state, this[kShell]) : undefined; },
    set: function () {},
    configurable: true,
  };
}
const ending = function (shell: SocketShell) { return (shell.writeState & 1) !== 0; };
const finished = function (shell: SocketShell) { return (shell.writeState & 2) !== 0; };
const needDrain = function (shell: SocketShell) { return (shell.writeState & 4) !== 0; };
const corked = function (shell: SocketShell) { return shell.writeState >>> 8; };
const destroyed = function (shell: SocketShell) { return shell.id === 0; };

/** The prototype of every socket's `_writableState`: the fields a Writable's state has that
 *  readers look at (Ruff's http, pipe(), Ruff's own net), as getters over the core, and an idle
 *  Writable's values for the machinery's own (no write is ever buffered by the stream). A
 *  WritableState by its prototype, so `socket instanceof stream.Writable` holds as for a Duplex. */
const WritableState = (Writable as unknown as { WritableState?: { prototype: object } }).WritableState;
const coreWritableState: object = Object.create(WritableState ? WritableState.prototype : Object.prototype, {
  length: fromCore(function (shell) { return shell.writableLength; }),
  needDrain: fromCore(needDrain),
  ending: fromCore(ending),
  ended: fromCore(ending),
  finished: fromCore(finished),
  corked: fromCore(corked),
  destroyed: fromCore(destroyed),
});
const idle: { [field: string]: unknown } = {
  objectMode: false, highWaterMark: DEFAULT_MARK, decodeStrings: false, defaultEncoding: "utf8",
  writing: false, sync: false, bufferProcessing: false, writelen: 0, writecb: null, pendingcb: 0,
  prefinished: false, finalCalled: false, errorEmitted: false,
  bufferedRequest: null, lastBufferedRequest: null, bufferedRequestCount: 0,
};
for (const field in idle) (coreWritableState as { [field: string]: unknown })[field] = idle[field];

// The stream's own getters and fields that would read its (bypassed) writable machinery.
Object.defineProperties(Socket.prototype, {
  writable: fromCore(function (shell) { return !ending(shell) && shell.id !== 0; }),
  writableEnded: fromCore(ending),
  writableFinished: fromCore(finished),
  writableNeedDrain: fromCore(needDrain),
  writableCorked: fromCore(corked),
  destroyed: fromCore(destroyed),
  // readable until 'end' or the close; bytes in the stream's buffer plus the ones the core holds
  readable: fromReader(function (state, shell) { return shell.id !== 0 && !state.endEmitted; }),
  readableLength: fromReader(function (state, shell) { return state.length + shell.heldLength; }),
  readableHighWaterMark: fromReader(function (state) { return state.highWaterMark; }), // (not in Node 6's streams)
});

// ---- reading ------------------------------------------------------------------------------

function readableState(socket: Socket): ReadableState {
  return (socket as unknown as { _readableState: ReadableState })._readableState;
}

/** 'data' for bytes from the core. push() would emit them at once in the case below, then
 *  call read(0), whose _read only asks the core to resume, which it has (the core delivers
 *  DATA only while flowing). That case is done here as push does it, without the read(0);
 *  any other goes through push(). */
function deliverData(socket: Socket, bytes: Uint8Array): void {
  const chunk = bytes as unknown as Buffer; // (the transport's reads and the runtime's copies are Buffers)
  const state = (socket as unknown as { _readableState: ReadableState })._readableState; // (no call: per read)
  if (state.flowing && !state.sync && state.length === 0 && !state.decoder && !state.ended) {
    state.reading = false;
    socket.emit("data", chunk);
  } else if (!socket.push(chunk)) {
    socket[kShell].pause(); // the stream is full: the core holds the rest
  }
}

/** The stream emits 'end' (this listener comes before the user's): the core hears it first. */
function onEnd(this: Socket): void {
  this[kShell].endSeen();
}

/** connect() after the close: the readable side reads again (what Node's _undestroy resets). */
function startOver(socket: Socket): void {
  const state = readableState(socket);
  state.reading = false;
  state.ended = false;
  state.endEmitted = false;
  socket[kPlace].peer = null;
}

// ---- connecting and addresses ------------------------------------------------------------

function attach(socket: Socket, handle: UvHandle, pipe: boolean): void {
  socket[kHandle] = handle;
  socket[kPlace].pipe = pipe;
  const shell = socket[kShell];
  shell.attach(new UvTransport(handle, shell, pipe));
}

function connectPipe(socket: Socket, handle: UvHandle, path: string): void {
  const shell = socket[kShell];
  uv.pipe_connect(handle, path, function (error) {
    if (error) shell.transportError(uvError(error, "connect", path));
    else shell.transportConnected();
  });
}

function connectTcp(socket: Socket, handle: UvHandle, options: { [key: string]: unknown }, port: number): void {
  const host = typeof options.host === "string" && options.host !== "" ? options.host : "localhost";
  if (isIP(host)) return startTcp(socket, handle, options, host, port);
  const shell = socket[kShell];
  lookup(host, options, function (error, address, family) {
    if (!shell.id) return; // destroyed while resolving
    socket.emit("lookup", error, address, family, host);
    if (error) socket.destroy(error);
    else startTcp(socket, handle, options, address!, port);
  });
}

function startTcp(socket: Socket, handle: UvHandle, options: { [key: string]: unknown }, ip: string, port: number): void {
  const shell = socket[kShell];
  const binds = options.localAddress !== undefined || options.localPort !== undefined;
  try {
    if (binds) {
      const local = typeof options.localAddress === "string" ? options.localAddress : isIP(ip) === 6 ? "::" : "0.0.0.0";
      uv.tcp_bind(handle, local, Number(options.localPort) || 0);
    }
    uv.tcp_connect(handle, ip, port, function (error) {
      if (error) shell.transportError(uvError(error, "connect", ip, port));
      else shell.transportConnected();
    });
  } catch (error) {
    const failed = uvError(error as Error, binds ? "bind" : "connect", ip, port);
    process.nextTick(function () { shell.transportError(failed); });
  }
}

function remote(socket: Socket): UvAddress | null {
  const place = socket[kPlace], handle = socket[kHandle];
  if (!place) return null; // (the prototype itself)
  if (!place.peer && handle && !socket[kShell].connecting && socket[kShell].id && !place.pipe) {
    try { place.peer = uv.tcp_getpeername(handle); } catch (e) { return null; }
  }
  return place.peer;
}

export function familyName(family: string | number): string {
  return family === 6 || family === "INET6" || family === "IPv6" || family === "inet6" ? "IPv6" : "IPv4";
}

export function nodeAddress(address: UvAddress): { address: string; family: string; port: number } {
  return { address: address.address, family: familyName(address.family), port: address.port };
}
