// The net module for Ruff (and, built with __LITE__, for Ruff Lite) on the core's
// plain-JavaScript form. One CommonJS file replaces Ruff's own net as it is.
import { Server, type ServerOptions } from "./server";
import { Socket, normalizeConnectArgs } from "./socket";
import { isIP as family } from "./address";
import { callable } from "../shell/face";

function createServer(options?: ServerOptions | ((socket: Socket) => void), listener?: (socket: Socket) => void): Server {
  return new Server(options, listener);
}

function connect(...args: unknown[]): Socket {
  const options = normalizeConnectArgs(args)[0];
  const socket = new Socket(options);
  if (options.timeout !== undefined) socket.setTimeout(options.timeout as number);
  return socket.connect.apply(socket, args);
}

function isIP(input: unknown): number {
  return family(input);
}

function isIPv4(input: unknown): boolean {
  return isIP(input) === 4;
}

function isIPv6(input: unknown): boolean {
  return isIP(input) === 6;
}

const net: { [name: string]: unknown } = {
  createServer: createServer,
  connect: connect,
  createConnection: connect,
  Server: callable(Server), // with or without `new`, as Ruff's and node:net's
  Socket: callable(Socket),
};
net.Stream = net.Socket;
if (!__LITE__) {
  net.isIP = isIP;
  net.isIPv4 = isIPv4;
  net.isIPv6 = isIPv6;
}

export default net; // build/ruff.mjs makes it the module itself (module.exports)
