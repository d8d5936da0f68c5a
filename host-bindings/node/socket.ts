// net.Socket's Node face: a stream.Duplex over the shell (../shell/socket.ts), so pipe(),
// stream.pipeline and `for await` work. The readable side is the stream's own (the core
// delivers into push(), and push() answering false pauses the core); the writable side is
// the core's, so write(), end(), cork() and the writable getters go to the shell.
// A raw node:net socket (or an accepted libuv handle) connects and knows the addresses;
// transport.ts moves the bytes. Our state lives under symbols: users own every name.

import { Duplex, Readable } from "node:stream";
import * as net from "node:net";
import { core, host } from "./runtime";
import { addressFamily } from "../shell/core";
import { SocketShell, marksOf, socketOptions, type SocketFaceKind, type SocketOptions } from "../shell/socket";
import { normalizeConnectArgs, checkPort } from "../shell/args";
import { invalidArgType } from "../shell/errors";
import { kShell, installSocketApi, plainField, type SocketApi } from "../shell/face";
import { transportFor, kOptionsHandle, type RawSocket, type OptionsHandle, type NodeTransport } from "./transport";
import type { Server } from "./server";
import { newSocketHandle, isSocketHandle, consumerData, consumerEnd, kConsumer, type OwnReader } from "./stream-handle";

export { normalizeConnectArgs, kShell };

const kRaw = Symbol("wasm-net raw socket");
/** Overridable: the raw node:net socket a connect() uses (tests put a scripted one here). */
export const kNewTransport = Symbol("wasm-net new transport");
/** How a Server hands an accepted connection to a new Socket (not a public option). */
export const kAccepted = Symbol("wasm-net accepted");
interface Accepted { id: number; raw: RawSocket; server: Server; paused: boolean }

/** The fields of Node's Readable state that deliverData reads and sets as push() would. */
interface ReadableState {
  flowing: boolean | null; sync: boolean; length: number; decoder: unknown; destroyed: boolean;
  errored: unknown; ended: boolean; reading: boolean; multiAwaitDrain: boolean;
  awaitDrainWriters: unknown; dataEmitted: boolean; closeEmitted: boolean;
}

/** connect()'s `onread`: reads land in `buffer` (or what it returns) and go to `callback`. */
interface Onread { buffer: Uint8Array | (() => Uint8Array); callback(bytes: number, buffer: Uint8Array): unknown }
const kOnread = Symbol("wasm-net onread");
const kOnreadRest = Symbol("wasm-net onread rest");

/** The socket's own reads: its 'data' (or connect()'s onread) and its 'end'. */
const own: OwnReader = {
  data(socket, bytes) {
    const onread = socket[kOnread];
    if (onread) readInto(socket, onread, bytes);
    else deliverData(socket, bytes);
  },
  end(socket) {
    const onread = socket[kOnread];
    if (onread && socket[kOnreadRest]) {
      socket[kOnreadRest] = { bytes: socket[kOnreadRest]!.bytes, end: true }; // after the held bytes
      return;
    }
    if (onread && typeof onread.buffer === "function") onread.buffer(); // libuv asks for a buffer for the read that finds the end too
    socket.push(null);
    socket.read(0);
  },
};

const kHandle = Symbol("wasm-net stream handle");

const face: SocketFaceKind<Socket> = {
  // a consumer reading the socket's handle (TLS, http2, the http parser) gets them instead
  data(socket, bytes) {
    const consumer = socket[kConsumer];
    if (consumer) consumerData(consumer, bytes);
    else own.data(socket, bytes as Buffer);
  },
  end(socket) {
    const consumer = socket[kConsumer];
    if (consumer) consumerEnd(consumer);
    else own.end(socket);
  },
  errored(socket, error) { destroyStream(socket, error); },
  close(socket, hadError, error, withHandle, current) {
    if (!current) return emitClose(socket, hadError, withHandle); // (as node:net's old handle: 'close', nothing more)
    socket[kHandle] = null; // a new life (connect() again) gets a new handle
    socket[kConsumer] = null;
    destroyStream(socket, error); // (only now, so that an 'end' delivered before it is not cut off)
    // at once, as node:net, once the stream's own close step (queued by destroy) has run; before
    // it, a connect() from a 'close' listener would start the new life with the old one's closeEmitted
    if (readableState(socket).closeEmitted) emitClose(socket, hadError, withHandle);
    else process.nextTick(emitClose, socket, hadError, withHandle);
  },
  flowing(socket) { return socket.readableFlowing; },
};

