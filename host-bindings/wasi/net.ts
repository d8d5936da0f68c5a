// The guest API: node:net's shape for AssemblyScript programs in WASI runtimes.
//
//   class Echo extends ServerHandler {
//     onData(socket: Socket, data: Uint8Array): void { socket.write(data); }
//   }
//   createServer(null, new Echo()).listen(8124, "127.0.0.1");
//   run();
//
// Listeners are handler objects (AssemblyScript has no closures over locals). A program sets up
// its servers and sockets, then calls run(), which returns once nothing is left to wait for.

import { Server, ServerHandler, ServerOptions } from "./server";
import { Socket, SocketHandler } from "./socket";

export { Server, ServerHandler, ServerOptions } from "./server";
export { Socket, SocketHandler } from "./socket";
export { NetError } from "./errors";
export { isIP, isIPv4, isIPv6 } from "./address";
export { run } from "./loop";
export { argv, print, printError, exit } from "./process";

/** net.createServer([options], handler). */
export function createServer(options: ServerOptions | null, handler: ServerHandler): Server {
  return new Server(options ? options : new ServerOptions(), handler);
}

/** net.connect(port, host) with the socket's handler; 'connect' or 'error' follows. */
export function connect(port: i32, host: string, handler: SocketHandler, allowHalfOpen: bool = false): Socket {
  return new Socket(handler, allowHalfOpen).connect(port, host);
}
