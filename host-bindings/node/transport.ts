// How bytes move for a Socket: read, write, shut down, close. A dictionary, nothing more:
// core action → platform call, platform event → TransportSink call.
//
// Two kinds, the same contract:
//   - HandleTransport drives the socket's libuv handle the way node:net itself does (Node 20's
//     tcp_wrap/stream_wrap: readStart, onread, writeBuffer, shutdown), with no stream layer of
//     node:net's underneath ours. Used where those handles exist.
//   - StreamTransport uses node:net's public socket API. Used everywhere else (another Node,
//     Bun, Deno), or when WASM_NET_TRANSPORT=stream asks for it.
// Connecting, DNS, listening and accepting stay with node:net's public API in both cases.
//
// A transport never reports a write or shutdown as done from inside the call that started it.

import * as net from "node:net";
import type { Transport } from "../shell/socket";
import { nodeBinding } from "./bindings";
import { coreError } from "../shell/errors";
import { ERR_SOCKET_CLOSED } from "../../assembly/abi";

/** Where a transport reports: the socket's shell. */
export interface TransportSink {
  transportRead(bytes: Buffer): void;
  transportEof(): void;
  transportError(error: Error): void;
  transportWritten(): void;
  transportWrittenAtOnce(): void;
  transportShutdown(): void;
}

/** The socket's own _handle, once made: the core's socket options go through it, as node:net's
 *  go through its handle (code may watch or replace its setNoDelay/setKeepAlive), and it hands
 *  them back to the platform (NodeTransport's platformNoDelay/platformKeepAlive). */
export interface OptionsHandle {
  setNoDelay(on: boolean): unknown;
  setKeepAlive(on: boolean, delaySeconds: number): unknown;
}
/** The socket a transport serves answers here with its _handle, if one was made (socket.ts). */
export const kOptionsHandle = Symbol("wasm-net options handle");
export interface OptionsOwner { [kOptionsHandle](): OptionsHandle | null }

/** A Node transport: the shell's Transport, and the platform's own option calls. */
export interface NodeTransport extends Transport {
  platformNoDelay(on: boolean): void;
  platformKeepAlive(on: boolean, delaySeconds: number): void;
  /** Bytes the platform received that were not read yet. */
  hasPendingRead(): boolean;
  /** A consumer closed the socket's _handle: the platform's handle closes beneath the socket
   *  (./stream-handle.ts), and `done` runs once it has. */
  closePlatformHandle(done: () => void): void;
  /** A user set the socket's _handle to null: from here the socket has no platform handle, as
   *  node:net's has none then (its writes fail with ERR_SOCKET_CLOSED). The handle itself is
   *  left as node:net leaves it. */
  forgetPlatformHandle(): void;
  /** The platform handle's file descriptor, or -1. */
  platformFd(): number;
}

/** node:net's public API: the raw socket is paused and allows half-open. */
class StreamTransport implements NodeTransport {
  private readonly closer: Closer;

  constructor(private raw: net.Socket, private sink: TransportSink, private owner: OptionsOwner) {
    this.closer = new RawClose(raw);
    raw.pause();
    raw.on("data", (bytes: Buffer) => sink.transportRead(bytes));
    raw.on("end", () => sink.transportEof());
    raw.on("error", (error: Error) => sink.transportError(error));
  }
  readStart() { this.raw.resume(); }
  readStop() { this.raw.pause(); }
  write(bytes: Uint8Array) {
    let atOnce = false;
    this.raw.write(bytes, (error) => {
      if (error) this.sink.transportError(error);
      else if (!atOnce) this.sink.transportWritten();
    });
    // node:net counts a write its handle took whole as done inside write() (its callback still
    // comes on the next tick): then it is done at once here too; one that failed at once left
    // the socket errored, and its error comes to the callback
    if (this.raw.writableLength === 0 && !this.raw.errored && !this.raw.destroyed) {
      atOnce = true;
      this.sink.transportWrittenAtOnce();
    }
  }
  shutdown() {
    this.raw.end((error?: Error | null) => (error ? this.sink.transportError(error) : this.sink.transportShutdown()));
  }
  close(reset: boolean, closed: (withHandle: boolean) => void) { this.closer.close(reset, closed); }
  closePlatformHandle(done: () => void) {
    const handle = holder(this.raw)._handle;
    if (typeof handle?.close === "function") return handle.close(done);
    this.raw.destroy(); // a platform without libuv handles: its socket is what there is to close
    process.nextTick(done);
  }
  forgetPlatformHandle() { holder(this.raw)._handle = null; }
  platformFd() { return fdOf(holder(this.raw)._handle); }
  setNoDelay(on: boolean) { setNoDelay(this, this.owner, on); }
  setKeepAlive(on: boolean, delaySeconds: number) { setKeepAlive(this, this.owner, on, delaySeconds); }
  platformNoDelay(on: boolean) { this.raw.setNoDelay(on); }
  platformKeepAlive(on: boolean, delaySeconds: number) { this.raw.setKeepAlive(on, delaySeconds * 1000); }
  hasPendingRead() {
    return this.raw.readableLength > 0 || holder(this.raw)._handle?.hasPendingRead?.() === true;
  }
}

