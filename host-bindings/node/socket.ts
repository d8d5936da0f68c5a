// net.Socket on the core. A stream.Duplex, so pipe(), stream.pipeline and `for await` work;
// but every decision is the core's:
//   - write()/end() go to the core, which answers write()'s boolean, queues bytes in its own
//     memory, and says when to send, shut down, drain and finish;
//   - the readable side asks the core for data when the stream wants some (_read → resume)
//     and stops asking when push() says it is full (→ pause); bytes nobody asked for yet stay
//     in the core, which stops the transport at its mark;
//   - 'end', half-open, timeouts, 'error' and 'close' come from the core's records.
// A raw node:net socket connects and knows the addresses; transport.ts moves the bytes.

import { Duplex, Readable } from "node:stream";
import * as net from "node:net";
import * as abi from "../../assembly/abi";
import { wasm, core, registerSocket, now, drain, drainIO, deliver, deliverClose } from "./runtime";
import { coreError, codeOf, invalidArgType, badPort } from "./errors";
import { transportFor, type Transport, type RawSocket } from "./transport";
import { normalizeConnectArgs } from "../args";

export { normalizeConnectArgs };
import type { Server } from "./server";

type Callback = ((error?: Error | null) => void) | undefined;

/** The fields of Node's Readable state that deliverData reads and sets as push() would. */
interface ReadableState {
  flowing: boolean | null; sync: boolean; length: number; decoder: unknown; destroyed: boolean;
  errored: unknown; ended: boolean; reading: boolean; multiAwaitDrain: boolean;
  awaitDrainWriters: unknown; dataEmitted: boolean;
}

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
export const kAccepted = Symbol("wasm-net accepted");
interface Accepted { id: number; raw: RawSocket; server: Server; paused: boolean }

export class Socket extends Duplex {
  /** The core's id for this socket (0 once closed). */
  id: number;
  connecting = false;
  server: Server | null = null;
  private raw: RawSocket | null = null; // connects, resolves, knows addresses and options
  private transport: Transport | null = null; // moves the bytes
  private callbacks: Callback[] = [];
  private readBytes: Buffer | null = null; // the transport's bytes of the read being handled
  private error: Error | null = null; //   the platform's or user's error to report
  private timer: NodeJS.Timeout | null = null;
  private ended = false;
  private finished = false;
  private gone = false; //         CLOSED was handled (not Duplex#closed)
  private finalBytes: [read: number, written: number] = [0, 0];
  private readonly writeMark: number;

  constructor(options: number | (SocketOptions & { [kAccepted]?: Accepted }) = {}) {
    // Node's forms: a number is the legacy fd; anything else is read as an options object
    if (typeof options === "number") options = { fd: options };
    else if (options === null || typeof options !== "object") options = {};
    const readMark = options.readableHighWaterMark ?? options.highWaterMark ?? 16384;
    const writeMark = options.writableHighWaterMark ?? options.highWaterMark ?? 16384;
    super({ allowHalfOpen: true, emitClose: false, autoDestroy: false, decodeStrings: false, readableHighWaterMark: readMark });
    this.writeMark = writeMark;
    const accepted = options[kAccepted];
    if (accepted) {
      this.id = accepted.id;
      this.server = accepted.server;
    } else {
      const flags = (options.allowHalfOpen ? abi.OPEN_ALLOW_HALF_OPEN : 0) | (options.fd !== undefined ? abi.OPEN_CONNECTED : 0);
      this.id = wasm.socket_open(flags);
    }
    registerSocket(this.id, this);
    wasm.socket_set_marks(this.id, readMark, writeMark);
    this.on("end", endSeen);
    if (accepted) {
      this.attach(accepted.raw);
      // pauseOnConnect: like Node, a 'data' listener alone does not start it; resume() does
      if (accepted.paused) this.pause();
      return; // the server drains, after its CONNECTION record
    }
    if (options.fd !== undefined) {
      this.attach(this.newTransport({ fd: options.fd, readable: options.readable, writable: options.writable }));
    }
    drain();
  }

  // ---- the transport: platform events → core inputs -------------------------------------

  /** The transport: a raw node:net socket (paused, half-open allowed). The one place that
   *  chooses it, so another transport (or a scripted one in tests) replaces only this. */
  protected newTransport(options: net.SocketConstructorOpts = {}): net.Socket {
    return new net.Socket({ ...options, allowHalfOpen: true });
  }