export interface Socket extends SocketApi {}

export class Socket extends Duplex {
  [kShell]: SocketShell<Socket>;
  [kRaw]: RawSocket | null = null;
  [kOnread]: Onread | null = null;
  [kOnreadRest]: { bytes: Uint8Array; end: boolean } | null = null; // what an onread callback's pause() held back
  [kHandle]: object | null = null;
  [kConsumer]: object | null = null;
  server: Server | null = null;
  /** node:net's field: the host name a TCP connect() looked up ('localhost' when none given;
   *  an address is not looked up, and leaves it as it was), which tls.connect({ socket }) checks
   *  the certificate against when given no servername or host. */
  _host: string | null = null;

  constructor(given?: number | (SocketOptions & { [kAccepted]?: Accepted })) {
    let options = socketOptions(given) as SocketOptions & { [kAccepted]?: Accepted };
    // another socket's _handle is that socket's own stream (it has no libuv handle to take over)
    if (isSocketHandle(options.handle)) options = { ...options, handle: undefined };
    const marks = marksOf(options);
    super({
      allowHalfOpen: true, emitClose: false, autoDestroy: false, decodeStrings: false,
      readableHighWaterMark: marks.read >= 0 ? marks.read : undefined,
      writableHighWaterMark: marks.write >= 0 ? marks.write : undefined,
      ...({ readable: options.readable, writable: options.writable } as object), // (false: that side is over, the core's too)
    });
    const accepted = options[kAccepted];
    this.allowHalfOpen = Boolean(options.allowHalfOpen); // (the core decides; node:net shows it here)
    truthfulWritableState(this);
    // as node:net's: a finished `for await` over the socket destroys it (the readable side's
    // flag, which the iterator reads; the writable side's stays off: closing is the core's)
    (this as unknown as { _readableState: { autoDestroy: boolean } })._readableState.autoDestroy = true;
    this[kShell] = new SocketShell(host, this, face, options, accepted ? accepted.id : 0);
    this.on("end", onEnd);
    const signal = abortSignal((options as { signal?: unknown }).signal);
    if (signal) { // as node:net: an abort destroys the socket with an AbortError
      const abort = () => this.destroy(abortError(signal));
      if (signal.aborted) process.nextTick(abort);
      else {
        signal.addEventListener("abort", abort, { once: true });
        this.once("close", () => signal.removeEventListener("abort", abort));
      }
    }
    if (accepted) {
      this.server = accepted.server;
      attach(this, accepted.raw);
      // pauseOnConnect: like Node, a 'data' listener alone does not start it; resume() does
      if (accepted.paused) this.pause();
      return; // the server drains, after its CONNECTION record
    }
    if (options.fd !== undefined || options.handle) { // connected already: node:net's socket on it is our transport
      const { fd, handle, readable, writable } = options;
      attach(this, this[kNewTransport]({ fd, handle, readable, writable } as net.SocketConstructorOpts));
    }
    host.router.drain();
  }

  /** The raw node:net socket (paused, half-open allowed) that connects. The one place that
   *  chooses it, so a scripted one in tests replaces only this. */
  [kNewTransport](options: net.SocketConstructorOpts = {}): net.Socket {
    return new net.Socket({ ...options, allowHalfOpen: true });
  }

