// net.Socket's Ruff face: an EventEmitter over the shell (../shell/socket.ts), on uv handles.
//
// Reading follows Node's stream rules without a stream library: until the user adds a 'data'
// listener or calls resume(), delivered bytes are held here (up to the read mark, then the
// core is paused), so nothing is lost; 'end' comes after the last held byte, and the core
// hears that the user has it right before the 'end' is emitted. Our state lives under
// symbols: users own every name.

import { EventEmitter } from "events";
import { host } from "./runtime";
import { SocketShell, marksOf, type SocketFaceKind, type SocketOptions } from "../shell/socket";
import { normalizeConnectArgs, checkPort } from "../shell/args";
import { kShell, installSocketApi } from "../shell/face";
import { uvError } from "./errors";
import { UvTransport } from "./transport";
import { isIP, lookup } from "./address";
import type { Server } from "./server";

export { normalizeConnectArgs };

const kReader = Symbol("wasm-net reader");
const kHandle = Symbol("wasm-net handle");

/** How a Server hands an accepted connection to a new Socket (not a public option). */
export interface Accepted { id: number; handle: UvHandle; server: Server; paused: boolean; pipe: boolean }

/** The reading side's state, as Node's Readable keeps it, plus what the addresses need. */
interface Reader {
  flowing: boolean | null; //  Node's readableFlowing
  held: Uint8Array[];
  heldBytes: number;
  endHeld: boolean;
  mark: number;
  decoder: { decode(bytes: Uint8Array, options?: { stream: boolean }): string } | null;
  encoding: string | null;
  pipe: boolean;
  peer: UvAddress | null;
}

const DEFAULT_MARK = 16384;

const face: SocketFaceKind<Socket> = {
  data: function (socket, bytes) {
    const r = socket[kReader];
    if (r.flowing === true && r.held.length === 0) return emitData(socket, bytes);
    r.held.push(bytes);
    r.heldBytes += bytes.length;
    if (r.heldBytes >= r.mark) socket[kShell].pause();
  },
  /** As a Readable: 'end' at once when nothing is held, flowing or not; else after the bytes. */
  end: function (socket) {
    const r = socket[kReader];
    if (r.held.length > 0) r.endHeld = true;
    else emitEnd(socket);
  },
  close: function (socket, hadError) { socket.emit("close", hadError); },
};

export interface Socket {
  write(chunk: unknown, encoding?: unknown, cb?: unknown): boolean;
  end(chunk?: unknown, encoding?: unknown, cb?: unknown): this;
  cork(): void;
  uncork(): void;
  setTimeout(ms: number, callback?: () => void): this;
  setNoDelay(noDelay?: boolean): this;
  setKeepAlive(enable?: boolean, initialDelay?: number): this;
  readonly connecting: boolean;
  readonly readyState: string;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly writableLength: number;
  readonly bufferSize: number;
}

export class Socket extends EventEmitter {
  [kShell]: SocketShell<Socket>;
  [kReader]: Reader;
  /** The uv handle, as Ruff's and Node's sockets name it (listen(handle) reads it). */
  [kHandle]: UvHandle | null;
  server: Server | null;