/** node:net's object (a net.Socket, net.Server or AcceptedHandle) as the holder of its libuv
 *  handle, `_handle` (null where there is none; on Bun and Deno, whatever they keep there). */
function holder(owner: object): { _handle: Handle } {
  return owner as { _handle: Handle };
}

function fdOf(handle: Handle): number {
  return typeof handle?.fd === "number" ? handle.fd : -1;
}

function setNoDelay(transport: NodeTransport, owner: OptionsOwner, on: boolean): void {
  const handle = owner[kOptionsHandle]();
  if (handle) handle.setNoDelay(on);
  else transport.platformNoDelay(on);
}

function setKeepAlive(transport: NodeTransport, owner: OptionsOwner, on: boolean, delaySeconds: number): void {
  const handle = owner[kOptionsHandle]();
  if (handle) handle.setKeepAlive(on, delaySeconds);
  else transport.platformKeepAlive(on, delaySeconds);
}

// ---- the libuv handle (Node 20's own bindings) -------------------------------------------

interface StreamBinding {
  WriteWrap: new () => Record<string | symbol, unknown>;
  ShutdownWrap: new () => Record<string, unknown>;
  streamBaseState: Int32Array;
  kReadBytesOrError: number;
  kArrayBufferOffset: number;
  kLastWriteWasAsync: number;
}
interface UvBinding { UV_EOF: number; UV_ENOTCONN: number; errname(code: number): string }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handle = any;

function loadBindings(): { stream: StreamBinding; uv: UvBinding } | null {
  if (process.env.WASM_NET_TRANSPORT === "stream") return null;
  const stream = nodeBinding<StreamBinding>("stream_wrap");
  const uv = nodeBinding<UvBinding>("uv");
  if (typeof stream?.WriteWrap !== "function" || !stream.streamBaseState || typeof uv?.errname !== "function") return null;
  return { stream, uv };
}

const native = loadBindings();

/** An Error as node:net makes them for libuv failures ("read ECONNRESET", errno, code, syscall). */
function uvError(errno: number, syscall: string): Error {
  const code = native!.uv.errname(errno);
  return Object.assign(new Error(`${syscall} ${code}`), { errno, code, syscall });
}

const kTransport = Symbol("wasm-net transport");

/** The handle's onread, shared by all handles: libuv calls it with the handle as `this`. */
function onread(this: Handle, arrayBuffer: ArrayBuffer): void {
  this[kTransport].read(arrayBuffer);
}

/** A write request's completion: libuv calls it with the request as `this`. */
function onWriteComplete(this: Handle, status: number): void {
  this[kTransport].written(status);
}

/** The socket's libuv handle, driven directly; `raw` (paused) only connects and closes it.
 *  The handle is looked up at each use: Node may replace it while it tries addresses. */
class HandleTransport implements NodeTransport {
  private installed: Handle = null;
  private readonly closer: Closer;

