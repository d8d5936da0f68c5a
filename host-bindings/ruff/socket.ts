// net.Socket on Ruff: an EventEmitter whose every decision is the core's (the write queue,
// write()'s answer, flow control, half-open, timeouts, errors, close), over a uv handle.
//
// Reading follows Node's stream rules without a stream library: until the user adds a 'data'
// listener or calls resume(), delivered bytes are held here (up to the read mark, then the
// core is paused), so nothing is lost; 'end' comes after the last held byte, and only then
// does the core hear that the user has seen it (socket_end_seen).

import { EventEmitter } from "events";
import * as abi from "../../assembly/abi";
import { core, wasm, router, now } from "./runtime";
import { coreError, codeOf, invalidArgType, badPort, uvError } from "./errors";
import { UvTransport } from "./transport";
import { isIP, lookup } from "./address";
import { normalizeConnectArgs } from "../args";

export { normalizeConnectArgs };
import type { Server } from "./server";

type Callback = ((error?: Error | null) => void) | undefined;

export interface SocketOptions {
  fd?: number;
  allowHalfOpen?: boolean;
  readable?: boolean;
  writable?: boolean;
  highWaterMark?: number;
  readableHighWaterMark?: number;
  writableHighWaterMark?: number;
}

/** How a Server hands an accepted connection to a new Socket (not a public option). */
export interface Accepted { id: number; handle: UvHandle; server: Server; paused: boolean }

const DEFAULT_MARK = 16384;

export class Socket extends EventEmitter {
  /** The core's id for this socket (0 once closed). */
  id: number;
  connecting = false;
  server: Server | null = null;
  /** The uv handle, as Ruff's and Node's sockets name it (listen(handle) reads it). */
  _handle: UvHandle | null = null;
  private transport: UvTransport | null = null;
  private callbacks: Callback[] = [];
  private readBytes: Uint8Array | null = null; // the transport's bytes of the read being handled
  private error: Error | null = null; //         the platform's or user's error to report
  private timer: unknown = null;
  private flowing: boolean | null = null; //     Node's readableFlowing
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private endHeld = false;
  private decoder: { decode(bytes: Uint8Array, options?: { stream: boolean }): string } | null = null;
  private encoding: string | null = null;
  private ended = false;
  private finished = false;
  private gone = false;
  private finalBytes = [0, 0];
  private peer: UvAddress | null = null;
  private readonly readMark: number;
  private readonly writeMark: number;
  private connectTarget: { address?: string; port?: number } = {};

  constructor(options?: number | SocketOptions, accepted?: Accepted) {
    super();
    if (typeof options === "number") options = { fd: options };
    else if (options === null || typeof options !== "object") options = {};
    this.readMark = options.readableHighWaterMark || options.highWaterMark || DEFAULT_MARK;
    this.writeMark = options.writableHighWaterMark || options.highWaterMark || DEFAULT_MARK;
    if (accepted) {
      this.id = accepted.id;
      this.server = accepted.server;
    } else {
      const flags = (options.allowHalfOpen ? abi.OPEN_ALLOW_HALF_OPEN : 0) | (options.fd !== undefined ? abi.OPEN_CONNECTED : 0);
      this.id = wasm.socket_open(flags);
    }
    router.registerSocket(this.id, this);
    wasm.socket_set_marks(this.id, this.readMark, this.writeMark);
    this.on("newListener", startFlowingOnData);
    if (accepted) {
      this.attach(accepted.handle);
      // pauseOnConnect: like Node, a 'data' listener alone does not start it; resume() does
      if (accepted.paused) this.pause();
      return; // the server drains, after its CONNECTION record
    }
    if (options.fd !== undefined) {
      const handle = uv.new_tcp();
      uv.tcp_open(handle, options.fd);
      this.attach(handle);
    }
    router.drain();
  }

  // ---- the transport: uv callbacks → core inputs ------------------------------------------

  private attach(handle: UvHandle): void {
    this._handle = handle;
    this.transport = new UvTransport(handle, this);
  }