  connect(...args: unknown[]): this {
    if (isNormalizedArgs(args[0])) args = args[0]; // net._normalizeArgs' answer, as node:net's connect() takes it
    const [options, listener] = normalizeConnectArgs(args);
    if (options.port !== undefined && options.path === undefined) checkPort(host, options.port);
    const shell = this[kShell];
    shell.connect((reuse) => {
      // as node:net: a name to look up, never an address
      const name = (options.host as string | undefined) || "localhost";
      if (options.path === undefined && !addressFamily(core, name)) this._host = name;
      // a closed socket connects again (a new core socket): the stream's state starts over too
      if (this.destroyed) (this as unknown as { _undestroy(): void })._undestroy();
      // reuse: connecting or connected already, or on the user's descriptor: the node:net socket
      // connects again, as node:net's own would (the platform answers: EALREADY while connecting)
      const raw = reuse ? this[kRaw] as net.Socket : this[kNewTransport]();
      if (!reuse) {
        attach(this, raw);
        raw.on("lookup", (...args: unknown[]) => this.emit("lookup", ...args)); // before connect(): a lookup may answer at once
      }
      raw.connect({ ...options, allowHalfOpen: true } as net.NetConnectOpts, () => shell.transportConnected());
    });
    if (typeof listener === "function") this.once("connect", listener as () => void);
    if (options.onread && typeof options.onread === "object") {
      this[kOnread] = options.onread as Onread; // bytes go to its buffer and callback, not 'data'
      shell.resume();
    }
    return this;
  }

  // The core holds what nobody reads: pause() and resume() go straight to it, and the stream
  // machinery's demand (_read, and push() answering false) does too.
  pause(): this {
    Duplex.prototype.pause.call(this);
    this[kShell].pause();
    return this;
  }

  resume(): this {
    Duplex.prototype.resume.call(this);
    const rest = this[kOnreadRest];
    if (rest && this[kOnread]) {
      this[kOnreadRest] = null;
      readInto(this, this[kOnread]!, rest.bytes);
      const again = this[kOnreadRest] as { end: boolean } | null; // (readInto may hold some back again)
      if (rest.end && again) again.end = true; // paused again: the end still waits
      else if (rest.end) face.end(this);
    }
    this._read();
    return this;
  }

  _read(): void {
    this[kShell].resume();
  }

  _destroy(error: Error | null, cb: (error: Error | null) => void): void {
    // 'error' and 'close' come from the core's records, after the stream's own close step (as
    // node:net's 'close' of a socket without a handle comes after it)
    cb(null);
    this[kShell].destroy(error);
  }

  ref(): this { this[kRaw]?.ref(); return this; }
  unref(): this { this[kRaw]?.unref(); return this; }
  address(): net.AddressInfo | {} { return this[kRaw]?.address() ?? {}; }

  /** The addresses tried by autoSelectFamily (node:net's, from the connecting socket). */
  get autoSelectFamilyAttemptedAddresses() {
    return (this[kRaw] as { autoSelectFamilyAttemptedAddresses?: string[] } | null)?.autoSelectFamilyAttemptedAddresses;
  }

  get localAddress() { return this[kRaw]?.localAddress; }
  get localPort() { return this[kRaw]?.localPort; }
  get localFamily() { return this[kRaw]?.localFamily; }
  get remoteAddress() { return this[kRaw]?.remoteAddress; }
  get remotePort() { return this[kRaw]?.remotePort; }
  get remoteFamily() { return this[kRaw]?.remoteFamily; }
  get pending() { return !this[kRaw] || this[kShell].connecting || this[kShell].id === 0; }

  /** The StreamBase Node's C++ consumers take (./stream-handle.ts): as node:net's, there is
   *  one while the socket connects or is connected, and none before or once destroyed. */
  get _handle(): object | null {
    if (this.destroyed || !this[kRaw]) return null;
    return this[kHandle] ?? (this[kHandle] = startHandle(this));
  }

  /** node:net's _handle is a plain field: what a user assigns is what is read from then on,
   *  and a socket whose _handle is set to null has no platform handle from then on. */
  set _handle(value: object | null) {
    plainField(this, "_handle", value);
    if (value === null) (this[kShell].transport as NodeTransport | null)?.forgetPlatformHandle();
  }

  /** Where the core's socket options go first (./transport.ts): the handle, once made. */
  [kOptionsHandle](): OptionsHandle | null {
    return this[kHandle] as OptionsHandle | null;
  }

  /** node:net's legacy name for `connecting`. */
  get _connecting(): boolean { return this.connecting; }

  /** node:net refreshes its idle timer here when a consumer of its handle has read; the core
   *  has already counted those bytes as activity. */
  _unrefTimer(): void {}
}

installSocketApi(Socket.prototype); // write, end, cork, uncork, setTimeout, setNoDelay, setKeepAlive, and getters