  private attach(raw: RawSocket): void {
    this.raw = raw;
    this.transport = transportFor(raw, this);
  }

  // The transport's events (TransportSink), as methods: no closures per connection.
  /** @internal */
  transportRead(bytes: Buffer): void {
    const answer = wasm.socket_handle_read(this.id, bytes.length, this.clock());
    if (answer === abi.READ_COPY) core.bytes().set(bytes, core.replyAddress());
    this.readBytes = bytes;
    drainIO();
    this.readBytes = null;
  }
  /** @internal */
  transportEof(): void { wasm.socket_handle_eof(this.id, this.clock()); drainIO(); }
  /** @internal */
  transportError(error: Error): void {
    this.error = error;
    wasm.socket_handle_error(this.id, codeOf(error));
    drainIO();
  }
  /** @internal */
  transportWritten(): void { wasm.socket_handle_write_done(this.id, this.clock()); drainIO(); }
  /** @internal */
  transportShutdown(): void { wasm.socket_handle_shutdown_done(this.id); drainIO(); }

  private transportConnected(): void {
    wasm.socket_handle_connected(this.id, this.clock());
    drainIO();
  }

  // ---- core records → platform calls and user events -------------------------------------

  onRecord(op: number, a: number, b: number): void {
    switch (op) {
      case abi.OP_READ_START: this.transport?.readStart(); break;
      case abi.OP_READ_STOP: this.transport?.readStop(); break;
      case abi.OP_SEND: this.transport!.write(Buffer.from(core.bytes().subarray(a, a + b))); break;
      case abi.OP_SHUTDOWN: this.transport?.shutdown(); break;
      case abi.OP_CLOSE: this.transport?.close(); break;
      case abi.OP_TIMER_START: this.armTimer(a, () => this.timerFired()); break;
      case abi.OP_TIMER_STOP: this.disarmTimer(); break;
      case abi.OP_CONNECT: this.connecting = false; deliver(() => { this.emit("connect"); this.emit("ready"); }); break;
      case abi.OP_DATA: {
        const bytes = a === 0 ? this.readBytes! : Buffer.from(core.bytes().subarray(a, a + b));
        deliver(() => this.deliverData(bytes));
        break;
      }
      case abi.OP_END: deliver(() => { this.push(null); this.read(0); }); break;
      case abi.OP_FINISH: this.finished = true; deliver(() => this.emit("finish")); break;
      case abi.OP_DRAIN: deliver(() => this.emit("drain")); break;
      case abi.OP_TIMEOUT: deliver(() => this.emit("timeout")); break;
      case abi.OP_WRITE_DONE: {
        const done = this.callbacks.splice(0, a);
        if (!done.some(Boolean)) break; // no callback to call
        const error = b === abi.E_OK ? null : this.error ?? coreError(b);
        deliver(() => { for (const cb of done) cb?.(error); });
        break;
      }
      case abi.OP_ERROR: {
        const error = this.error ?? coreError(a);
        this.error = error;
        deliver(() => this.emit("error", error));
        break;
      }
      case abi.OP_CLOSED: this.onClosed(a === 1); break;
    }
  }

  /** 'data' for bytes from the core. Readable#push would emit them at once in the case below
   *  (its addChunk), then schedule a read-ahead: a tick and a read(0) whose _read only asks the
   *  core to resume, which it has (the core delivers DATA only while flowing). That case is
   *  done here as push does it, without the read-ahead; any other goes through push(). */
  private deliverData(bytes: Buffer): void {
    const state = (this as unknown as { _readableState: ReadableState })._readableState;
    if (state.flowing && !state.sync && state.length === 0 && !state.decoder && !state.destroyed && !state.errored &&
        !state.ended && bytes.length > 0 && this.listenerCount("data") > 0) {
      state.reading = false;
      if (state.multiAwaitDrain) (state.awaitDrainWriters as Set<unknown>).clear();
      else state.awaitDrainWriters = null;
      state.dataEmitted = true;
      this.emit("data", bytes);
    } else if (!this.push(bytes) && this.id) {
      wasm.socket_pause(this.id); // the stream is full: the core holds the rest
      drain();
    }
  }

  private onClosed(hadError: boolean): void {
    this.finalBytes = [wasm.socket_bytes_read(this.id), wasm.socket_bytes_written(this.id)];
    this.gone = true;
    this.connecting = false;
    this.id = 0; // (the core stopped any timer before CLOSED)
    deliverClose(() => {
      // the stream's own state (destroyed, errored), which finished() and pipeline read;
      // only now, so that an 'end' delivered before it is not cut off
      if (!this.destroyed) super.destroy(hadError ? this.error ?? undefined : undefined);
      this.emit("close", hadError);
    });
  }