  /** @internal */
  transportRead(bytes: Uint8Array): void {
    const answer = wasm.socket_handle_read(this.id, bytes.length, now());
    if (answer === abi.READ_COPY) core.bytes().set(bytes, core.replyAddress());
    this.readBytes = bytes;
    router.drainIO();
    this.readBytes = null;
  }
  /** @internal */
  transportEof(): void { wasm.socket_handle_eof(this.id, now()); router.drainIO(); }
  /** @internal */
  transportError(error: Error): void {
    this.error = error;
    wasm.socket_handle_error(this.id, codeOf(error));
    router.drainIO();
  }
  /** @internal */
  transportWritten(): void { wasm.socket_handle_write_done(this.id, now()); router.drainIO(); }
  /** @internal */
  transportShutdown(): void { wasm.socket_handle_shutdown_done(this.id); router.drainIO(); }

  private transportConnected(): void {
    wasm.socket_handle_connected(this.id, now());
    router.drainIO();
  }

  // ---- core records → uv calls and user events -------------------------------------------

  onRecord(op: number, a: number, b: number): void {
    const self = this;
    switch (op) {
      case abi.OP_READ_START: if (this.transport) this.transport.readStart(); break;
      case abi.OP_READ_STOP: if (this.transport) this.transport.readStop(); break;
      case abi.OP_SEND: this.transport!.write(copyOut(a, b)); break;
      case abi.OP_SHUTDOWN: if (this.transport) this.transport.shutdown(); break;
      case abi.OP_CLOSE: if (this.transport) this.transport.close(); break;
      case abi.OP_TIMER_START: this.armTimer(a); break;
      case abi.OP_TIMER_STOP: this.disarmTimer(); break;
      case abi.OP_CONNECT:
        this.connecting = false;
        router.deliver(function () { self.emit("connect"); self.emit("ready"); });
        break;
      case abi.OP_DATA: {
        const bytes = a === 0 ? this.readBytes! : copyOut(a, b);
        if (router.immediate) this.receive(bytes);
        else router.deliver(function () { self.receive(bytes); });
        break;
      }
      case abi.OP_END: router.deliver(function () { self.receiveEnd(); }); break;
      case abi.OP_FINISH: this.finished = true; router.deliver(function () { self.emit("finish"); }); break;
      case abi.OP_DRAIN: router.deliver(function () { self.emit("drain"); }); break;
      case abi.OP_TIMEOUT: router.deliver(function () { self.emit("timeout"); }); break;
      case abi.OP_WRITE_DONE: {
        const callbacks = this.callbacks;
        let any = false;
        for (let i = 0; i < a && i < callbacks.length && !any; i++) any = callbacks[i] !== undefined;
        if (!any) { // the common case, without allocating: no callback among them
          if (a >= callbacks.length) callbacks.length = 0;
          else callbacks.splice(0, a);
          break;
        }
        const done = callbacks.splice(0, a);
        const error = b === abi.E_OK ? null : this.error || coreError(b);
        router.deliver(function () { for (let i = 0; i < done.length; i++) { const cb = done[i]; if (cb) cb(error); } });
        break;
      }
      case abi.OP_ERROR: {
        const error = this.error || coreError(a);
        this.error = error;
        router.deliver(function () { self.emit("error", error); });
        break;
      }
      case abi.OP_CLOSED: this.onClosed(a === 1); break;
    }
  }

  private onClosed(hadError: boolean): void {
    this.finalBytes = [wasm.socket_bytes_read(this.id), wasm.socket_bytes_written(this.id)];
    this.gone = true;
    this.connecting = false;
    this.id = 0; // (the core stopped any timer before CLOSED)
    const self = this;
    router.deliverClose(function () { self.emit("close", hadError); });
  }

  private armTimer(ms: number): void {
    const previous = this.timer;
    const self = this;
    this.timer = setTimeout(function () {
      self.timer = null;
      if (!self.id) return;
      wasm.socket_handle_timer(self.id, now());
      router.drainIO();
    }, ms);
    if (previous) clearTimeout(previous as ReturnType<typeof setTimeout>);
  }

