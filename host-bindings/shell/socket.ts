// One socket's shell: everything between a face (a stream.Duplex: Node's, or Ruff's own) and the
// core, for every JavaScript host (ES5-safe: the Ruff bundle uses it). It decides nothing:
//   user call        → core input   (write, end, cork, destroy, pause, resume, timeout, options)
//   transport result → core input   (read, eof, written, shutdown, connected, error)
//   core record      → transport call or user event, timed by the router (../shell/router.ts)
// and it keeps what the core cannot: the user's callbacks, the platform's error objects, and
// the bytes of the read being handed over. The face keeps one reference to it, under a
// symbol, so nothing of ours is on the user's names.

import * as abi from "../../assembly/abi";
import { markOrDefault, platformOpenFlags, type Host } from "./host";
import { coreError, codeOf, invalidArgType, invalidArgValue, outOfRange } from "./errors";
import type { Router } from "./router";

type Callback = (error?: Error | null) => void;

/** How bytes move for one socket: the platform's calls for the core's actions. */
export interface Transport {
  readStart(): void;
  readStop(): void;
  write(bytes: Uint8Array): void;
  shutdown(): void;
  /** Closes the transport; `reset`: with a RST (resetAndDestroy), where the platform can.
   *  `closed` runs once the platform's handle is closed, from the platform's loop (never inside
   *  this call); a platform that never reports it (a handle the user closed beneath the socket,
   *  as on node:net) never calls it. `closed(false)`: there was no platform handle left to close
   *  (a user set node:net's `_handle` to null). */
  close(reset: boolean, closed: (withHandle?: boolean) => void): void;
  setNoDelay(on: boolean): void;
  setKeepAlive(on: boolean, delaySeconds: number): void;
}

/** What the shell calls on every face (an EventEmitter with destroy()). What differs per face
 *  is its SocketFaceKind below: how bytes, the end and the close reach the user. */
export interface SocketFace {
  emit(event: string, ...args: unknown[]): boolean;
  once(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
  destroy(error?: Error | null): unknown;
}
export interface SocketFaceKind<F extends SocketFace> {
  /** Read bytes for the user. */
  data(face: F, bytes: Uint8Array): void;
  /** The peer's FIN after every byte: the face emits 'end' at its reader's pace, calling
   *  SocketShell#endSeen right before it. */
  end(face: F): void;
  /** The core closed the socket with `error`, which is emitted next: the face's own state says so. */
  errored(face: F, error: Error): void;
  /** `withHandle`: the platform's handle has just closed (false: the socket never had one).
   *  `current`: the life that closed is the face's last; false once connect() started a new
   *  one (from an 'error' listener, before the old handle closed), which the close leaves alone. */
  close(face: F, hadError: boolean, error: Error | null, withHandle: boolean, current: boolean): void;
  /** The reader's flow (Node's readableFlowing), for a new life after connect() on a closed socket. */
  flowing(face: F): boolean | null;
}

/** The socket options every host reads the same way (Node's names). */
export interface SocketOptions {
  fd?: number;
  /** A connected platform handle to start on (Node's libuv handle), as `fd` is a descriptor. */
  handle?: unknown;
  allowHalfOpen?: boolean;
  highWaterMark?: number;
  readableHighWaterMark?: number;
  writableHighWaterMark?: number;
  noDelay?: boolean;
  keepAlive?: boolean;
  keepAliveInitialDelay?: number;
  /** false: the socket never reads (its reader is over from the start). */
  readable?: boolean;
  /** false: the socket never writes (its writer is finished from the start). */
  writable?: boolean;
}

/** new Socket()'s argument as Node reads it: a number is the legacy fd, anything else but an
 *  object is no options; object modes are refused (ERR_INVALID_ARG_VALUE), as by node:net. */
export function socketOptions(options: unknown): SocketOptions {
  if (typeof options === "number") return { fd: options };
  if (options === null || typeof options !== "object") return {};
  const o = options as { objectMode?: unknown; readableObjectMode?: unknown; writableObjectMode?: unknown };
  const name = o.objectMode ? "objectMode" : o.readableObjectMode ? "readableObjectMode" : o.writableObjectMode ? "writableObjectMode" : "";
  if (name) throw invalidArgValue("options." + name, (o as { [key: string]: unknown })[name], "is not supported");
  return options as SocketOptions;
}

/** The marks a face gives its stream machinery: Node's option precedence. */
export function marksOf(options: SocketOptions): { read: number; write: number } {
  const both = options.highWaterMark;
  return {
    read: markOf(options.readableHighWaterMark, both),
    write: markOf(options.writableHighWaterMark, both),
  };
}

export function markOf(own: unknown, both?: unknown): number {
  const value = own !== undefined && own !== null ? own : both;
  return typeof value === "number" && value >= 0 ? Math.floor(value) : -1; // -1: the core's default
}

export class SocketShell<F extends SocketFace = SocketFace> {
  /** The core's id (0 once closed: the core answers for a closed socket). */
  id = 0;
  transport: Transport | null = null;
  connecting = false;
  private callbacks: Callback[] | null = null; //    (made when first needed: most sockets never need them)
  private endCallbacks: Callback[] | null = null;
  private readBytes: Uint8Array | null = null; // the transport's bytes of the read being handled
  private error: Error | null = null; //         the platform's or user's error to report
  private timer: unknown = null;
  private finalRead = 0;
  private finalWritten = 0;
  private finalWriteState = 0;
  private atOnceAnswer = 0; //   socket_handle_written_at_once's, for the write() that made it
  private idleTimeout = 0; //  the core socket's, as last set: the core reads time only while it is set
  private closing: Closing | null = null; // the transport closing, between CLOSE and CLOSED
  // What each new core socket is given (the options object itself is not kept):
  private readonly openFlags: number;
  private readonly readMark: number;
  private readonly writeMark: number;
  // and the options the user asked for since, which node:net keeps across a reconnect too;
  // keepAlive: its delay in seconds, or -1 when off.
  private noDelay: boolean;
  private keepAlive: number;

