// net.Server on Ruff. The core decides listening/closing, connection counting,
// maxConnections and when 'close' fires; a uv handle binds, listens and accepts.

import { EventEmitter } from "events";
import * as abi from "../../assembly/abi";
import { wasm, router, now } from "./runtime";
import { coreError, codeOf, invalidArgType, uvError } from "./errors";
import { nodeError } from "../errors";
import { Socket, checkPort, nodeAddress } from "./socket";
import { isIP, lookup } from "./address";

export interface ServerOptions {
  allowHalfOpen?: boolean;
  pauseOnConnect?: boolean;
}

type ConnectionListener = (socket: Socket) => void;

/** What listen() was asked for, after its argument forms are read. */
interface ListenTarget { port?: number; host?: string; path?: string; backlog: number; handle?: UvHandle; fd?: number }

export class Server extends EventEmitter {
  readonly id: number;
  /** The listening uv handle (listen(handle) on another server reads it). */
  _handle: UvHandle | null = null;
  private error: Error | null = null;
  private closedByCall = false;
  private max = 0;
  private isListening = false;
  private target: ListenTarget | null = null;
  private readonly pauseOnConnect: boolean;
  private readonly onConnection: (error: Error | null) => void;

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
    router.registerServer(this.id, this);
    if (typeof listener === "function") this.on("connection", listener); // anything else: ignored, as by Node
    const self = this;
    this.onConnection = function (error) {
      if (error) self.failed(uvError(error, "accept"));
      else self.accept();
    };
  }

  listen(...args: unknown[]): this {
    const last = args[args.length - 1];
    if (typeof last === "function") this.once("listening", last as () => void);
    const target = listenTarget(args);
    const answer = wasm.server_listen(this.id);
    if (answer < 0) throw coreError(-answer);
    this.target = target;
    router.drain();
    const self = this;
    if (target.handle !== undefined || target.fd !== undefined || target.path !== undefined) {
      this.bindAndListen(target);
    } else if (target.host === undefined || isIP(target.host)) {
      this.bindAndListen(target);
    } else {
      lookup(target.host, {}, function (error, address) {
        if (error) return self.failed(error);
        target.host = address;
        self.bindAndListen(target);
      });
    }
    return this;
  }

  private bindAndListen(target: ListenTarget): void {
    let handle = target.handle;
    let syscall = "listen";
    try {
      if (handle === undefined) {
        syscall = "bind";
        handle = target.path !== undefined ? uv.new_pipe(false) : uv.new_tcp();
        if (target.fd !== undefined) uv.tcp_open(handle, target.fd);
        else if (target.path !== undefined) uv.pipe_bind(handle, target.path);
        else bindAnyFamily(handle, target);
      }
      this._handle = handle;
      syscall = "listen";
      uv.listen(handle, target.backlog, this.onConnection);
    } catch (error) {
      if (handle && handle !== target.handle) uv.close(handle);
      this._handle = null;
      const where = target.path !== undefined ? target.path : target.host;
      const failure = uvError(error as Error, syscall === "bind" ? "listen" : syscall, where, target.path !== undefined ? undefined : target.port);
      const self = this;
      return process.nextTick(function () { self.failed(failure); });
    }
    wasm.server_handle_listening(this.id);
    router.drain();
  }

  private failed(error: Error): void {
    this.error = error;
    wasm.server_handle_error(this.id, codeOf(error));
    router.drainIO();
  }

  private accept(): void {
    if (!this._handle) return;
    const client = this.target && this.target.path !== undefined ? uv.new_pipe(false) : uv.new_tcp();
    try {
      uv.accept(this._handle, client);
    } catch (error) {
      uv.close(client);
      return this.failed(uvError(error as Error, "accept"));
    }
    const id = wasm.server_handle_connection(this.id, now());
    if (id <= 0) uv.close(client);
    else new Socket({}, { id: id, handle: client, server: this, paused: this.pauseOnConnect });
    router.drainIO();
  }

  onRecord(op: number, a: number, _b: number): void {
    const self = this;
    switch (op) {
      case abi.OP_UNLISTEN:
        if (this._handle) uv.close(this._handle);
        this._handle = null;
        this.isListening = false;
        break;
      case abi.OP_LISTENING:
        this.isListening = true;
        router.deliver(function () { self.emit("listening"); });
        break;
      case abi.OP_CONNECTION: {
        const socket = router.socketById(a); // constructed by accept()
        router.deliver(function () { self.emit("connection", socket); });
        break;
      }
      case abi.OP_DROP: router.deliver(function () { self.emit("drop"); }); break;
      case abi.OP_SERVER_ERROR: {
        const error = this.error || coreError(a);
        this.error = null;
        router.deliver(function () { self.emit("error", error); });
        break;
      }
      case abi.OP_SERVER_CLOSED: {
        // right after close() when nothing was connected; after the last connection's events otherwise
        const emit = function () { self.emit("close"); };
        if (this.closedByCall) router.deliver(emit);
        else router.deliverClose(emit);
        this.closedByCall = false;
        break;
      }
    }
  }

  close(callback?: (error?: Error) => void): this {
    if (typeof callback !== "function") callback = undefined; // as Node: ignored
    const answer = wasm.server_close(this.id);
    if (callback) {
      const cb = callback;
      if (answer === -abi.ERR_SERVER_NOT_RUNNING) this.once("close", function () { cb(coreError(abi.ERR_SERVER_NOT_RUNNING)); });
      else this.once("close", function () { cb(); });
    }
    this.closedByCall = this.connections === 0; // then SERVER_CLOSED is already queued
    router.drain();
    return this;
  }

  address(): { address: string; family: string; port: number } | string | null {
    if (!this.isListening || !this._handle || !this.target) return null;
    if (this.target.path !== undefined) return this.target.path;
    return nodeAddress(uv.tcp_getsockname(this._handle));
  }

  get listening(): boolean {
    return this.isListening;
  }

  get connections(): number {
    return wasm.server_connections(this.id);
  }

  get maxConnections(): number {
    return this.max;
  }

  set maxConnections(n: number) {
    this.max = n;
    wasm.server_set_max_connections(this.id, n > 0 && n !== Infinity ? Math.floor(n) : 0);
  }

  getConnections(callback: (error: Error | null, count: number) => void): this {
    process.nextTick(callback, null, this.connections);
    return this;
  }

  /** Ruff's uv has no ref/unref: these keep Node's chaining and do nothing else. */
  ref(): this { return this; }
  unref(): this { return this; }
}