  private disarmTimer(): void {
    if (this.timer) clearTimeout(this.timer as ReturnType<typeof setTimeout>);
    this.timer = null;
  }

  // ---- reading: the user's pace ------------------------------------------------------------

  private receive(bytes: Uint8Array): void {
    if (this.flowing === true && this.held.length === 0) return this.emitData(bytes);
    this.held.push(bytes);
    this.heldBytes += bytes.length;
    if (this.heldBytes >= this.readMark && this.id) { wasm.socket_pause(this.id); router.drain(); }
  }

  /** As a Readable: 'end' at once when nothing is held, flowing or not; else after the bytes. */
  private receiveEnd(): void {
    if (this.held.length > 0) this.endHeld = true;
    else this.emitEnd();
  }

  private emitData(bytes: Uint8Array): void {
    if (this.decoder) this.emit("data", this.decoder.decode(bytes, { stream: true }));
    else if (this.encoding) this.emit("data", toBuffer(bytes).toString(this.encoding as BufferEncoding));
    else this.emit("data", toBuffer(bytes));
  }

  private emitEnd(): void {
    this.endHeld = false;
    if (this.decoder) {
      const rest = this.decoder.decode(new Uint8Array(0));
      if (rest) this.emit("data", rest);
    }
    this.emit("end");
    // the user has every byte and the 'end': now the core may end our side and close
    if (this.id) { wasm.socket_end_seen(this.id); router.drain(); }
  }

  /** Hands the held bytes (and a held 'end') to the user while the socket flows. */
  private flush(): void {
    while (this.flowing === true && this.held.length > 0) {
      const bytes = this.held.shift()!;
      this.heldBytes -= bytes.length;
      this.emitData(bytes);
    }
    if (this.flowing !== true) return;
    if (this.endHeld) this.emitEnd();
    else if (this.id) { wasm.socket_resume(this.id); router.drain(); }
  }

  pause(): this {
    this.flowing = false;
    if (this.id) { wasm.socket_pause(this.id); router.drain(); }
    return this;
  }

  resume(): this {
    if (this.flowing === true) return this;
    this.flowing = true;
    const self = this;
    process.nextTick(function () { self.flush(); }); // as Node: resume() flows on the next tick
    return this;
  }

  isPaused(): boolean {
    return this.flowing === false;
  }