  constructor(readonly host: Host, readonly face: F, private readonly kind: SocketFaceKind<F>,
              options: SocketOptions, acceptedId = 0) {
    this.openFlags = (options.allowHalfOpen ? abi.OPEN_ALLOW_HALF_OPEN : 0) | platformOpenFlags(host.platform) |
      (options.readable === false ? abi.OPEN_NOT_READABLE : 0) | (options.writable === false ? abi.OPEN_NOT_WRITABLE : 0);
    const marks = marksOf(options);
    this.readMark = markOrDefault(host.platform, marks.read);
    this.writeMark = markOrDefault(host.platform, marks.write);
    this.noDelay = Boolean(options.noDelay);
    this.keepAlive = options.keepAlive ? keepAliveSeconds(options.keepAliveInitialDelay) : -1;
    if (acceptedId) this.adopt(acceptedId);
    else this.open(options.fd !== undefined || options.handle ? abi.OPEN_CONNECTED : 0);
  }

  /** A core socket for this shell: at construction, and again when a closed socket connects. */
  private open(extraFlags: number): void {
    const wasm = this.host.wasm;
    this.adopt(wasm.socket_open(this.openFlags | extraFlags));
    wasm.socket_set_marks(this.id, this.readMark, this.writeMark);
    if (this.noDelay) wasm.socket_set_no_delay(this.id, 1);
    if (this.keepAlive >= 0) wasm.socket_set_keep_alive(this.id, 1, this.keepAlive);
  }

  private adopt(id: number): void {
    this.id = id;
    this.idleTimeout = 0;
    this.error = null; // (a new life's errors are its own)
    this.host.router.registerSocket(id, this);
  }

  attach(transport: Transport): void {
    this.transport = transport;
  }

  /** `now` for an input: the platform's clock only while the socket has an idle timeout; the
   *  core reads no time otherwise (ABI.md), and a clock reading costs more than most inputs. */
  private now(): number {
    return this.idleTimeout ? this.host.platform.now() : 0;
  }

  // ---- the user's calls → core inputs ----------------------------------------------------

