// Types of the wasm-net Node module: node:net's own declarations (from @types/node) for the
// surface this module implements, so code type-checks as it does against node:net.
import type * as net from "node:net";

export type { AddressInfo, ListenOptions, NetConnectOpts, ServerOpts, SocketConstructorOpts, TcpNetConnectOpts, IpcNetConnectOpts, SocketReadyState } from "node:net";

export declare const Server: typeof net.Server;
export type Server = net.Server;
export declare const Socket: typeof net.Socket;
export type Socket = net.Socket;
export declare const Stream: typeof net.Socket;
export declare const createServer: typeof net.createServer;
export declare const connect: typeof net.connect;
export declare const createConnection: typeof net.createConnection;
export declare const isIP: typeof net.isIP;
export declare const isIPv4: typeof net.isIPv4;
export declare const isIPv6: typeof net.isIPv6;
export declare const getDefaultAutoSelectFamily: typeof net.getDefaultAutoSelectFamily;
export declare const setDefaultAutoSelectFamily: typeof net.setDefaultAutoSelectFamily;
export declare const getDefaultAutoSelectFamilyAttemptTimeout: typeof net.getDefaultAutoSelectFamilyAttemptTimeout;
export declare const setDefaultAutoSelectFamilyAttemptTimeout: typeof net.setDefaultAutoSelectFamilyAttemptTimeout;
export declare const BlockList: typeof net.BlockList;
export type BlockList = net.BlockList;
export declare const SocketAddress: typeof net.SocketAddress;
export type SocketAddress = net.SocketAddress;

declare const wasmNet: {
  Server: typeof net.Server;
  Socket: typeof net.Socket;
  Stream: typeof net.Socket;
  createServer: typeof net.createServer;
  connect: typeof net.connect;
  createConnection: typeof net.createConnection;
  isIP: typeof net.isIP;
  isIPv4: typeof net.isIPv4;
  isIPv6: typeof net.isIPv6;
  getDefaultAutoSelectFamily: typeof net.getDefaultAutoSelectFamily;
  setDefaultAutoSelectFamily: typeof net.setDefaultAutoSelectFamily;
  getDefaultAutoSelectFamilyAttemptTimeout: typeof net.getDefaultAutoSelectFamilyAttemptTimeout;
  setDefaultAutoSelectFamilyAttemptTimeout: typeof net.setDefaultAutoSelectFamilyAttemptTimeout;
  BlockList: typeof net.BlockList;
  SocketAddress: typeof net.SocketAddress;
};
export default wasmNet;