  setEncoding(encoding?: string): this {
    const name = String(encoding || "utf8").toLowerCase();
    this.encoding = name;
    this.decoder = (name === "utf8" || name === "utf-8") && typeof TextDecoder === "function" ? new TextDecoder("utf-8") : null;
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

  // ---- the user's calls → core inputs ----------------------------------------------------

  connect(...args: unknown[]): this {
    const normalized = normalizeConnectArgs(args);
    const options = normalized[0], listener = normalized[1];
    if (this.gone) throw coreError(abi.ERR_SOCKET_CLOSED);
    if (this._handle) throw coreError(abi.ERR_SOCKET_CONNECTING); // connecting, or connected already
    const path = options.path;
    let port = -1;
    if (path === undefined) port = checkPort(options.port);
    const handle = typeof path === "string" ? uv.new_pipe(false) : uv.new_tcp();
    this.attach(handle);
    wasm.socket_connect(this.id, now());
    this.connecting = true;
    if (typeof listener === "function") this.once("connect", listener as () => void);
    router.drain();
    if (typeof path === "string") this.connectPipe(handle, path);
    else this.connectTcp(handle, options, port);
    return this;
  }

  private connectPipe(handle: UvHandle, path: string): void {
    const self = this;
    this.connectTarget = { address: path };
    uv.pipe_connect(handle, path, function (error) {
      if (error) self.transportError(uvError(error, "connect", path));
      else self.transportConnected();
    });
  }

  private connectTcp(handle: UvHandle, options: { [key: string]: unknown }, port: number): void {
    const self = this;
    const host = typeof options.host === "string" && options.host !== "" ? options.host : "localhost";
    if (isIP(host)) return this.startTcp(handle, options, host, port);
    lookup(host, options, function (error, address, family) {
      if (!self.id || self.gone) return; // destroyed while resolving
      self.emit("lookup", error, address, family, host);
      if (error) self.destroy(error);
      else self.startTcp(handle, options, address!, port);
    });
  }

  private startTcp(handle: UvHandle, options: { [key: string]: unknown }, ip: string, port: number): void {
    const self = this;
    this.connectTarget = { address: ip, port: port };
    try {
      if (options.localAddress !== undefined || options.localPort !== undefined) {
        const local = typeof options.localAddress === "string" ? options.localAddress : isIP(ip) === 6 ? "::" : "0.0.0.0";
        uv.tcp_bind(handle, local, Number(options.localPort) || 0);
      }
      uv.tcp_connect(handle, ip, port, function (error) {
        if (error) self.transportError(uvError(error, "connect", ip, port));
        else self.transportConnected();
      });
    } catch (error) {
      const failed = uvError(error as Error, options.localAddress !== undefined || options.localPort !== undefined ? "bind" : "connect", ip, port);
      process.nextTick(function () { self.transportError(failed); });
    }
  }

  write(chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
    if (typeof encoding === "function") { cb = encoding; encoding = undefined; }
    const bytes = toBytes(chunk, encoding as string | undefined);
    const callback = typeof cb === "function" ? (cb as Callback) : undefined;
    if (this.id === 0) {
      const error = coreError(abi.ERR_STREAM_DESTROYED);
      if (callback) process.nextTick(callback, error);
      return false;
    }
    const answer = wasm.socket_write(this.id, bytes.length, now());
    if (answer === -abi.ENOBUFS) throw coreError(abi.ENOBUFS); // not queued: the caller still has it
    if (answer < 0) {
      this.error = coreError(-answer);
      if (callback) process.nextTick(callback, this.error);
    } else {
      core.placeWrite(answer, bytes, this.transport!);
      this.callbacks.push(callback);
    }
    router.drain();
    return answer >= 0 && (answer & abi.WRITE_BELOW_MARK) !== 0;
  }

  end(chunk?: unknown, encoding?: unknown, cb?: unknown): this {
    if (typeof chunk === "function") { cb = chunk; chunk = undefined; }
    else if (typeof encoding === "function") { cb = encoding; encoding = undefined; }
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    if (typeof cb === "function") {
      const callback = cb as (error?: Error | null) => void;
      if (this.finished || this.gone) process.nextTick(callback, this.finished ? null : coreError(abi.ERR_STREAM_DESTROYED));
      else this.once("finish", function () { callback(); });
    }
    this.ended = true;
    if (this.id) wasm.socket_end(this.id);
    router.drain();
    return this;
  }

  destroy(error?: Error): this {
    if (this.id) {
      if (error) this.error = error;
      wasm.socket_destroy(this.id, error ? codeOf(error) : 0);
      router.drain();
    }
    return this;
  }

  setTimeout(ms: number, callback?: () => void): this {
    if (typeof ms !== "number") throw invalidArgType("msecs", "of type number", ms);
    if (!(ms >= 0) || ms === Infinity) {
      const error = new RangeError('The value of "msecs" is out of range. It must be a non-negative finite number. Received ' + ms) as RangeError & { code: string };
      error.code = "ERR_OUT_OF_RANGE";
      throw error;
    }
    if (callback !== undefined && typeof callback !== "function") throw invalidArgType("callback", "of type function", callback);
    if (this.id) { wasm.socket_set_timeout(this.id, Math.floor(ms), now()); router.drain(); }
    if (callback) {
      if (ms === 0) this.removeListener("timeout", callback);
      else this.once("timeout", callback);
    }
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    if (this._handle && !this.isPipe()) uv.tcp_nodelay(this._handle, noDelay !== false);
    return this;
  }

  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    if (this._handle && !this.isPipe()) uv.tcp_keepalive(this._handle, Boolean(enable), Math.floor((initialDelay || 0) / 1000));
    return this;
  }