  /** connect(): the core may refuse (a server's connection); a closed socket gets a
   *  new core socket. `start` begins the platform's connect: on the transport the socket has
   *  when `reuse` (connecting or connected already, or opened on the user's descriptor: the
   *  platform answers, as for node:net), else on a new one it attaches. If it throws (arguments
   *  the platform refuses), the socket is back where it was. */
  connect(start: (reuse: boolean) => void): void {
    const wasm = this.host.wasm;
    let answer = wasm.socket_connect(this.id, this.now());
    let reuse = this.transport !== null;
    if (answer === -abi.ERR_SOCKET_CLOSED) { // closed: a new life, as node:net reuses its object
      reuse = false;
      this.open(0);
      const flowing = this.kind.flowing(this.face); // the new core socket reads as the reader does
      if (flowing) wasm.socket_resume(this.id);
      else if (flowing === false) wasm.socket_pause(this.id);
      answer = wasm.socket_connect(this.id, this.now());
    }
    if (answer < 0) throw coreError(-answer, "connect");
    this.connecting = true;
    try {
      start(reuse);
    } catch (error) {
      this.connecting = false;
      if (!reuse) this.transport = null;
      wasm.socket_handle_error(this.id, 0); // refused for its arguments: back to where it was
      this.host.router.drain();
      throw error;
    }
    this.host.router.drain();
  }

  write(chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
    if (typeof encoding === "function") { cb = encoding; encoding = undefined; }
    const platform = this.host.platform;
    // a string the platform can write straight into the core's memory needs no bytes of its
    // own unless the transport takes it now (http writes its headers and chunks this way, corked)
    let bytes: Uint8Array | null = null;
    let length = typeof chunk === "string" && platform.stringLength ? platform.stringLength(chunk, encoding as string | undefined) : -1;
    if (length < 0) {
      bytes = platform.toBytes(chunk, encoding as string | undefined);
      length = bytes.length;
    }
    const callback = typeof cb === "function" ? (cb as Callback) : undefined;
    const wasm = this.host.wasm;
    let answer = wasm.socket_write(this.id, length, this.now(), callback ? 1 : 0);
    if (answer === -abi.ENOBUFS) throw coreError(abi.ENOBUFS); // not queued: the caller still has it
    if (answer < 0) {
      const error = coreError(-answer, "write");
      if (this.id) this.error = error;
      if (callback) this.host.platform.nextTick(callback as (e: never) => void, error);
    } else {
      if (callback) (this.callbacks || (this.callbacks = [])).push(callback); // (first: a transport may report the write done at once)
      if (answer & abi.WRITE_COPY) {
        const at = this.host.core.replyAddress();
        if (bytes) copyInto(this.host.core.bytes(), at, bytes);
        else platform.writeString!(this.host.core.bytes(), at, chunk as string, length);
      } else { // the core said: the transport takes the user's bytes now
        this.atOnceAnswer = 0;
        this.transport!.write(bytes ?? platform.toBytes(chunk, encoding as string | undefined));
        answer |= this.atOnceAnswer; // (written at once: the core's answer after the attempt)
      }
    }
    this.host.router.drain();
    return answer >= 0 && (answer & abi.WRITE_BELOW_MARK) !== 0;
  }

  end(chunk?: unknown, encoding?: unknown, cb?: unknown): void {
    if (typeof chunk === "function") { cb = chunk; chunk = undefined; }
    else if (typeof encoding === "function") { cb = encoding; encoding = undefined; }
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    const answer = this.host.wasm.socket_end(this.id);
    if (typeof cb === "function") {
      if (answer < 0) this.host.platform.nextTick(cb as (e: never) => void, coreError(-answer, "end"));
      else (this.endCallbacks || (this.endCallbacks = [])).push(cb as Callback);
    }
    this.host.router.drain();
  }

  cork(): void { this.host.wasm.socket_cork(this.id); }

  uncork(): void {
    this.host.wasm.socket_uncork(this.id);
    this.host.router.drain();
  }

