// net.Server on the core. The core decides listening/closing, connection counting,
// maxConnections and when 'close' fires; a raw node:net server (allowHalfOpen, pauseOnConnect)
// only binds, listens and accepts. Node's own listen() parses every argument form.

import { EventEmitter } from "node:events";
import * as net from "node:net";
import * as abi from "../../assembly/abi";
import { wasm, registerServer, socketById, now, drain, drainIO, deliver, deliverClose } from "./runtime";
import { coreError, codeOf, invalidArgType } from "./errors";
import { Socket, kAccepted, checkPort } from "./socket";
import { acceptHandles, type RawSocket } from "./transport";

export interface ServerOptions {
  allowHalfOpen?: boolean;
  pauseOnConnect?: boolean;
  highWaterMark?: number;
}

type ConnectionListener = (socket: Socket) => void;

export class Server extends EventEmitter {
  readonly id: number;
  private raw: net.Server | null = null;
  private error: Error | null = null;
  private refed = true;
  private closedByCall = false;
  private readonly pauseOnConnect: boolean;

  constructor(options?: ServerOptions | ConnectionListener, listener?: ConnectionListener) {
    super();
    if (typeof options === "function") {
      listener = options;
      options = {};
    } else if (options == null) {
      options = {};
    } else if (typeof options !== "object") {
      throw invalidArgType("options", "of type object", options);
    }
    this.pauseOnConnect = Boolean(options.pauseOnConnect);
    const flags = (options.allowHalfOpen ? abi.OPEN_ALLOW_HALF_OPEN : 0) | (this.pauseOnConnect ? abi.OPEN_PAUSE_ON_CONNECT : 0);
    this.id = wasm.server_open(flags);
    registerServer(this.id, this);
    if (typeof listener === "function") this.on("connection", listener); // anything else: ignored, as by Node
  }

  listen(...args: unknown[]): this {
    const last = args[args.length - 1];
    if (typeof last === "function") this.once("listening", last as () => void);
    const first = args[0];
    if (typeof first === "number" || (typeof first === "string" && /^\s*\d+\s*$/.test(first))) checkPort(first, "options.port");
    else if (first !== null && typeof first === "object") {
      // a numeric port is the core's to check; any other kind is node:net's (its own errors)
      const port = (first as { port?: unknown }).port;
      if (typeof port === "number" || typeof port === "string") checkPort(port, "options.port");
    }
    const answer = wasm.server_listen(this.id);
    if (answer < 0) throw coreError(-answer);
    const raw = this.newListener();
    raw.on("connection", (socket: net.Socket) => this.accepted(socket)); // the public API's way
    raw.on("listening", () => {
      acceptHandles(raw, (error, socket) => {
        if (error) this.failed(error);
        else this.accepted(socket!);
      });
      wasm.server_handle_listening(this.id);
      drainIO();
    });
    raw.on("error", (error) => {
      this.raw = null;
      this.failed(error);
    });
    if (!this.refed) raw.unref();
    this.raw = raw;
    try {
      raw.listen(...(args.filter((a) => typeof a !== "function") as Parameters<net.Server["listen"]>));
    } catch (error) {
      this.raw = null;
      wasm.server_handle_error(this.id, 0); // back to idle; the error is the caller's
      drain();
      throw error;
    }
    return this;
  }

  /** The listening transport: a raw node:net server that accepts paused, half-open sockets.
   *  The one place that chooses it (see Socket#newTransport). */
  protected newListener(): net.Server {
    return net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
  }

  private failed(error: Error): void {
    this.error = error;
    wasm.server_handle_error(this.id, codeOf(error));
    drainIO();
  }

  private accepted(raw: RawSocket): void {
    const id = wasm.server_handle_connection(this.id, now());
    if (id <= 0) raw.destroy();
    else new Socket({ [kAccepted]: { id, raw, server: this, paused: this.pauseOnConnect } });
    drainIO();
  }

  onRecord(op: number, a: number, _b: number): void {
    switch (op) {
      case abi.OP_UNLISTEN: this.raw?.close(); this.raw = null; break;
      case abi.OP_LISTENING: deliver(() => this.emit("listening")); break;
      case abi.OP_CONNECTION: {
        const socket = socketById(a); // constructed by accepted()
        deliver(() => this.emit("connection", socket));
        break;
      }
      case abi.OP_DROP: deliver(() => this.emit("drop")); break;
      case abi.OP_SERVER_ERROR: {
        const error = this.error ?? coreError(a);
        this.error = null;
        deliver(() => this.emit("error", error));
        break;
      }
      case abi.OP_SERVER_CLOSED: {
        // right after close() when nothing was connected; after the last connection's events otherwise
        const emit = () => this.emit("close");
        if (this.closedByCall) deliver(emit);
        else deliverClose(emit);
        this.closedByCall = false;
        break;
      }
    }
  }

  close(callback?: (error?: Error) => void): this {
    if (typeof callback !== "function") callback = undefined; // as Node: ignored
    const answer = wasm.server_close(this.id);
    if (callback) {
      if (answer === -abi.ERR_SERVER_NOT_RUNNING) this.once("close", () => callback(coreError(abi.ERR_SERVER_NOT_RUNNING)));
      else this.once("close", () => callback());
    }
    this.closedByCall = this.connections === 0; // then SERVER_CLOSED is already queued
    drain();
    return this;
  }

  address(): net.AddressInfo | string | null {
    return this.raw?.listening ? this.raw.address() : null;
  }

  get listening(): boolean {
    return this.raw?.listening ?? false;
  }

  get connections(): number {
    return wasm.server_connections(this.id);
  }

  get maxConnections(): number {
    return this.max;
  }

  set maxConnections(n: number) {
    this.max = n;
    wasm.server_set_max_connections(this.id, Number.isFinite(n) ? Math.trunc(n) : 0);
  }
  private max = 0;

  getConnections(callback: (error: Error | null, count: number) => void): this {
    const count = this.connections;
    process.nextTick(callback, null, count);
    return this;
  }

  ref(): this { this.refed = true; this.raw?.ref(); return this; }
  unref(): this { this.refed = false; this.raw?.unref(); return this; }
}
