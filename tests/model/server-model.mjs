// A reference model of one server, from node:net's documented behaviour and assembly/ABI.md:
// - listen() binds; 'listening' when bound; listen() again while binding or listening is
//   ERR_SERVER_ALREADY_LISTEN. A failed bind ('error') leaves it idle, so it can listen again.
// - an accepted connection becomes a socket that is already open and reading (held until
//   resume() with pauseOnConnect), with the server's high-water marks and socket options
//   (createServer's highWaterMark, noDelay, keepAlive), then 'connection'. Node 20's test for
//   maxConnections is `if (max && connections >= max)`: any number but 0 and NaN is a limit,
//   so a negative one refuses all and 1.5 lets two in. A refused connection is closed and
//   'drop' emitted. A server that is not listening closes what it is handed and says nothing.
// - close() stops listening; 'close' once no accepted socket is left: at once if none is
//   (SERVER_CLOSED's a = 1, the call emitted it), else after the last one's 'close' (a = 0).
//   close() on a server that is not running still emits 'close' and answers
//   ERR_SERVER_NOT_RUNNING (for its callback).
// - server.listening is true from 'listening' until close() or a failed bind.
// - an accept error ('error', e.g. EMFILE) does not stop a listening server.
//
// Records go to `out` as [op, ...args], like the socket model's.

import * as E from "../../build/out/abi.js";
import { ModelSocket } from "./socket-model.mjs";

export class ModelServer {
  constructor({ allowHalfOpen = false, pauseOnConnect = false, out }) {
    this.allowHalfOpen = allowHalfOpen;
    this.pauseOnConnect = pauseOnConnect;
    this.state = "idle"; // "idle" | "binding" | "listening"
    this.sockets = new Set();
    this.maxConnections = 0;
    this.marks = { readMark: 16384, writeMark: 16384 };
    this.options = { noDelay: false, keepAlive: false, keepAliveDelay: 0 };
    this.freed = false;
    this.out = out; // where this server's records go, also those its sockets' closing causes
  }

  listen() {
    if (this.state !== "idle") return -E.ERR_SERVER_ALREADY_LISTEN;
    this.state = "binding";
    return 0;
  }

  bound() {
    const out = this.out;
    if (this.state !== "binding") return -E.ERR_INVALID_ARG_VALUE;
    this.state = "listening";
    out.push([E.OP_LISTENING]);
    return 0;
  }

  failed(code) {
    const out = this.out;
    if (this.state === "binding") this.state = "idle";
    if (code) out.push([E.OP_SERVER_ERROR, code]);
    return 0;
  }

  /** Returns the new ModelSocket, or null if the connection was refused. `socketOut` gets
   *  the socket's own records, which come before 'connection'. */
  accept(socketOut) {
    const out = this.out;
    if (this.state !== "listening") return null;
    if (this.maxConnections && this.sockets.size >= this.maxConnections) {
      out.push([E.OP_DROP]);
      return null;
    }
    const socket = new ModelSocket({
      allowHalfOpen: this.allowHalfOpen, pauseOnConnect: this.pauseOnConnect, open: true, server: this, out: socketOut,
      ...this.marks, ...this.options,
    });
    this.sockets.add(socket);
    socket.follow();
    out.push([E.OP_CONNECTION, socket]);
    return socket;
  }

  close() {
    const out = this.out;
    const running = this.state !== "idle";
    if (running) out.push([E.OP_UNLISTEN]);
    this.state = "idle";
    if (this.sockets.size === 0) out.push([E.OP_SERVER_CLOSED, 1]);
    return running ? 0 : -E.ERR_SERVER_NOT_RUNNING;
  }

  setMaxConnections(n) {
    this.maxConnections = n;
    return 0;
  }

  /** The marks accepted sockets start with; a negative one leaves it as it is. */
  setMarks(readMark, writeMark) {
    if (readMark >= 0) this.marks.readMark = readMark;
    if (writeMark >= 0) this.marks.writeMark = writeMark;
    return 0;
  }

  setSocketOptions(noDelay, keepAlive, keepAliveDelay) {
    this.options = { noDelay, keepAlive, keepAliveDelay };
    return 0;
  }

  get listening() {
    return this.state === "listening";
  }

  /** Called by an accepted socket when it closes. */
  connectionClosed(socket) {
    this.sockets.delete(socket);
    if (!this.freed && this.state === "idle" && this.sockets.size === 0) this.out.push([E.OP_SERVER_CLOSED, 0]);
  }
}