  /** destroySoon(): end, and destroy once our FIN is out (node:net's, for http's clients). */
  destroySoon(): void {
    const face = this.face;
    if ((this.writeState & 1) === 0 && this.id) this.end();
    if (this.writeState & 2) face.destroy();
    else face.once("finish", function () { face.destroy(); });
  }

  /** resetAndDestroy(): the core closes with a reset (now, or once connected). */
  reset(): void {
    if (!this.id) return;
    this.host.wasm.socket_reset(this.id);
    this.host.router.drain();
    // as node:net's, the face is destroyed when the call returns, unless it waits for its connection
    if (!this.id) this.face.destroy(this.error);
  }

  destroy(error: Error | null | undefined): void {
    if (!this.id) return;
    if (error) this.error = error;
    this.host.wasm.socket_destroy(this.id, error ? codeOf(error) : 0);
    this.host.router.drain();
  }

  pause(): void {
    if (!this.id) return;
    this.host.wasm.socket_pause(this.id);
    this.host.router.drain();
  }

  resume(): void {
    if (!this.id) return;
    this.host.wasm.socket_resume(this.id);
    this.host.router.drain();
  }

  /** The face's reader has every byte and emits 'end' now (before the user's listeners). */
  endSeen(): void {
    if (!this.id) return;
    this.host.wasm.socket_end_seen(this.id);
    this.host.router.drain();
  }

  setTimeout(ms: unknown, callback?: unknown): void {
    if (typeof ms !== "number") throw invalidArgType(this.host.platform.describe, "msecs", "of type number", ms);
    if (!(ms >= 0) || ms === Infinity) throw outOfRange("msecs", "a non-negative finite number", ms);
    if (callback !== undefined && typeof callback !== "function") throw invalidArgType(this.host.platform.describe, "callback", "of type function", callback);
    if (this.id) {
      this.idleTimeout = Math.floor(ms);
      this.host.wasm.socket_set_timeout(this.id, this.idleTimeout, this.now());
      this.host.router.drain();
    }
    if (callback) {
      if (ms === 0) this.face.removeListener("timeout", callback as () => void);
      else this.face.once("timeout", callback as () => void);
    }
  }

  setNoDelay(enable: unknown): void {
    this.noDelay = enable === undefined || Boolean(enable);
    this.host.wasm.socket_set_no_delay(this.id, this.noDelay ? 1 : 0);
    this.host.router.drain();
  }

  setKeepAlive(enable: unknown, initialDelay: unknown): void {
    const seconds = keepAliveSeconds(initialDelay);
    this.keepAlive = enable ? seconds : -1;
    this.host.wasm.socket_set_keep_alive(this.id, enable ? 1 : 0, seconds);
    this.host.router.drain();
  }

  // ---- queries ---------------------------------------------------------------------------

  get readyState(): string { return abi.READY_STATE_NAMES[this.host.wasm.socket_ready_state(this.id)]; }
  get bytesRead(): number { return this.id ? this.host.wasm.socket_bytes_read(this.id) : this.finalRead; }
  get bytesWritten(): number { return this.id ? this.host.wasm.socket_bytes_written(this.id) : this.finalWritten; }
  get writableLength(): number { return this.id ? this.host.wasm.socket_writable_length(this.id) : 0; }
  /** Bytes the core holds for a reader that is not flowing. */
  get heldLength(): number { return this.id ? this.host.wasm.socket_readable_length(this.id) : 0; }
  /** The core's writable state: bit 0 ending, 1 finished, 2 needDrain, 8 and up corked. */
  get writeState(): number { return this.id ? this.host.wasm.socket_write_state(this.id) : this.finalWriteState; }

  // ---- transport results → core inputs ---------------------------------------------------

  transportConnected(): void {
    this.host.wasm.socket_handle_connected(this.id, this.now());
    this.host.router.drainIO();
  }

  transportRead(bytes: Uint8Array): void {
    const answer = this.host.wasm.socket_handle_read(this.id, bytes.length, this.now());
    if (answer === abi.READ_COPY) copyInto(this.host.core.bytes(), this.host.core.replyAddress(), bytes);
    this.readBytes = bytes;
    this.host.router.drainIO();
    this.readBytes = null;
  }