  constructor(options?: number | SocketOptions, accepted?: Accepted) {
    super();
    if (typeof options === "number") options = { fd: options };
    else if (options === null || typeof options !== "object") options = {};
    const mark = marksOf(options).read;
    this[kReader] = { flowing: null, held: [], heldBytes: 0, endHeld: false, mark: mark >= 0 ? mark : DEFAULT_MARK, decoder: null, encoding: null, pipe: false, peer: null };
    this[kHandle] = null;
    this.server = accepted ? accepted.server : null;
    this[kShell] = new SocketShell(host, this, face, options, accepted ? accepted.id : 0);
    this.on("newListener", startFlowingOnData);
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

  /** The uv handle (Node's and Ruff's name; listen(handle) reads it). */
  get _handle(): UvHandle | null { return this[kHandle]; }

  // ---- reading: the user's pace ------------------------------------------------------------

  pause(): this {
    this[kReader].flowing = false;
    this[kShell].pause();
    return this;
  }

  resume(): this {
    const r = this[kReader];
    if (r.flowing === true) return this;
    r.flowing = true;
    process.nextTick(flush, this); // as Node: resume() flows on the next tick
    return this;
  }

  isPaused(): boolean {
    return this[kReader].flowing === false;
  }

  setEncoding(encoding?: string): this {
    const name = String(encoding || "utf8").toLowerCase();
    const r = this[kReader];
    r.encoding = name;
    r.decoder = (name === "utf8" || name === "utf-8") && typeof TextDecoder === "function" ? new TextDecoder("utf-8") : null;
    return this;
  }

  /** Writes everything read to `destination`, at its pace; ends it on 'end' unless told not to. */
  pipe<T extends { write(data: unknown): boolean; end(): unknown; on(event: string, listener: () => void): unknown }>(destination: T, options?: { end?: boolean }): T {
    const self = this;
    this.on("data", function (data: unknown) {
      if (destination.write(data) === false) self.pause();
    });
    destination.on("drain", function () { self.resume(); });
    if (!options || options.end !== false) this.on("end", function () { destination.end(); });
    return destination;
  }

  // ---- the user's calls → the shell --------------------------------------------------------

  connect(...args: unknown[]): this {
    const normalized = normalizeConnectArgs(args);
    const options = normalized[0], listener = normalized[1];
    const path = options.path;
    const port = typeof path === "string" ? -1 : checkPort(host, options.port);
    const self = this;
    this[kShell].connect(function () {
      const handle = typeof path === "string" ? uv.new_pipe(false) : uv.new_tcp();
      attach(self, handle, typeof path === "string");
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
    if (!handle || this[kShell].connecting || this[kReader].pipe) return {};
    try { return nodeAddress(uv.tcp_getsockname(handle)); } catch (e) { return {}; }
  }

  get localAddress() { const a = this.address() as { address?: string }; return a.address; }
  get localPort() { const a = this.address() as { port?: number }; return a.port; }
  get localFamily() { const a = this.address() as { family?: string }; return a.family; }
  get remoteAddress() { const p = remote(this); return p ? p.address : undefined; }
  get remotePort() { const p = remote(this); return p ? p.port : undefined; }
  get remoteFamily() { const p = remote(this); return p ? familyName(p.family) : undefined; }
  get pending() { return !this[kHandle] || this[kShell].connecting; }
  get destroyed() { return this[kShell].id === 0; }
  get readableLength() { return this[kReader].heldBytes + this[kShell].heldLength; }
  get writable() { return (this[kShell].writeState & 1) === 0 && this[kShell].id !== 0; }
  get readable() { return this[kShell].id !== 0 && !this[kReader].endHeld; }
}

installSocketApi(Socket.prototype); // write, end, cork, uncork, setTimeout, setNoDelay, setKeepAlive, and getters

function attach(socket: Socket, handle: UvHandle, pipe: boolean): void {
  socket[kHandle] = handle;
  socket[kReader].pipe = pipe;
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
  const r = socket[kReader], handle = socket[kHandle];
  if (!r.peer && handle && !socket[kShell].connecting && socket[kShell].id && !r.pipe) {
    try { r.peer = uv.tcp_getpeername(handle); } catch (e) { return null; }
  }
  return r.peer;
}

/** A 'data' listener starts the flow unless the user paused the socket (Node's rule). */
function startFlowingOnData(this: Socket, event: string): void {
  if (event === "data" && !this.isPaused()) this.resume();
}

function emitData(socket: Socket, bytes: Uint8Array): void {
  const r = socket[kReader];
  if (r.decoder) socket.emit("data", r.decoder.decode(bytes, { stream: true }));
  else if (r.encoding) socket.emit("data", toBuffer(bytes).toString(r.encoding as BufferEncoding));
  else socket.emit("data", toBuffer(bytes));
}

function emitEnd(socket: Socket): void {
  const r = socket[kReader];
  r.endHeld = false;
  if (r.decoder) {
    const rest = r.decoder.decode(new Uint8Array(0));
    if (rest) socket.emit("data", rest);
  }
  socket[kShell].endSeen(); // the user has every byte: the core hears of the 'end' first
  socket.emit("end");
}

/** Hands the held bytes (and a held 'end') to the user while the socket flows. */
function flush(socket: Socket): void {
  const r = socket[kReader];
  while (r.flowing === true && r.held.length > 0) {
    const bytes = r.held.shift()!;
    r.heldBytes -= bytes.length;
    emitData(socket, bytes);
  }
  if (r.flowing !== true) return;
  if (r.endHeld) emitEnd(socket);
  else socket[kShell].resume();
}

/** What the user gets: a Buffer (on Ruff a Buffer is not a Uint8Array, nor uv's reads Buffers). */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : new Buffer(bytes);
}

export function familyName(family: string | number): string {
  return family === 6 || family === "INET6" || family === "IPv6" || family === "inet6" ? "IPv6" : "IPv4";
}

export function nodeAddress(address: UvAddress): { address: string; family: string; port: number } {
  return { address: address.address, family: familyName(address.family), port: address.port };
}