  private timerFired(): void {
    wasm.socket_handle_timer(this.id, this.clock());
    drainIO();
  }

  // Time, in one place each, so that another clock (or a scripted one in tests) replaces only
  // these: the core's `now`, and the one timer per socket that TIMER_START/TIMER_STOP arm.
  protected clock(): number {
    return now();
  }

  protected armTimer(ms: number, fire: () => void): void {
    this.disarmTimer();
    this.timer = setTimeout(() => { this.timer = null; fire(); }, ms);
    this.timer.unref();
  }

  protected disarmTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  // ---- the user's calls → core inputs ----------------------------------------------------

  connect(...args: unknown[]): this {
    const [options, listener] = normalizeConnectArgs(args);
    if (this.gone) throw coreError(abi.ERR_SOCKET_CLOSED);
    if (this.raw) throw coreError(abi.ERR_SOCKET_CONNECTING); // connecting, or connected already
    if (options.port !== undefined && options.path === undefined) checkPort(options.port);
    const raw = this.newTransport();
    this.attach(raw);
    raw.on("lookup", (...args: unknown[]) => this.emit("lookup", ...args)); // before connect(): a lookup may answer at once
    try {
      raw.connect({ ...options, allowHalfOpen: true } as net.NetConnectOpts, () => this.transportConnected());
    } catch (error) {
      this.raw = this.transport = null; // refused for its options: the core never heard of it
      throw error;
    }
    wasm.socket_connect(this.id, this.clock());
    this.connecting = true;
    if (typeof listener === "function") this.once("connect", listener as () => void);
    drain();
    return this;
  }

  write(chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
    if (typeof encoding === "function") { cb = encoding; encoding = undefined; }
    const bytes = toBytes(chunk, encoding as BufferEncoding | undefined);
    const callback = typeof cb === "function" ? (cb as Callback) : undefined;
    if (this.id === 0) {
      const error = coreError(abi.ERR_STREAM_DESTROYED);
      if (callback) process.nextTick(callback, error);
      return false;
    }
    const answer = wasm.socket_write(this.id, bytes.length, this.clock());
    if (answer === -abi.ENOBUFS) throw coreError(abi.ENOBUFS); // not queued: the caller still has it
    if (answer < 0) {
      this.error = coreError(-answer);
      if (callback) process.nextTick(callback, this.error);
    } else {
      core.placeWrite(answer, bytes, this.transport!);
      this.callbacks.push(callback);
    }
    drain();
    return answer >= 0 && (answer & abi.WRITE_BELOW_MARK) !== 0;
  }

  end(chunk?: unknown, encoding?: unknown, cb?: unknown): this {
    if (typeof chunk === "function") { cb = chunk; chunk = undefined; }
    else if (typeof encoding === "function") { cb = encoding; encoding = undefined; }
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    if (typeof cb === "function") {
      const callback = cb as (error?: Error | null) => void;
      if (this.finished || this.gone) process.nextTick(callback, this.finished ? null : coreError(abi.ERR_STREAM_DESTROYED));
      else this.once("finish", () => callback());
    }
    this.ended = true;
    if (this.id) wasm.socket_end(this.id);
    drain();
    return this;
  }

  // The core holds what nobody reads: pause() and resume() go straight to it, and the stream
  // machinery's demand (_read, and push() answering false) does too.
  pause(): this {
    super.pause();
    if (this.id) { wasm.socket_pause(this.id); drain(); }
    return this;
  }

  resume(): this {
    super.resume();
    this._read();
    return this;
  }

  _read(): void {
    if (this.id) { wasm.socket_resume(this.id); drain(); }
  }

  _destroy(error: Error | null, cb: (error: Error | null) => void): void {
    if (this.id) {
      this.error = error;
      wasm.socket_destroy(this.id, error ? codeOf(error) : 0);
      drain();
    }
    cb(null); // 'error' and 'close' come from the core's records
  }