  transportEof(): void {
    this.host.wasm.socket_handle_eof(this.id, this.now());
    this.host.router.drainIO();
  }

  transportError(error: Error): void {
    if (!this.id) return;
    this.error = error;
    this.host.wasm.socket_handle_error(this.id, codeOf(error));
    this.host.router.drainIO();
  }

  transportWritten(): void {
    this.host.wasm.socket_handle_write_done(this.id, this.now());
    this.host.router.drainIO();
  }

  /** The send in flight was written at once, inside the call that started it (the user's
   *  write(), or a SEND being handled): its events follow on the next tick (AFTER_WRITE). */
  transportWrittenAtOnce(): void {
    const answer = this.host.wasm.socket_handle_written_at_once(this.id, this.now());
    this.atOnceAnswer = answer > 0 ? answer : 0;
    this.host.router.drain();
  }

  transportShutdown(): void {
    this.host.wasm.socket_handle_shutdown_done(this.id);
    this.host.router.drainIO();
  }

  // ---- core records → transport calls and user events ------------------------------------

  onRecord(op: number, a: number, b: number, id: number): void {
    const self = this, face = this.face, router = this.host.router, transport = this.transport;
    switch (op) {
      case abi.OP_READ_START: if (transport) transport.readStart(); break;
      case abi.OP_READ_STOP: if (transport) transport.readStop(); break;
      case abi.OP_SEND: transport!.write(this.host.platform.copyOut(a, b)); break;
      case abi.OP_SHUTDOWN: if (transport) transport.shutdown(); break;
      case abi.OP_CLOSE: if (transport) this.closing = closeTransport(transport, a === 1, router); break;
      case abi.OP_TIMER_START: this.armTimer(a); break;
      case abi.OP_TIMER_STOP: this.disarmTimer(); break;
      case abi.OP_AFTER_END: this.host.platform.nextTick(afterEnd as (s: never) => void, this); break;
      case abi.OP_AFTER_WRITE: this.host.platform.nextTick(afterWrite as (s: never) => void, this); break;
      case abi.OP_NO_DELAY: if (transport) transport.setNoDelay(a === 1); break;
      case abi.OP_KEEP_ALIVE: if (transport) transport.setKeepAlive(a === 1, b); break;
      case abi.OP_CONNECT:
        this.connecting = false;
        router.deliver(function () { face.emit("connect"); face.emit("ready"); });
        break;
      case abi.OP_DATA: {
        const bytes = a === 0 ? this.readBytes! : this.host.platform.copyOut(a, b);
        if (router.immediate) this.kind.data(face, bytes);
        else router.deliver(function () { self.kind.data(face, bytes); });
        break;
      }
      case abi.OP_END: router.deliver(function () { self.kind.end(face); }); break;
      case abi.OP_FINISH: router.deliver(function () { face.emit("finish"); }); break;
      case abi.OP_DRAIN: router.deliver(function () { face.emit("drain"); }); break;
      case abi.OP_TIMEOUT: router.deliver(function () { face.emit("timeout"); }); break;
      case abi.OP_WRITE_DONE: this.callBack(this.callbacks, a, b, "write"); break;
      case abi.OP_END_DONE: this.callBack(this.endCallbacks, Infinity, a, "end"); break;
      case abi.OP_ERROR: {
        const error = this.error || coreError(a);
        this.error = error;
        // the core has closed the socket (CLOSED follows): as on node:net, 'error' listeners
        // find it destroyed
        this.closedInCore(id);
        router.deliver(function () { self.kind.errored(face, error); face.emit("error", error); });
        break;
      }
      case abi.OP_CLOSED: {
        const error = this.error;
        this.closedInCore(id);
        const hadError = a === 1, closing = this.closing;
        const emit = function () {
          self.kind.close(face, hadError, hadError ? error : null, closing !== null && closing.withHandle, self.id === 0);
        };
        this.closing = null;
        // as node:net: 'close' when the platform's handle has closed (so sockets closed in one
        // turn of the loop get theirs in the platform's order); without a handle, next tick
        if (!closing) router.deliver(emit);
        else if (!closing.closed) closing.emit = emit;
        else router.deliverClose(emit);
        break;
      }
    }
  }

