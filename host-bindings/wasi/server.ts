// net.Server for guest programs: the core's server machine (../server.ts) over the build's
// socket ABI; accepted sockets get the server's handler until onConnection gives them another.

import {
  server_open, server_listen, server_handle_listening, server_handle_error, server_handle_connection,
  server_close, server_connections, server_set_max_connections, server_set_marks,
} from "../../assembly/server";
import { port_valid } from "../../assembly/address";
import {
  OP_UNLISTEN, OP_LISTENING, OP_CONNECTION, OP_DROP, OP_SERVER_ERROR, OP_SERVER_CLOSED,
  OPEN_ALLOW_HALF_OPEN, OPEN_PAUSE_ON_CONNECT, EINVAL,
} from "../../assembly/abi";
import { now, drain, registerServer, watch, unwatch } from "./loop";
import { Socket, SocketHandler } from "./socket";
import { NetError, netError, badPortMessage } from "./errors";
import { hostBytes, formatAddress, familyName } from "./address";
import { socket_resume } from "../../assembly/socket";

export class ServerOptions {
  allowHalfOpen: bool = false;
  pauseOnConnect: bool = false;
  /** Accepted sockets' high-water marks (bytes); negative: the default, 16 KiB. */
  highWaterMark: i32 = -1;
}

/** A server's listeners; accepted sockets use its SocketHandler methods too. */
export abstract class ServerHandler extends SocketHandler {
  onConnection(socket: Socket): void {}
  onListening(server: Server): void {}
  /** A connection over maxConnections was refused (and closed). */
  onDrop(server: Server): void {}
  onServerError(server: Server, error: NetError): void {
    sys_print_error("server error: " + error.message + "\n");
  }
  onServerClose(server: Server): void {}
}

const ACCEPTS_PER_TURN = 64; // fairness: a flood of connections cannot starve the others
const addressRecord = memory.data(24, 8);

export class Server {
  id: u32;
  handle: i32 = 0;
  handler: ServerHandler;
  /** Its listener's entry in the loop's wait list, -1 if none. */
  waitSlot: i32 = -1;
  private options: ServerOptions;
  private pending: Socket | null = null; // accepted, its CONNECTION not yet handed out
  private host: string = "";
  private port: i32 = 0;
  private max: f64 = 0;

  constructor(options: ServerOptions, handler: ServerHandler) {
    this.options = options;
    this.handler = handler;
    this.id = server_open((options.allowHalfOpen ? OPEN_ALLOW_HALF_OPEN : 0) | (options.pauseOnConnect ? OPEN_PAUSE_ON_CONNECT : 0));
    server_set_marks(this.id, options.highWaterMark, options.highWaterMark);
    registerServer(this.id, this);
  }

  /** Binds and listens; 'listening' or 'error' (EADDRINUSE…) follows. `host` is an IP literal. */
  listen(port: i32, host: string = "0.0.0.0", backlog: i32 = 511): Server {
    if (!port_valid(<f64>port)) throw new RangeError(badPortMessage(port));
    const r = server_listen(this.id);
    if (r < 0) throw new Error(netError(-r, "", "", 0).message);
    this.host = host;
    this.port = port;
    const ip = memory.data(16, 8);
    const family = hostBytes(host, ip);
    const h = family ? sys_listen(family, ip, port, backlog) : -EINVAL;
    if (h < 0) {
      server_handle_error(this.id, -h);
      return this;
    }
    this.handle = h;
    this.waitSlot = watch(changetype<usize>(this), true, h, this.waitSlot, 1);
    server_handle_listening(this.id);
    return this;
  }

  /** Stops listening; 'close' once every accepted connection has closed. Answers the error
   *  Node gives close()'s callback (ERR_SERVER_NOT_RUNNING if it was not listening), or null. */
  close(): NetError | null {
    const r = server_close(this.id);
    return r < 0 ? netError(-r, "", "", 0) : null;
  }

  get connections(): i32 { return server_connections(this.id); }

  /** Connections over this count are refused ('drop'); 0: no limit. */
  /** Node's rule: when set (not 0, not NaN), connections are refused at or above it. */
  get maxConnections(): f64 { return this.max; }
  set maxConnections(n: f64) {
    this.max = n;
    server_set_max_connections(this.id, n);
  }

  /** The bound port (useful after listen(0)); 0 when not listening. */
  get addressPort(): i32 { return this.bound() ? load<i32>(addressRecord, 4) : 0; }
  get addressHost(): string { return this.bound() ? formatAddress(addressRecord) : ""; }
  get addressFamily(): string { return this.bound() ? familyName(addressRecord) : ""; }

  private bound(): bool {
    return this.handle != 0 && sys_local_address(this.handle, addressRecord) == 0;
  }

  onRecord(op: u32, a: u32, b: u32): void {
    switch (op) {
      case OP_UNLISTEN: {
        if (this.handle) sys_close(this.handle);
        this.handle = 0;
        unwatch(this.waitSlot);
        this.waitSlot = -1;
        break;
      }
      case OP_LISTENING: { this.handler.onListening(this); break; }
      case OP_DROP: { this.handler.onDrop(this); break; }
      case OP_CONNECTION: {
        const socket = this.pending;
        this.pending = null;
        if (socket) this.handler.onConnection(socket);
        break;
      }
      case OP_SERVER_ERROR: {
        this.handler.onServerError(this, netError(<i32>a, "listen", this.host, this.port));
        break;
      }
      case OP_SERVER_CLOSED: { this.handler.onServerClose(this); break; }
    }
  }

  /** The listener is readable: accept what is pending (up to a fair share per turn). */
  onReady(): void {
    for (let i = 0; i < ACCEPTS_PER_TURN && this.handle; i++) {
      const h = sys_accept(this.handle);
      if (h == -1) return;
      if (h < 0) {
        server_handle_error(this.id, -h);
        drain();
        return;
      }
      const id = server_handle_connection(this.id, now());
      if (id <= 0) {
        sys_close(h); // refused (maxConnections, or closing)
      } else {
        const socket = new Socket(this.handler, false, <u32>id, h);
        socket.server = this;
        if (!this.options.pauseOnConnect && this.handler.flowing()) socket_resume(<u32>id);
        this.pending = socket;
      }
      drain();
    }
  }
}