  setTimeout(ms: number, callback?: () => void): this {
    if (typeof ms !== "number") throw invalidArgType("msecs", "of type number", ms);
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      const error = new RangeError(`The value of "msecs" is out of range. It must be a non-negative finite number. Received ${ms}`) as RangeError & { code: string };
      error.code = "ERR_OUT_OF_RANGE";
      throw error;
    }
    if (callback !== undefined && typeof callback !== "function") throw invalidArgType("callback", "of type function", callback);
    if (this.id) { wasm.socket_set_timeout(this.id, Math.trunc(ms), this.clock()); drain(); }
    if (callback) ms === 0 ? this.removeListener("timeout", callback) : this.once("timeout", callback);
    return this;
  }

  setNoDelay(noDelay = true): this { this.raw?.setNoDelay(noDelay); return this; }
  setKeepAlive(enable = false, initialDelay = 0): this { this.raw?.setKeepAlive(enable, initialDelay); return this; }
  ref(): this { this.raw?.ref(); return this; }
  unref(): this { this.raw?.unref(); return this; }
  address(): net.AddressInfo | {} { return this.raw?.address() ?? {}; }

  get localAddress() { return this.raw?.localAddress; }
  get localPort() { return this.raw?.localPort; }
  get localFamily() { return this.raw?.localFamily; }
  get remoteAddress() { return this.raw?.remoteAddress; }
  get remotePort() { return this.raw?.remotePort; }
  get remoteFamily() { return this.raw?.remoteFamily; }
  get pending() { return !this.raw || this.connecting; }
  get readyState() {
    const state = abi.READY_STATE_NAMES[wasm.socket_ready_state(this.id)];
    // between 'end' and the next tick the core has not heard of it yet (see endSeen)
    return this.readableEnded && state === "open" ? "writeOnly" : this.readableEnded && state === "readOnly" ? "closed" : state;
  }
  get bytesRead() { return this.gone ? this.finalBytes[0] : wasm.socket_bytes_read(this.id); }
  get bytesWritten() { return this.gone ? this.finalBytes[1] : wasm.socket_bytes_written(this.id); }
  // The writable half's state is the core's (the Writable machinery is bypassed), so its
  // getters are replaced below: TypeScript declares them as plain properties of Duplex.
  writableState() {
    return {
      length: this.id ? wasm.socket_writable_length(this.id) : 0,
      mark: this.writeMark,
      ended: this.ended,
      finished: this.finished,
    };
  }
}

const readableLength = Object.getOwnPropertyDescriptor(Readable.prototype, "readableLength")!.get!;

Object.defineProperties(Socket.prototype, {
  // bytes in the stream's buffer plus the bytes the core holds for a paused socket
  readableLength: { get(this: Socket) { return readableLength.call(this) + (this.id ? wasm.socket_readable_length(this.id) : 0); } },
  writableLength: { get(this: Socket) { return this.writableState().length; } },
  writableHighWaterMark: { get(this: Socket) { return this.writableState().mark; } },
  writableEnded: { get(this: Socket) { return this.writableState().ended; } },
  writableFinished: { get(this: Socket) { return this.writableState().finished; } },
  writableNeedDrain: { get(this: Socket) { const w = this.writableState(); return w.length >= w.mark; } },
  writable: { get(this: Socket) { return !this.writableState().ended && !this.destroyed; } },
});

/** The user has read everything and got 'end': now the core may end our side and close. */
function endSeen(this: Socket): void {
  // on the next tick, as Node ends the writable side then: the user's own 'end' listeners
  // (which run after this one) still see the socket writable ('writeOnly')
  process.nextTick(confirmEnd, this);
}

function confirmEnd(socket: Socket): void {
  if (socket.id) { wasm.socket_end_seen(socket.id); drain(); }
}

function toBytes(chunk: unknown, encoding?: BufferEncoding): Uint8Array {
  if (typeof chunk === "string") return Buffer.from(chunk, encoding ?? "utf8");
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk === null) {
    const error = new TypeError("May not write null values to stream") as TypeError & { code: string };
    error.code = "ERR_STREAM_NULL_VALUES";
    throw error;
  }
  throw invalidArgType("chunk", "of type string or an instance of Buffer, TypedArray, or DataView", chunk);
}

/** Node's port rule: a number or a numeric string (not blank) that the core finds valid.
 *  Node names the property in the type error and `rangeName` in the range error. */
export function checkPort(port: unknown, rangeName = "Port"): number {
  if (typeof port !== "number" && typeof port !== "string") throw invalidArgType("options.port", "one of type number or string", port);
  if ((typeof port === "string" && port.trim() === "") || !wasm.port_valid(+port)) throw badPort(port, rangeName);
  return +port;
}
