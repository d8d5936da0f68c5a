// One server's shell, for every JavaScript host (ES5-safe): user calls → core inputs, the
// platform's listener results → core inputs, core records → listener calls and user events.
// The core decides listening, closing, connection counting, maxConnections and when 'close'
// fires; the shell keeps the platform's error objects and the user's values.

import * as abi from "../../assembly/abi";
import { markOrDefault, platformOpenFlags, type Host } from "./host";
import { coreError, codeOf, invalidArgType } from "./errors";
import { markOf, keepAliveSeconds } from "./socket";

/** What the shell asks of a server's face: its EventEmitter. */
export interface ServerFace {
  emit(event: string, ...args: unknown[]): boolean;
  on(event: string, listener: (...args: any[]) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  once(event: string, listener: () => void): unknown;
}

/** The platform's listening transport: what the core's UNLISTEN needs. */
export interface Listener {
  close(): void;
}

/** createServer's options every host reads the same way (Node's names). */
export interface ServerOptions {
  allowHalfOpen?: boolean;
  pauseOnConnect?: boolean;
  highWaterMark?: number;
  noDelay?: boolean;
  keepAlive?: boolean;
  keepAliveInitialDelay?: number;
}

export class ServerShell {
  readonly id: number;
  listener: Listener | null = null;
  /** The value the user set (Node keeps it as given); the core applies Node's rule to it. */
  maxConnections: unknown = undefined;
  private error: Error | null = null;
  private dropped: object | null = null; // the addresses of a refused connection, for 'drop'

  /** Whether accepted sockets start held (createServer's pauseOnConnect). */
  readonly pauseOnConnect: boolean;
  /** createServer's allowHalfOpen (accepted sockets show it; the core applies it). */
  readonly allowHalfOpen: boolean;

  /** createServer([options][, connectionListener]), as Node reads its arguments. */
  constructor(readonly host: Host, readonly face: ServerFace, options?: unknown, listener?: unknown) {
    if (typeof options === "function") {
      listener = options;
      options = {};
    } else if (options === null || options === undefined) {
      options = {};
    } else if (typeof options !== "object") {
      throw invalidArgType(host.platform.describe, "options", "of type object", options);
    }
    const o = options as ServerOptions;
    const wasm = host.wasm;
    this.pauseOnConnect = Boolean(o.pauseOnConnect);
    this.allowHalfOpen = Boolean(o.allowHalfOpen);
    const flags = (o.allowHalfOpen ? abi.OPEN_ALLOW_HALF_OPEN : 0) | (this.pauseOnConnect ? abi.OPEN_PAUSE_ON_CONNECT : 0) |
      platformOpenFlags(host.platform);
    this.id = wasm.server_open(flags);
    const mark = markOrDefault(host.platform, markOf(o.highWaterMark));
    wasm.server_set_marks(this.id, mark, mark);
    wasm.server_set_socket_options(this.id, o.noDelay ? 1 : 0, o.keepAlive ? 1 : 0, keepAliveSeconds(o.keepAliveInitialDelay));
    host.router.registerServer(this.id, this);
    if (typeof listener === "function") face.on("connection", listener as (socket: unknown) => void); // anything else: ignored, as by Node
  }

  /** listen(): the core may refuse (listening already); `start` binds on the platform and
   *  returns its listener; if it throws, the server is idle again and the error is the caller's. */
  listen(start: () => Listener): void {
    const wasm = this.host.wasm;
    const answer = wasm.server_listen(this.id);
    if (answer < 0) throw coreError(-answer);
    try {
      this.listener = start();
    } catch (error) {
      this.listener = null;
      wasm.server_handle_error(this.id, 0);
      this.host.router.drain();
      throw error;
    }
    this.host.router.drain();
  }

  // ---- listener results → core inputs ----------------------------------------------------

  /** Bound and listening; `duringCall` when that happened inside listen() itself (its
   *  events then come on the next tick, as the user's call's do). */
  listening(duringCall?: boolean): void {
    this.host.wasm.server_handle_listening(this.id);
    if (duringCall) this.host.router.drain();
    else this.host.router.drainIO();
  }

  failed(error: Error): void {
    this.error = error;
    this.host.wasm.server_handle_error(this.id, codeOf(error));
    this.host.router.drainIO();
  }

  /** A connection the platform accepted: the new socket's core id, or 0 if the core refused it
   *  (the platform closes it; `addresses` gives 'drop' its argument). The face makes its Socket
   *  with the id, then calls accepted(). */
  connection(addresses?: () => object): number {
    // (no clock: the new socket has no idle timeout, so the core reads no time; ABI.md)
    const id = this.host.wasm.server_handle_connection(this.id, 0);
    this.dropped = id <= 0 && addresses ? addresses() : null; // (read before the platform closes it)
    return id > 0 ? id : 0;
  }

  accepted(): void {
    this.host.router.drainIO();
  }

  // ---- user calls ------------------------------------------------------------------------

  close(callback?: unknown): void {
    const answer = this.host.wasm.server_close(this.id);
    if (typeof callback === "function") {
      const error = answer < 0 ? coreError(-answer) : undefined;
      this.face.once("close", function () {
        if (error) callback(error);
        else callback();
      });
    }
    this.host.router.drain();
  }

  setMaxConnections(value: unknown): void {
    this.maxConnections = value;
    this.host.wasm.server_set_max_connections(this.id, Number(value));
  }

  get isListening(): boolean { return this.host.wasm.server_listening(this.id) === 1; }
  get connections(): number { return this.host.wasm.server_connections(this.id); }

  getConnections(callback: unknown): void {
    if (typeof callback !== "function") throw invalidArgType(this.host.platform.describe, "callback", "of type function", callback);
    this.host.platform.nextTick(callback as (e: never) => void, null, this.connections);
  }

  // ---- core records → listener calls and user events -------------------------------------

  onRecord(op: number, a: number): void {
    const face = this.face, router = this.host.router;
    switch (op) {
      case abi.OP_UNLISTEN:
        if (this.listener) this.listener.close();
        this.listener = null;
        break;
      case abi.OP_LISTENING: {
        const self = this; // as node:net: no 'listening' if close() came first
        router.deliver(function () { if (self.isListening) face.emit("listening"); });
        break;
      }
      case abi.OP_CONNECTION: {
        const socket = (router.socketById(a) as unknown as { face: unknown }).face;
        router.deliver(function () { face.emit("connection", socket); });
        break;
      }
      case abi.OP_DROP: {
        const data = this.dropped;
        router.deliver(function () { if (data) face.emit("drop", data); else face.emit("drop"); });
        break;
      }
      case abi.OP_SERVER_ERROR: {
        const error = this.error || coreError(a);
        this.error = null;
        router.deliver(function () { face.emit("error", error); });
        break;
      }
      case abi.OP_SERVER_CLOSED: {
        const emit = function () { face.emit("close"); };
        // with close()'s own events when it closed at once; after the last connection's 'close'
        if (a === 1) router.deliver(emit);
        else router.deliverClose(emit);
        break;
      }
    }
  }
}