/** Binds to the host asked for; with none, to '::' where the system has IPv6, else '0.0.0.0'. */
function bindAnyFamily(handle: UvHandle, target: ListenTarget): void {
  if (target.host !== undefined) return uv.tcp_bind(handle, target.host, target.port || 0);
  try {
    uv.tcp_bind(handle, "::", target.port || 0);
    target.host = "::";
  } catch (error) {
    if (!/^(EAFNOSUPPORT|EADDRNOTAVAIL|EINVAL)/.test(String((error as Error).message))) throw error;
    uv.tcp_bind(handle, "0.0.0.0", target.port || 0);
    target.host = "0.0.0.0";
  }
}

/** Node's listen() forms: (port[, host][, backlog][, cb]), (path[, cb]), (handle[, cb]),
 *  (options[, cb]), ([cb]). Lite has only the handle and options forms. */
function listenTarget(args: unknown[]): ListenTarget {
  const given: unknown[] = [];
  for (let i = 0; i < args.length; i++) if (typeof args[i] !== "function") given.push(args[i]);
  const first = given[0];
  const target: ListenTarget = { backlog: 511 };
  if (first !== null && typeof first === "object") {
    const o = first as { port?: unknown; host?: unknown; path?: unknown; backlog?: unknown; fd?: unknown; _handle?: unknown };
    if (o._handle) target.handle = o._handle as UvHandle;
    else if (typeof o.fd === "number") target.fd = o.fd;
    else if (typeof o.path === "string") target.path = o.path;
    else {
      if (typeof o.port === "number" || typeof o.port === "string") target.port = checkPort(o.port, "options.port");
      else if (o.port !== undefined && o.port !== null) throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", "The argument 'options' is invalid. Received " + JSON.stringify(o));
      if (typeof o.host === "string") target.host = o.host;
    }
    if (typeof o.backlog === "number") target.backlog = o.backlog;
    return target;
  }
  if (__LITE__ && first !== undefined) throw invalidArgType("options", "of type object", first);
  if (typeof first === "string" && !/^\s*\d+\s*$/.test(first)) {
    target.path = first;
    return target;
  }
  if (first !== undefined && first !== null) target.port = checkPort(first, "options.port");
  if (typeof given[1] === "string") target.host = given[1];
  const backlog = typeof given[1] === "number" ? given[1] : given[2];
  if (typeof backlog === "number") target.backlog = backlog;
  return target;
}
