// The public net module: node:net's API on the wasm core.
import * as nodeNet from "node:net";
import { Server as ServerClass, kNewListener, type ServerOptions } from "./server";
import { Socket as SocketClass, normalizeConnectArgs, kNewTransport, kShell } from "./socket";
import { core, host, platform } from "./runtime";
import { addressFamily } from "../shell/core";
import { callable } from "../shell/face";

/** net.Socket and net.Server, with or without `new`, as node:net's. */
export const Socket = callable(SocketClass);
export type Socket = SocketClass;
export const Server = callable(ServerClass);
export type Server = ServerClass;
export { Socket as Stream };

// Connecting goes through node:net's own sockets, so its address-family defaults are the ones
// that apply: these are node:net's.
export const { getDefaultAutoSelectFamily, setDefaultAutoSelectFamily,
  getDefaultAutoSelectFamilyAttemptTimeout, setDefaultAutoSelectFamilyAttemptTimeout } = nodeNet;

// Address filters and values: node:net's own classes (no socket rule in them), so a BlockList
// made here is the one Node's own APIs take.
export const { BlockList, SocketAddress } = nodeNet;

// node:net's undocumented helpers that code (and Node's tests) call: node:net's own functions.
// _setSimultaneousAccepts is a deprecated no-op off Windows (DEP0121), whose warning is once a process.
export const { _normalizeArgs, _setSimultaneousAccepts } = nodeNet as unknown as {
  _normalizeArgs(args: unknown[]): unknown[];
  _setSimultaneousAccepts(handle?: unknown): void;
};

export function createServer(options?: ServerOptions | ((socket: Socket) => void), listener?: (socket: Socket) => void): Server {
  return new Server(options, listener);
}

export function connect(...args: unknown[]): Socket {
  const [options] = normalizeConnectArgs(args);
  const socket = new Socket(options);
  if (options.timeout !== undefined) socket.setTimeout(options.timeout as number);
  return socket.connect(...args);
}

export const createConnection = connect;

export function isIP(input: unknown): number {
  return addressFamily(core, `${input}`);
}

export function isIPv4(input: unknown): boolean {
  return isIP(input) === 4;
}

export function isIPv6(input: unknown): boolean {
  return isIP(input) === 6;
}

/** For this project's tests only: the symbols of the overridable parts and the platform. */
export const internals = { kNewTransport, kNewListener, kShell, platform, host };