  /** Ruff's uv has no ref/unref: these keep Node's chaining and do nothing else. */
  ref(): this { return this; }
  unref(): this { return this; }

  address(): { address: string; family: string; port: number } | {} {
    if (!this._handle || this.connecting || this.isPipe()) return {};
    try { return nodeAddress(uv.tcp_getsockname(this._handle)); } catch (e) { return {}; }
  }

  private remote(): UvAddress | null {
    if (!this.peer && this._handle && !this.connecting && !this.gone && !this.isPipe()) {
      try { this.peer = uv.tcp_getpeername(this._handle); } catch (e) { return null; }
    }
    return this.peer;
  }

  private isPipe(): boolean {
    return this.connectTarget.port === undefined && this.connectTarget.address !== undefined;
  }

  get localAddress() { const a = this.address() as { address?: string }; return a.address; }
  get localPort() { const a = this.address() as { port?: number }; return a.port; }
  get localFamily() { const a = this.address() as { family?: string }; return a.family; }
  get remoteAddress() { const p = this.remote(); return p ? p.address : undefined; }
  get remotePort() { const p = this.remote(); return p ? p.port : undefined; }
  get remoteFamily() { const p = this.remote(); return p ? familyName(p.family) : undefined; }
  get pending() { return !this._handle || this.connecting; }
  get destroyed() { return this.gone; }
  get readyState() { return abi.READY_STATE_NAMES[wasm.socket_ready_state(this.id)]; }
  get bytesRead() { return this.gone ? this.finalBytes[0] : wasm.socket_bytes_read(this.id); }
  get bytesWritten() { return this.gone ? this.finalBytes[1] : wasm.socket_bytes_written(this.id); }
  get writableLength() { return this.id ? wasm.socket_writable_length(this.id) : 0; }
  get bufferSize() { return this.writableLength; }
  get readableLength() { return this.heldBytes + (this.id ? wasm.socket_readable_length(this.id) : 0); }
  get writable() { return !this.ended && !this.gone; }
  get readable() { return !this.gone && !this.endHeld; }
}

/** A 'data' listener starts the flow unless the user paused the socket (Node's rule). */
function startFlowingOnData(this: Socket, event: string): void {
  if (event === "data" && !this.isPaused()) this.resume();
}

/** Bytes of the core's memory, copied out (as a Buffer) before the next call into the core. */
function copyOut(at: number, length: number): Uint8Array {
  return new Buffer(core.bytes().subarray(at, at + length));
}

/** What the user gets: a Buffer (on Ruff a Buffer is not a Uint8Array, nor uv's reads Buffers). */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : new Buffer(bytes);
}

function toBytes(chunk: unknown, encoding?: string): Uint8Array {
  if (typeof chunk === "string") return new Buffer(chunk, (encoding || "utf8") as BufferEncoding);
  if (chunk instanceof Uint8Array || Buffer.isBuffer(chunk)) return chunk as Uint8Array;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk === null) {
    const error = new TypeError("May not write null values to stream") as TypeError & { code: string };
    error.code = "ERR_STREAM_NULL_VALUES";
    throw error;
  }
  throw invalidArgType("chunk", "of type string or an instance of Buffer, TypedArray, or DataView", chunk);
}

export function familyName(family: string | number): string {
  return family === 6 || family === "INET6" || family === "IPv6" || family === "inet6" ? "IPv6" : "IPv4";
}

export function nodeAddress(address: UvAddress): { address: string; family: string; port: number } {
  return { address: address.address, family: familyName(address.family), port: address.port };
}

/** Node's port rule: a number or a numeric string (not blank) that the core finds valid. */
export function checkPort(port: unknown, rangeName?: string): number {
  if (typeof port !== "number" && typeof port !== "string") throw invalidArgType("options.port", "one of type number or string", port);
  if ((typeof port === "string" && port.replace(/^\s+|\s+$/g, "") === "") || !wasm.port_valid(+port)) throw badPort(port, rangeName);
  return +port;
}