  constructor(private raw: net.Socket | AcceptedHandle, private sink: TransportSink, private owner: OptionsOwner) {
    raw.pause();
    if (raw instanceof net.Socket) raw.on("error", (error: Error) => sink.transportError(error)); // connecting fails here
    this.closer = raw instanceof net.Socket ? new RawClose(raw) : raw;
    const handle = this.handle();
    if (handle?.reading) {
      // a socket made on an fd starts reading in its constructor: the core decides when
      handle.reading = false;
      handle.readStop?.();
    }
  }

  private handle(): Handle {
    const handle = holder(this.raw)._handle;
    if (handle && handle !== this.installed) {
      handle.onread = onread;
      handle[kTransport] = this;
      this.installed = handle;
    }
    return handle;
  }

  /** A read, an EOF or a read error, from onread below. */
  read(arrayBuffer: ArrayBuffer): void {
    const { streamBaseState, kReadBytesOrError, kArrayBufferOffset } = native!.stream;
    const nread = streamBaseState[kReadBytesOrError];
    if (nread > 0) this.sink.transportRead(Buffer.from(arrayBuffer, streamBaseState[kArrayBufferOffset], nread));
    else if (nread === native!.uv.UV_EOF) this.sink.transportEof(); // libuv stops reading by itself
    else if (nread < 0) this.sink.transportError(uvError(nread, "read"));
  }

  readStart() {
    const handle = this.handle();
    if (!handle) return;
    handle.reading = true;
    const error = handle.readStart();
    if (error) this.sink.transportError(uvError(error, "read"));
  }

  readStop() {
    const handle = this.handle();
    if (!handle) return;
    handle.reading = false;
    handle.readStop();
  }

  write(bytes: Uint8Array) {
    const stream = native!.stream;
    const handle = this.handle();
    if (!handle) return process.nextTick(() => this.sink.transportError(coreError(ERR_SOCKET_CLOSED)));
    const req = new stream.WriteWrap();
    req.handle = handle;
    req[kTransport] = this;
    req.oncomplete = onWriteComplete;
    const error = handle.writeBuffer(req, bytes);
    if (error) process.nextTick(() => this.sink.transportError(uvError(error, "write")));
    else if (stream.streamBaseState[stream.kLastWriteWasAsync]) req.buffer = bytes; // kept alive until written
    else this.sink.transportWrittenAtOnce(); // the kernel took it all: its events come next tick, as Node's
  }

  written(status: number): void {
    if (status < 0) this.sink.transportError(uvError(status, "write"));
    else this.sink.transportWritten();
  }

  shutdown() {
    const handle = this.handle();
    if (!handle) return process.nextTick(() => this.sink.transportShutdown()); // as node:net's _final
    const req = new native!.stream.ShutdownWrap();
    req.handle = handle;
    req.oncomplete = () => this.sink.transportShutdown();
    const error = handle.shutdown(req);
    // as node:net: 1 (finished at once) and ENOTCONN count as done
    if (error === 1 || error === native!.uv.UV_ENOTCONN) process.nextTick(() => this.sink.transportShutdown());
    else if (error) process.nextTick(() => this.sink.transportError(uvError(error, "shutdown")));
  }

  close(reset: boolean, closed: (withHandle: boolean) => void) { this.closer.close(reset, closed); }

  closePlatformHandle(done: () => void) {
    const handle = this.handle();
    if (handle) handle.close(done);
    else process.nextTick(done);
  }

  forgetPlatformHandle() { holder(this.raw)._handle = null; }

  platformFd() { return fdOf(this.handle()); }

  setNoDelay(on: boolean) { setNoDelay(this, this.owner, on); }
  setKeepAlive(on: boolean, delaySeconds: number) { setKeepAlive(this, this.owner, on, delaySeconds); }
  platformNoDelay(on: boolean) { this.handle()?.setNoDelay?.(on); }
  platformKeepAlive(on: boolean, delaySeconds: number) { this.handle()?.setKeepAlive?.(on, delaySeconds); }
  hasPendingRead() { return this.handle()?.hasPendingRead?.() === true; }
}

/** An accepted connection's handle, with the little of net.Socket a Socket uses (addresses,
 *  options, ref, close): one light object per connection instead of a whole net.Socket. */
export class AcceptedHandle implements Closer {
  private names: Record<string, net.AddressInfo | undefined> | null = null;