// The writable half's state is the core's (the Writable machinery is bypassed), so its
// getters are replaced: TypeScript declares them as plain properties of Duplex.
const readableLength = Object.getOwnPropertyDescriptor(Readable.prototype, "readableLength")!.get!;
const writeState = (socket: Socket) => socket[kShell].writeState;
const writeMark = (socket: Socket) => (socket as unknown as { _writableState: { highWaterMark: number } })._writableState.highWaterMark;

Object.defineProperties(Socket.prototype, {
  // bytes in the stream's buffer plus the bytes the core holds for a paused socket
  readableLength: { get(this: Socket) { return readableLength.call(this) + this[kShell].heldLength; } },
  writableHighWaterMark: { get(this: Socket) { return writeMark(this); } },
  writableEnded: { get(this: Socket) { return (writeState(this) & 1) !== 0; } },
  writableFinished: { get(this: Socket) { return (writeState(this) & 2) !== 0; } },
  writableNeedDrain: { get(this: Socket) { return (writeState(this) & 4) !== 0; } },
  writableCorked: { get(this: Socket) { return writeState(this) >>> 8; } },
  writable: { get(this: Socket) { return (writeState(this) & 1) === 0 && !this.destroyed; } },
});

// A net.Socket, by its prototype chain: Node's own TLS takes the handle (its native path,
// where TLS's rules apply and the socket's stop) only of an `instanceof net.Socket`, and
// other code checks it too. Nothing of node:net's implementation runs on ours: every member
// of its prototype that ours does not define resolves as stream.Duplex's (or is absent).
Object.setPrototypeOf(Socket.prototype, net.Socket.prototype);
for (const key of Reflect.ownKeys(net.Socket.prototype)) {
  if (key === "constructor" || Object.prototype.hasOwnProperty.call(Socket.prototype, key)) continue;
  let from: object | null = Duplex.prototype;
  while (from && !Object.prototype.hasOwnProperty.call(from, key)) from = Object.getPrototypeOf(from);
  const descriptor = from ? Object.getOwnPropertyDescriptor(from, key)! : { value: undefined, writable: true };
  Object.defineProperty(Socket.prototype, key, { ...descriptor, configurable: true });
}
// node:net's own field (the socket a TLSSocket wraps is its _parent; the chain ends at ours)
(Socket.prototype as unknown as { _parent: null })._parent = null;

// node:net tags what its _normalizeArgs answers with a symbol of its own: ours is node:net's
const normalizedArgs = Object.getOwnPropertySymbols((net as unknown as { _normalizeArgs(args: unknown[]): object })._normalizeArgs([]))[0];
function isNormalizedArgs(value: unknown): value is unknown[] {
  return Array.isArray(value) && normalizedArgs !== undefined && (value as unknown as Record<symbol, unknown>)[normalizedArgs] === true;
}

/** The socket's handle, made on first use. node:net's handle reads from the start unless the
 *  socket was paused, and a consumer that takes it over (Node 24's http2 session calls no
 *  readStart) gets what it reads from then on: so does this one, its reads handed back to the
 *  socket while nobody takes them (./stream-handle.ts). */
function startHandle(socket: Socket): object | null {
  const handle = newSocketHandle(socket, own);
  if (handle && socket.readableFlowing !== false && !socket[kConsumer]) {
    socket[kConsumer] = handle;
    socket[kShell].resume();
  }
  return handle;
}

function attach(socket: Socket, raw: RawSocket): void {
  socket[kRaw] = raw;
  socket[kShell].attach(transportFor(raw, socket[kShell], socket));
}

/** Node's Writable state, as the libraries that read it (ws, http, pipe, finished) see it: its
 *  length, end flags, needDrain and cork count are the core's (the Writable machinery that
 *  would keep them is bypassed). One shared prototype over Node's, whose accessors read the
 *  shell; what the stream code assigns to these fields is ignored. */
const kOwner = Symbol("wasm-net state owner");
type WritableStateObject = { [kOwner]: Socket };
let coreWritableState: object | null = null;