  /** The core closed socket `id` (ERROR or CLOSED): what the face still shows of it is kept. */
  private closedInCore(id: number): void {
    if (id !== this.id) return; // (gone already, or a new life's: connect() after destroy() in one tick)
    const wasm = this.host.wasm;
    this.finalRead = wasm.socket_bytes_read(id);
    this.finalWritten = wasm.socket_bytes_written(id);
    this.finalWriteState = wasm.socket_write_state(id);
    this.id = 0; // (the core stopped any timer before CLOSED)
    this.connecting = false;
  }

  /** The `count` oldest of `callbacks`, called with the outcome `code` (0: success). */
  private callBack(callbacks: Callback[] | null, count: number, code: number, method: string): void {
    if (!callbacks || count === 0 || callbacks.length === 0) return;
    const error = code === abi.E_OK ? null : code === abi.ERR_STREAM_DESTROYED ? coreError(code, method) : this.error || coreError(code);
    const router = this.host.router;
    if (count === 1 && router.immediate) return callbacks.shift()!(error); // (the usual case: no list, no closure)
    const done = count >= callbacks.length ? callbacks.splice(0) : callbacks.splice(0, count);
    router.deliver(function () {
      for (let i = 0; i < done.length; i++) done[i](error);
    });
  }

  private armTimer(ms: number): void {
    const previous = this.timer, self = this;
    this.timer = this.host.platform.setTimer(ms, function () {
      self.timer = null;
      if (!self.id) return;
      self.host.wasm.socket_handle_timer(self.id, self.host.platform.now());
      self.host.router.drainIO();
    }, this.face);
    if (previous) this.host.platform.clearTimer(previous, this.face); // replaced (after: a re-arm is not a stop)
  }

  private disarmTimer(): void {
    if (this.timer) this.host.platform.clearTimer(this.timer, this.face);
    this.timer = null;
  }
}

/** The tick after writes done at once (the core's AFTER_WRITE): their 'drain' and callbacks,
 *  in this tick, as Node's afterWriteTick runs them. */
function afterWrite(shell: SocketShell): void {
  if (!shell.id) return;
  shell.host.wasm.socket_after_write(shell.id);
  shell.host.router.drainIO();
}

/** The 'end' listeners have run (the core's AFTER_END, on the next tick). */
function afterEnd(shell: SocketShell): void {
  if (!shell.id) return;
  shell.host.wasm.socket_after_end(shell.id);
  shell.host.router.drain();
}

/** A transport closing: whether the platform has said it closed, and the 'close' to emit then
 *  (set by the CLOSED record that follows CLOSE in the same drain). */
interface Closing { closed: boolean; withHandle: boolean; emit: (() => void) | null }

function closeTransport(transport: Transport, reset: boolean, router: Router): Closing {
  const closing: Closing = { closed: false, withHandle: true, emit: null };
  transport.close(reset, function (withHandle) {
    closing.closed = true;
    closing.withHandle = withHandle !== false;
    if (closing.emit) router.emitAfterBatch(closing.emit);
  });
  return closing;
}

/** Node's keep-alive delay: milliseconds given, whole seconds applied. */
export function keepAliveSeconds(ms: unknown): number {
  const seconds = Math.floor(Number(ms) / 1000);
  return seconds > 0 && seconds < 0x7fffffff ? seconds : 0;
}

// Up to this many bytes, a loop copies faster than TypedArray#set, a builtin call (Node 20 here:
// 1 byte 13 ns against 46 ns; from 16 bytes on, set is faster).
const SHORT_COPY = 8;

/** Copies `bytes` into the core's memory at `at`: a write or a read the core keeps (mqtt-packet
 *  writes 1- and 2-byte Buffers). */
function copyInto(memory: Uint8Array, at: number, bytes: Uint8Array): void {
  const length = bytes.length;
  if (length > SHORT_COPY) memory.set(bytes, at);
  else for (let i = 0; i < length; i++) memory[at + i] = bytes[i];
}