  constructor(public _handle: Handle) {}

  pause(): this { return this; } // the handle does not read until the core says so
  /** Closes the handle (`reset`: with a RST, SO_LINGER 0, as node:net's resetAndDestroy());
   *  `closed` runs when libuv has closed it (with no handle, on the next tick, as node:net's). */
  close(reset: boolean, closed: (withHandle: boolean) => void): void {
    const handle = this._handle;
    this._handle = null;
    if (this.names) this.names.getsockname = undefined; // as node:net's destroy: the peer's name stays
    if (!handle) process.nextTick(closed, false);
    else if (reset && typeof handle.reset === "function") handle.reset(() => closed(true));
    else handle.close(() => closed(true));
  }
  destroy(): this {
    this.close(false, noop);
    return this;
  }

  /** getsockname/getpeername, remembered once known (Node keeps the peer's after close too). */
  private name(kind: "getsockname" | "getpeername"): net.AddressInfo | undefined {
    this.names ??= {};
    if (!this.names[kind] && typeof this._handle?.[kind] === "function") {
      const out = {} as net.AddressInfo;
      if (this._handle[kind](out) === 0) this.names[kind] = out;
    }
    return this.names[kind];
  }

  address(): net.AddressInfo | {} { return this.name("getsockname") ?? {}; }
  get localAddress() { return this.name("getsockname")?.address; }
  get localPort() { return this.name("getsockname")?.port; }
  get localFamily() { return this.name("getsockname")?.family; }
  get remoteAddress() { return this.name("getpeername")?.address; }
  get remotePort() { return this.name("getpeername")?.port; }
  get remoteFamily() { return this.name("getpeername")?.family; }
  ref(): this { this._handle?.ref?.(); return this; }
  unref(): this { this._handle?.unref?.(); return this; }
}

/** What a Socket holds for its connection: a node:net socket, or an accepted handle. */
export type RawSocket = net.Socket | AcceptedHandle;

function noop() {}

/** What closes a transport's raw socket: `closed` runs once its platform handle has closed. */
interface Closer { close(reset: boolean, closed: (withHandle: boolean) => void): void }

/** Closes a transport's own node:net socket, whose 'close' node:net emits once libuv has closed
 *  its handle (the stream's `closed` is true earlier, as soon as closing began). */
class RawClose implements Closer {
  private emitted = false;
  private withHandle = true;
  private then: ((withHandle: boolean) => void) | null = null;

  constructor(private readonly raw: net.Socket) {
    raw.once("close", (...args: unknown[]) => {
      this.emitted = true;
      this.withHandle = args.length > 0; // (node:net's 'close' without a handle has no argument)
      const then = this.then;
      this.then = null;
      if (then) then(this.withHandle);
    });
  }

  /** `closed` runs at the socket's 'close' (next tick if that came already: it failed). */
  close(reset: boolean, closed: (withHandle: boolean) => void): void {
    if (this.emitted) process.nextTick(closed, this.withHandle);
    else this.then = closed;
    if (reset) this.raw.resetAndDestroy();
    else this.raw.destroy();
  }
}

/** Takes accepting over from a listening node:net server, as node:net's own onconnection does,
 *  where handles are used: each connection arrives as an AcceptedHandle (or an error).
 *  Answers false where the public API must be used (the server's 'connection' event). */
export function acceptHandles(server: net.Server, accept: (error: Error | null, raw: AcceptedHandle | null) => void): boolean {
  const handle = holder(server)._handle;
  if (!native || typeof handle?.onconnection !== "function") return false;
  handle.onconnection = (status: number, client: Handle) => {
    if (status !== 0) accept(uvError(status, "accept"), null);
    else accept(null, new AcceptedHandle(client));
  };
  return true;
}

/** The transport for `raw` (connecting or connected); its connect errors reach the sink too. */
export function transportFor(raw: RawSocket, sink: TransportSink, owner: OptionsOwner): NodeTransport {
  if (native && (raw instanceof net.Socket || raw instanceof AcceptedHandle)) return new HandleTransport(raw, sink, owner);
  return new StreamTransport(raw as net.Socket, sink, owner);
}