function truthfulWritableState(socket: Socket): void {
  const holder = socket as unknown as { _writableState: { [key: string | symbol]: unknown } };
  const state = holder._writableState;
  if (!coreWritableState) {
    const ignore = () => {};
    const read = (get: (socket: Socket) => unknown): PropertyDescriptor => ({
      get(this: WritableStateObject) { return get(this[kOwner]); }, set: ignore, configurable: true,
    });
    coreWritableState = Object.create(Object.getPrototypeOf(state), {
      length: read((s) => s[kShell].writableLength),
      ending: read((s) => (s[kShell].writeState & 1) !== 0),
      ended: read((s) => (s[kShell].writeState & 1) !== 0),
      finished: read((s) => (s[kShell].writeState & 2) !== 0),
      needDrain: read((s) => (s[kShell].writeState & 4) !== 0),
      corked: read((s) => s[kShell].writeState >>> 8),
    });
  }
  // A copy of Node's state without its own `length` and `corked` (so the accessors above
  // answer), built fresh rather than by deleting: a delete would turn every socket's state
  // into a slow dictionary object, twice the memory of an idle connection.
  const copy = Object.create(coreWritableState) as { [key: string | symbol]: unknown };
  const keys = Reflect.ownKeys(state);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key !== "length" && key !== "corked") copy[key] = state[key];
  }
  copy[kOwner] = socket;
  holder._writableState = copy;
}

/** The stream emits 'end' (this listener is the first): the core hears it before the user's. */
function onEnd(this: Socket): void {
  this[kShell].endSeen();
}

/** 'data' for bytes from the core. Readable#push would emit them at once in the case below
 *  (its addChunk), then schedule a read-ahead: a tick and a read(0) whose _read only asks the
 *  core to resume, which it has (the core delivers DATA only while flowing). That case is
 *  done here as push does it, without the read-ahead; any other goes through push(). */
function deliverData(socket: Socket, bytes: Uint8Array): void {
  const state = readableState(socket);
  if (state.flowing && !state.sync && state.length === 0 && !state.decoder && !state.destroyed && !state.errored &&
      !state.ended && bytes.length > 0 && socket.listenerCount("data") > 0) {
    state.reading = false;
    if (state.multiAwaitDrain) (state.awaitDrainWriters as Set<unknown>).clear();
    else state.awaitDrainWriters = null;
    state.dataEmitted = true;
    socket.emit("data", bytes);
  } else if (!socket.push(bytes)) {
    socket[kShell].pause(); // the stream is full: the core holds the rest
  }
}

/** Bytes for connect()'s onread: copied into its buffer, a buffer's length at a time. */
function readInto(socket: Socket, onread: Onread, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) {
    const buffer = typeof onread.buffer === "function" ? onread.buffer() : onread.buffer;
    const n = Math.min(buffer.length, bytes.length - at);
    buffer.set(bytes.subarray(at, at + n));
    at += n;
    const stop = onread.callback.call(socket, n, buffer) === false; // as Node: false pauses reading
    if (stop) socket[kShell].pause();
    if ((stop || socket.isPaused()) && at < bytes.length) { // the rest waits for resume()
      socket[kOnreadRest] = { bytes: bytes.subarray(at), end: false };
      return;
    }
  }
}

/** connect()'s or listen()'s `signal`, checked as node:net checks it. */
export function abortSignal(signal: unknown): AbortSignal | null {
  if (signal === undefined) return null;
  if (!(signal instanceof AbortSignal)) throw invalidArgType(host.platform.describe, "options.signal", "an instance of AbortSignal", signal);
  return signal;
}

/** node:net's error for an aborted connect. */
function abortError(signal: AbortSignal): Error {
  const error = new Error("The operation was aborted", { cause: signal.reason }) as Error & { code: string };
  error.name = "AbortError";
  error.code = "ABORT_ERR";
  return error;
}

/** The stream's own state (destroyed, errored, closed), which finished() and pipeline read, set
 *  as node:net's destroy sets it; 'error' and 'close' come from the core's records. */
function destroyStream(socket: Socket, error: Error | null): void {
  if (!socket.destroyed) Duplex.prototype.destroy.call(socket, error ?? undefined);
}

function readableState(socket: Socket): ReadableState {
  return (socket as unknown as { _readableState: ReadableState })._readableState;
}

/** node:net's 'close' of a socket that never had a handle has no argument. */
function emitClose(socket: Socket, hadError: boolean, withHandle: boolean): void {
  if (withHandle) socket.emit("close", hadError);
  else socket.emit("close");
}
