// net.Server's Ruff face: an EventEmitter over the shell (../shell/server.ts); a uv handle
// binds, listens and accepts. Our state lives under symbols: users own every name.

import { EventEmitter } from "events";
import { host } from "./runtime";
import { ServerShell, type ServerOptions } from "../shell/server";
import { kShell, installServerApi, type ServerApi } from "../shell/face";
import { nodeError } from "../shell/errors";
import { checkPort } from "../shell/args";
import { uvError } from "./errors";
import { Socket, nodeAddress } from "./socket";
import { isIP, lookup } from "./address";

export type { ServerOptions };
type ConnectionListener = (socket: Socket) => void;

/** What listen() was asked for, after its argument forms are read. */
interface ListenTarget { port?: number; host?: string; path?: string; backlog: number; handle?: UvHandle; fd?: number }

const kState = Symbol("wasm-net listener");

/** The listening side: the uv handle, what it was bound to, the accept callback, and the
 *  options accepted sockets' streams get (createServer's highWaterMark: the core has it too). */
interface ListenState { handle: UvHandle | null; target: ListenTarget | null; onConnection: (error: Error | null) => void; accepted: { highWaterMark?: number } }

export interface Server extends ServerApi {}

export class Server extends EventEmitter {
  [kShell]: ServerShell;
  [kState]: ListenState;

  constructor(options?: ServerOptions | ConnectionListener, listener?: ConnectionListener) {
    super();
    const self = this;
    this[kShell] = new ServerShell(host, this, options, listener);
    this[kState] = {
      handle: null, target: null,
      onConnection: function (error) {
        if (error) self[kShell].failed(uvError(error, "accept"));
        else accept(self);
      },
      accepted: { highWaterMark: options !== null && typeof options === "object" ? options.highWaterMark : undefined },
    };
  }

  /** The listening uv handle (listen(handle) on another server reads it). */
  get _handle(): UvHandle | null { return this[kState].handle; }

  listen(...args: unknown[]): this {
    const last = args[args.length - 1];
    if (typeof last === "function") this.once("listening", last as () => void);
    const target = listenTarget(args);
    const self = this, shell = this[kShell], state = this[kState];
    shell.listen(function () {
      state.target = target;
      if (target.handle !== undefined || target.fd !== undefined || target.path !== undefined || target.host === undefined || isIP(target.host)) {
        // bound now, as Node binds inside listen(); a failure is reported from the loop
        const error = bindAndListen(self);
        if (error) process.nextTick(function () { shell.failed(error); });
        else shell.listening(true);
      } else {
        lookup(target.host, {}, function (error, address) {
          if (error) return shell.failed(error);
          target.host = address;
          const failure = bindAndListen(self);
          if (failure) shell.failed(failure);
          else shell.listening(false);
        });
      }
      return { close: function () { unlisten(self); } };
    });
    return this;
  }

  address(): { address: string; family: string; port: number } | string | null {
    const state = this[kState];
    if (!this[kShell].isListening || !state.handle || !state.target) return null;
    if (state.target.path !== undefined) return state.target.path;
    return nodeAddress(uv.tcp_getsockname(state.handle));
  }

  /** Ruff's uv has no ref/unref: these keep Node's chaining and do nothing else. */
  ref(): this { return this; }
  unref(): this { return this; }
}

installServerApi(Server.prototype); // close, getConnections, listening, connections, maxConnections

/** Binds and listens on the target; answers the error, if any, as Node reports it. */
function bindAndListen(server: Server): Error | null {
  const state = server[kState], target = state.target!;
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
    state.handle = handle;
    syscall = "listen";
    uv.listen(handle, target.backlog, state.onConnection);
    return null;
  } catch (error) {
    if (handle && handle !== target.handle) uv.close(handle);
    state.handle = null;
    const where = target.path !== undefined ? target.path : target.host;
    return uvError(error as Error, syscall === "bind" ? "listen" : syscall, where, target.path !== undefined ? undefined : target.port);
  }
}

function unlisten(server: Server): void {
  const state = server[kState];
  if (state.handle) uv.close(state.handle);
  state.handle = null;
  state.target = null;
}

function accept(server: Server): void {
  const state = server[kState], shell = server[kShell];
  if (!state.handle) return;
  const pipe = Boolean(state.target && state.target.path !== undefined);
  const client = pipe ? uv.new_pipe(false) : uv.new_tcp();
  try {
    uv.accept(state.handle, client);
  } catch (error) {
    uv.close(client);
    return shell.failed(uvError(error as Error, "accept"));
  }
  const id = shell.connection();
  if (id === 0) uv.close(client);
  else new Socket(state.accepted, { id: id, handle: client, server: server, paused: shell.pauseOnConnect, pipe: pipe });
  shell.accepted();
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
 *  (options[, cb]), ([cb]). Lite takes them all too: net-api.txt marks only the handle and
 *  options forms "Ruff Lite available", but Ruff Lite's own net takes every form, and code
 *  written for it calls listen(port). */
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
      if (typeof o.port === "number" || typeof o.port === "string") target.port = checkPort(host, o.port, "options.port");
      else if (o.port !== undefined && o.port !== null) throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", "The argument 'options' is invalid. Received " + JSON.stringify(o));
      if (typeof o.host === "string") target.host = o.host;
    }
    if (typeof o.backlog === "number") target.backlog = o.backlog;
    return target;
  }
  if (typeof first === "string" && !/^\s*\d+\s*$/.test(first)) {
    target.path = first;
    return target;
  }
  if (first !== undefined && first !== null) target.port = checkPort(host, first, "options.port");
  if (typeof given[1] === "string") target.host = given[1];
  const backlog = typeof given[1] === "number" ? given[1] : given[2];
  if (typeof backlog === "number") target.backlog = backlog;
  return target;
}
