// net.Server's Node face: an EventEmitter over the shell (../shell/server.ts). A raw node:net
// server (allowHalfOpen, pauseOnConnect) only binds, listens and accepts; Node's own listen()
// parses every argument form. Our state lives under symbols: users own every name.

import { EventEmitter } from "node:events";
import * as net from "node:net";
import { host } from "./runtime";
import { ServerShell, type ServerOptions } from "../shell/server";
import { kShell, installServerApi, plainField, type ServerApi } from "../shell/face";
import { checkPort } from "../shell/args";
import { Socket, kAccepted, abortSignal } from "./socket";
import { acceptHandles, type RawSocket } from "./transport";
import { cannotSend } from "./stream-handle";

export type { ServerOptions };
type ConnectionListener = (socket: Socket) => void;

const kRaw = Symbol("wasm-net raw server");
const kRefed = Symbol("wasm-net refed");
/** Overridable: the raw node:net server a listen() uses (tests put a scripted one here). */
export const kNewListener = Symbol("wasm-net new listener");

export interface Server extends ServerApi {}

export class Server extends EventEmitter {
  [kShell]: ServerShell;
  [kRaw]: net.Server | null = null;
  [kRefed] = true;
  noDelay: boolean;
  keepAlive: boolean;
  keepAliveInitialDelay: number;

  constructor(options?: ServerOptions | ConnectionListener, listener?: ConnectionListener) {
    super();
    this[kShell] = new ServerShell(host, this, options, listener);
    // node:net's record of the options its connections get (the core applies them)
    const given = typeof options === "object" && options !== null ? options : {};
    this.noDelay = Boolean(given.noDelay);
    this.keepAlive = Boolean(given.keepAlive);
    this.keepAliveInitialDelay = ~~((given.keepAliveInitialDelay ?? 0) / 1000);
  }

  /** node:net's hook for child.send(message, socket) with one of its connections: the
   *  connections here are the core's, and their handles cannot be sent (stream-handle.ts). */
  _setupWorker(): never {
    throw cannotSend();
  }

  listen(...args: unknown[]): this {
    const last = args[args.length - 1];
    if (typeof last === "function") this.once("listening", last as () => void);
    const first = args[0];
    const signal = first !== null && typeof first === "object" ? abortSignal((first as { signal?: unknown }).signal) : null;
    if (typeof first === "number" || (typeof first === "string" && /^\s*\d+\s*$/.test(first))) checkPort(host, first, "options.port");
    else if (first !== null && typeof first === "object") {
      // a numeric port is the core's to check; any other kind is node:net's (its own errors)
      const port = (first as { port?: unknown }).port;
      if (typeof port === "number" || typeof port === "string") checkPort(host, port, "options.port");
    }
    const shell = this[kShell];
    shell.listen(() => {
      const raw = this[kNewListener]();
      this[kRaw] = raw;
      raw.on("connection", (socket: net.Socket) => accept(this, socket)); // the public API's way
      const listening = (duringCall: boolean) => {
        acceptHandles(raw, (error, socket) => {
          if (error) shell.failed(error);
          else accept(this, socket!);
        });
        shell.listening(duringCall);
      };
      raw.on("error", (error) => {
        this[kRaw] = null;
        shell.failed(error);
      });
      if (!this[kRefed]) raw.unref();
      raw.listen(...(args.filter((a) => typeof a !== "function") as Parameters<net.Server["listen"]>));
      // node:net binds inside listen() unless it must look a host name up first
      if (raw.listening) listening(true);
      else raw.once("listening", () => listening(false));
      return raw;
    });
    if (signal) { // as node:net: an abort closes the server
      const abort = () => this.close();
      if (signal.aborted) process.nextTick(abort);
      else {
        signal.addEventListener("abort", abort);
        this.once("close", () => signal.removeEventListener("abort", abort));
      }
    }
    return this;
  }

  /** The listening transport: a raw node:net server that accepts paused, half-open sockets.
   *  The one place that chooses it (see Socket's kNewTransport). */
  [kNewListener](): net.Server {
    return net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
  }

  address(): net.AddressInfo | string | null {
    const raw = this[kRaw];
    return this[kShell].isListening && raw ? raw.address() : null;
  }

  /** node:net's listening handle while listening (the raw server's, whose connections are
   *  ours: see acceptHandles), null before and once closed. */
  get _handle(): object | null {
    const raw = this[kRaw];
    return (this[kShell].isListening && raw && (raw as unknown as { _handle?: object })._handle) || null;
  }
  set _handle(value: object | null) {
    plainField(this, "_handle", value);
  }

  /** node:net's key for its listening address ("4:0.0.0.0:0"), which cluster reads. */
  get _connectionKey(): string | undefined {
    return (this[kRaw] as unknown as { _connectionKey?: string } | null)?._connectionKey;
  }
  set _connectionKey(value: string | undefined) {
    plainField(this, "_connectionKey", value);
  }

  ref(): this { this[kRefed] = true; this[kRaw]?.ref(); return this; }
  unref(): this { this[kRefed] = false; this[kRaw]?.unref(); return this; }
}

installServerApi(Server.prototype); // close, getConnections, listening, connections, maxConnections

Object.defineProperties(Server.prototype, {
  // `await using server = ...`: closes it
  [Symbol.asyncDispose]: {
    value(this: Server) {
      if (!this.listening) return Promise.resolve();
      return new Promise<void>((resolve, reject) => this.close((error) => (error ? reject(error) : resolve())));
    },
    configurable: true, writable: true,
  },
  // with captureRejections, a failed async 'connection' listener destroys that socket, as node:net's
  [EventEmitter.captureRejectionSymbol]: {
    value(this: Server, error: Error, event: string, socket: Socket) {
      if (event === "connection") socket.destroy(error);
      else this.emit("error", error);
    },
    configurable: true, writable: true,
  },
});

/** A connection the listener accepted: a Socket, unless the core refuses it. */
function accept(server: Server, raw: RawSocket): void {
  const shell = server[kShell];
  const id = shell.connection(() => ({
    localAddress: raw.localAddress, localPort: raw.localPort, localFamily: raw.localFamily,
    remoteAddress: raw.remoteAddress, remotePort: raw.remotePort, remoteFamily: raw.remoteFamily,
  }));
  if (id === 0) raw.destroy();
  else new Socket({ allowHalfOpen: shell.allowHalfOpen, [kAccepted]: { id, raw, server, paused: shell.pauseOnConnect } });
  shell.accepted();
}
