// net.Socket for guest programs. Every decision is the core's (../socket.ts): this class turns
// the user's calls into core inputs, the core's actions into calls of the build's socket ABI
// (abi/README.md), and the core's events into calls of the socket's SocketHandler.

import {
  socket_open, socket_connect, socket_write, socket_end, socket_cork, socket_uncork, socket_destroy, socket_pause, socket_resume,
  socket_set_timeout, socket_end_seen, socket_after_end, socket_handle_connected, socket_handle_read, socket_handle_eof,
  socket_handle_write_done, socket_handle_shutdown_done, socket_handle_error, socket_handle_timer,
  socket_set_marks, socket_ready_state, socket_bytes_read, socket_bytes_written, socket_writable_length,
  socket_readable_length,
} from "../../assembly/socket";
import { queue_header } from "../../assembly/queue";
import { port_valid } from "../../assembly/address";
import {
  OP_READ_START, OP_READ_STOP, OP_SEND, OP_SHUTDOWN, OP_CLOSE, OP_TIMER_START, OP_TIMER_STOP,
  OP_AFTER_END, OP_CONNECT, OP_DATA, OP_END, OP_FINISH, OP_DRAIN, OP_TIMEOUT, OP_ERROR, OP_CLOSED,
  WRITE_COPY, READ_COPY, OPEN_ALLOW_HALF_OPEN, EUNKNOWN, ERR_SOCKET_CONNECTING, READY_STATE_NAMES, ERROR_NAMES,
} from "../../assembly/abi";
import { now, tick, drain, registerSocket, watch, unwatch, queueWork, timerArmed, idleTimeoutSet } from "./loop";
import { NetError, netError, badPortMessage } from "./errors";
import { isIP, hostBytes, formatAddress, familyName } from "./address";
import { Server } from "./server";
import { OBJECT, TOTAL_OVERHEAD } from "rt/common";

/** A socket's listeners, as overridable methods (AssemblyScript has no closures over locals).
 *  Every method does nothing unless overridden; `error` without an override is printed. */
export abstract class SocketHandler {
  /** Node's 'lookup': a host name was resolved (`error` null, `address` and `family` 4 or 6), or
   *  not (then 'error' with that very error, and 'close', follow). */
  onLookup(socket: Socket, error: NetError | null, address: string, family: i32, host: string): void {}
  onConnect(socket: Socket): void {}
  /** `data` is lent until this returns (the next read reuses it): keep `data.slice()` to hold on. */
  onData(socket: Socket, data: Uint8Array): void {}
  onEnd(socket: Socket): void {}
  onFinish(socket: Socket): void {}
  onDrain(socket: Socket): void {}
  onTimeout(socket: Socket): void {}
  onError(socket: Socket, error: NetError): void {
    sys_print_error("socket error: " + error.message + "\n");
  }
  onClose(socket: Socket, hadError: bool): void {}
  /** Whether the socket flows as soon as it has this handler (Node: a 'data' listener makes a
   *  socket flow). A handler that answers false leaves it paused until resume(). */
  flowing(): bool { return true; }
}

const READ_BYTES = 65536;
// A read's bytes reach onData without a copy or an allocation: `received` views `readArea`,
// both reused from one read to the next (onData's data is valid until it returns), and both
// sized to the read: the view's byteLength, and the ArrayBuffer's size in its object header
// (what byteLength answers; the runtime frees by the block's own size, never by that one).
const readArea = new ArrayBuffer(READ_BYTES);
const readBuffer = changetype<usize>(readArea);
const received = Uint8Array.wrap(readArea);

function receivedBytes(length: u32): Uint8Array {
  changetype<OBJECT>(readBuffer - TOTAL_OVERHEAD).rtSize = length;
  store<i32>(changetype<usize>(received), <i32>length, offsetof<Uint8Array>("byteLength"));
  return received;
}
const addressRecord = memory.data(24, 8);
const resolved = memory.data(16, 8);

export class Socket {
  /** The core's id (0 once closed). */
  id: u32;
  /** The socket ABI's handle (0: none yet, or closed). */
  handle: i32 = 0;
  handler: SocketHandler;
  server: Server | null = null;
  /** When the core's timer fires (loop clock, ms), 0 if not armed. */
  deadline: f64 = 0;
  private idleTimeout: u32 = 0; //        as last set: while it is, the loop reads its clock
  /** Its entry in the loop's wait list, -1 if none. */
  waitSlot: i32 = -1;
  private reading: bool = false;
  private connecting: bool = false;
  private owed: bool = false; //         a send is in flight: the core wants write_done
  private out: usize = 0; //             bytes of that send the ABI has not taken yet
  private outCapacity: usize = 0;
  private outStart: usize = 0;
  private outEnd: usize = 0;
  private shutdownWanted: bool = false;
  private pendingError: i32 = 0; //      a transport failure to report on the next turn
  private destroyError: NetError | null = null; // the user's, for the 'error' of destroy(error)
  private errorSyscall: string = "";
  private lastRead: i32 = 0;
  private finalRead: f64 = 0;
  private finalWritten: f64 = 0;
  private peerAddress: string = "";
  private peerPort: i32 = 0;
  private lookupHost: string = ""; //   a host name to resolve on the loop's next turn
  private lookupPending: bool = false;
  private queued: bool = false; //       in the loop's work queue

  constructor(handler: SocketHandler, allowHalfOpen: bool = false, acceptedId: u32 = 0, handle: i32 = 0) {
    this.handler = handler;
    this.id = acceptedId ? acceptedId : socket_open(allowHalfOpen ? OPEN_ALLOW_HALF_OPEN : 0);
    this.handle = handle;
    registerSocket(this.id, this);
    this.watch();
    if (handler.flowing() && !acceptedId) socket_resume(this.id);
  }

  // ---- the user's calls → core inputs (records are handed out by the loop's next drain) ----

  /** Connects to an IP literal, or to a host name once the runtime's resolver has answered
   *  ('lookup' first, on the loop's next turn); 'connect' or 'error' follows. */
  connect(port: i32, host: string = "localhost"): Socket {
    if (!port_valid(<f64>port) || port == 0) throw new RangeError(badPortMessage(port));
    // the socket ABI makes a new socket for each connect: it cannot connect the one it has again
    // (where Node's handle answers EALREADY, or connects again)
    if (this.handle || this.connecting) throw new Error(netError(ERR_SOCKET_CONNECTING, "", "", 0).message);
    const r = socket_connect(this.id, now());
    if (r < 0) throw new Error(netError(-r, "", "", 0).message);
    this.connecting = true;
    this.peerAddress = host;
    this.peerPort = port;
    if (!isIP(host)) {
      this.lookupHost = host.length ? host : "localhost";
      this.lookupPending = true;
      this.queueWork();
      return this;
    }
    const ip = memory.data(16, 8);
    const family = hostBytes(host, ip);
    const h = sys_connect(family, ip, port);
    if (h < 0) return this.failLater(-h, "connect");
    this.handle = h;
    this.watch();
    return this;
  }

  /** Queues `data`; answers false once the socket holds more than its high-water mark. */
  write(data: Uint8Array): bool {
    if (!this.id) return false;
    const length = <u32>data.length;
    const answer = socket_write(this.id, length, now(), 0); // (no write callbacks here)
    if (answer < 0) return false; // the core destroys the socket with that error
    if (answer & WRITE_COPY) memory.copy(<usize>load<u32>(queue_header(), 12), data.dataStart, length);
    else this.send(data.dataStart, length);
    return (answer & 1) != 0;
  }

  writeString(text: string): bool {
    return this.write(Uint8Array.wrap(String.UTF8.encode(text)));
  }

  /** Our FIN, after every byte written; with `data`, writes it first. */
  end(data: Uint8Array | null = null): void {
    if (data) this.write(data);
    if (this.id) socket_end(this.id);
  }

  /** Closes at once; with `error`, 'error' (this very object) comes before 'close'. */
  destroy(error: NetError | null = null): void {
    if (!this.id) return;
    if (!error) {
      socket_destroy(this.id, 0);
      return;
    }
    const code = ERROR_NAMES.indexOf(error.code);
    this.destroyError = error;
    socket_destroy(this.id, code > 0 ? code : EUNKNOWN);
  }

  pause(): void {
    if (this.id) socket_pause(this.id);
  }

  /** Writes wait (and leave as one send) until as many uncork() calls; end() uncorks. */
  cork(): void {
    socket_cork(this.id);
  }

  uncork(): void {
    socket_uncork(this.id);
  }

  resume(): void {
    if (this.id) socket_resume(this.id);
  }

  /** 'timeout' after `ms` of inactivity; 0 disarms. */
  setTimeout(ms: u32): void {
    if (!this.id) return;
    this.timed(ms);
    socket_set_timeout(this.id, ms, ms ? tick() : now()); // (the loop's clock may be stale until now)
  }

  private timed(ms: u32): void {
    if ((this.idleTimeout != 0) != (ms != 0)) idleTimeoutSet(ms ? 1 : -1);
    this.idleTimeout = ms;
  }

  /** The high-water marks (bytes; a negative value keeps one): where write() starts answering
   *  false, and how much a paused socket reads ahead. Node: readableHighWaterMark /
   *  writableHighWaterMark. */
  setHighWaterMarks(readable: i32, writable: i32): Socket {
    if (this.id) socket_set_marks(this.id, readable, writable);
    return this;
  }

  /** Replaces the handler (in ServerHandler.onConnection, for example). */
  setHandler(handler: SocketHandler): void {
    this.handler = handler;
  }

  get readyState(): string {
    return READY_STATE_NAMES[this.id ? socket_ready_state(this.id) : 4];
  }
  get bytesRead(): f64 { return this.id ? socket_bytes_read(this.id) : this.finalRead; }
  get bytesWritten(): f64 { return this.id ? socket_bytes_written(this.id) : this.finalWritten; }
  /** Bytes written by the user and not yet taken by the transport. */
  get writableLength(): u32 { return this.id ? socket_writable_length(this.id) : 0; }
  /** Bytes read and not yet delivered (a paused socket's buffer). */
  get readableLength(): u32 { return this.id ? socket_readable_length(this.id) : 0; }
  get remoteAddress(): string { return this.address(true) ? formatAddress(addressRecord) : ""; }
  get remotePort(): i32 { return this.address(true) ? load<i32>(addressRecord, 4) : 0; }
  get remoteFamily(): string { return this.address(true) ? familyName(addressRecord) : ""; }
  get localAddress(): string { return this.address(false) ? formatAddress(addressRecord) : ""; }
  get localPort(): i32 { return this.address(false) ? load<i32>(addressRecord, 4) : 0; }

  private address(remote: bool): bool {
    if (!this.handle || this.connecting) return false;
    return (remote ? sys_remote_address(this.handle, addressRecord) : sys_local_address(this.handle, addressRecord)) == 0;
  }

  // ---- core records → ABI calls and handler calls ---------------------------------------

  onRecord(op: u32, a: u32, b: u32): void {
    // the record of every read first, alone: the others' locals make a bigger frame to clear
    if (op == OP_DATA && !a) this.handler.onData(this, receivedBytes(b));
    else this.onOtherRecord(op, a, b);
  }

  private onOtherRecord(op: u32, a: u32, b: u32): void {
    switch (op) {
      case OP_READ_START: { this.reading = true; this.watch(); break; }
      case OP_READ_STOP: { this.reading = false; this.watch(); break; }
      case OP_SEND: { this.send(<usize>a, b); break; }
      case OP_SHUTDOWN: { this.shutdownWanted = true; this.queueWork(); break; }
      case OP_CLOSE: { this.closeHandle(); break; }
      case OP_TIMER_START: { this.setDeadline(now() + <f64>a); break; }
      case OP_TIMER_STOP: { this.setDeadline(0); break; }
      case OP_CONNECT: { this.handler.onConnect(this); break; }
      case OP_DATA: { // bytes the core held (a paused socket's): their own copy
        const bytes = new Uint8Array(<i32>b);
        memory.copy(bytes.dataStart, <usize>a, <usize>b);
        this.handler.onData(this, bytes);
        break;
      }
      case OP_END: {
        // the guest holds no bytes of its own: the user has the end now (the core hears it
        // first, so onEnd sees readyState 'writeOnly'; AFTER_END follows after onEnd)
        socket_end_seen(this.id);
        this.handler.onEnd(this);
        break;
      }
      case OP_AFTER_END: { if (this.id) socket_after_end(this.id); break; } // after onEnd: the guest's next tick
      case OP_FINISH: { this.handler.onFinish(this); break; }
      case OP_DRAIN: { this.handler.onDrain(this); break; }
      case OP_TIMEOUT: { this.handler.onTimeout(this); break; }
      case OP_ERROR: {
        const mine = this.destroyError;
        if (mine) {
          this.destroyError = null;
          this.handler.onError(this, mine);
          break;
        }
        const code = <i32>a;
        const transport = this.errorSyscall.length > 0 && code >= 16;
        this.handler.onError(this, netError(code, transport ? this.errorSyscall : "", this.peerAddress, this.peerPort));
        break;
      }
      case OP_CLOSED: {
        this.finalRead = socket_bytes_read(this.id);
        this.finalWritten = socket_bytes_written(this.id);
        this.id = 0;
        this.setDeadline(0);
        this.timed(0);
        this.closeHandle(); // none left by now; the loop forgets it
        this.handler.onClose(this, a == 1);
        break;
      }
    }
  }

  /** The transport's turn to send `len` bytes at `at` (the user's, or a SEND record's, valid
   *  only until the next core call): as much as the ABI takes now, the rest copied and sent
   *  when the handle is writable. The core hears of the completion as soon as it is done. */
  private send(at: usize, len: u32): void {
    let done: i32 = 0;
    if (this.handle && !this.connecting && this.outEnd == this.outStart) {
      done = sys_send(this.handle, at, <i32>len);
      if (done < -1) { this.owed = true; this.transportFailed(-done, "write"); return; }
      if (done < 0) done = 0;
    }
    const rest = <usize>len - <usize>done;
    if (rest == 0) {
      socket_handle_write_done(this.id, now());
      return;
    }
    this.owed = true;
    if (this.outEnd + rest > this.outCapacity) {
      const kept = this.outEnd - this.outStart;
      const capacity = max<usize>(kept + rest, this.outCapacity * 2);
      const block = heap.alloc(capacity);
      if (this.out) { memory.copy(block, this.out + this.outStart, kept); heap.free(this.out); }
      this.out = block;
      this.outCapacity = capacity;
      this.outStart = 0;
      this.outEnd = kept;
    }
    memory.copy(this.out + this.outEnd, at + <usize>done, rest);
    this.outEnd += rest;
    this.watch();
  }

  private failLater(code: i32, syscall: string): Socket {
    this.pendingError = code;
    this.errorSyscall = syscall;
    this.queueWork();
    return this;
  }

  private queueWork(): void {
    if (this.queued) return;
    this.queued = true;
    queueWork(this);
  }

  private setDeadline(deadline: f64): void {
    if ((this.deadline > 0) != (deadline > 0)) timerArmed(deadline > 0 ? 1 : -1);
    this.deadline = deadline;
  }

  private transportFailed(code: i32, syscall: string): void {
    this.errorSyscall = syscall;
    if (this.id) socket_handle_error(this.id, code);
  }

  private closeHandle(): void {
    if (this.handle) sys_close(this.handle);
    this.handle = 0;
    if (this.out) heap.free(this.out);
    this.out = this.outCapacity = this.outStart = this.outEnd = 0;
    this.reading = this.connecting = this.owed = this.shutdownWanted = this.lookupPending = false;
    this.lookupHost = "";
    this.watch();
  }

  // ---- the loop's calls: transport progress → core inputs ---------------------------------

  /** Tells the loop what to wait for: 1 readable, 2 writable / connected; nothing once closed. */
  private watch(): void {
    if (!this.handle) {
      unwatch(this.waitSlot);
      this.waitSlot = -1;
      return;
    }
    let bits: u8 = 2;
    if (!this.connecting) {
      bits = this.reading ? 1 : 0;
      if (this.outEnd > this.outStart || this.shutdownWanted) bits |= 2;
    }
    this.waitSlot = watch(changetype<usize>(this), false, this.handle, this.waitSlot, bits);
  }

  /** What the loop was asked to do without waiting: a lookup, a failure to report, a first
   *  try at our FIN. */
  work(): void {
    this.queued = false;
    if (this.lookupPending) {
      this.lookUp();
      return;
    }
    if (this.pendingError) {
      const code = this.pendingError;
      this.pendingError = 0;
      if (this.id) socket_handle_error(this.id, code);
      drain();
      return;
    }
    this.shutDown();
  }

  /** Sends what the ABI did not take at once; reports the send done once it is all taken. */
  private flushOut(): void {
    if (this.outEnd > this.outStart) {
      const n = sys_send(this.handle, this.out + this.outStart, <i32>(this.outEnd - this.outStart));
      if (n < -1) { this.transportFailed(-n, "write"); drain(); return; }
      if (n > 0) this.outStart += <usize>n;
      if (this.outEnd > this.outStart) return;
      this.outStart = this.outEnd = 0;
      this.watch();
    }
    if (this.owed) {
      this.owed = false;
      socket_handle_write_done(this.id, now());
      drain();
    }
  }

  /** Our FIN, once every byte has left (the core asks for it only then); while the ABI is
   *  still flushing, again when the handle is writable. */
  private shutDown(): void {
    if (!this.shutdownWanted || !this.handle || this.connecting || this.owed) return;
    const r = sys_shutdown(this.handle);
    if (r == -1) { this.watch(); return; }
    this.shutdownWanted = false;
    this.watch();
    if (r < 0) this.transportFailed(-r, "shutdown");
    else socket_handle_shutdown_done(this.id);
    drain();
  }

  /** Resolves the name connect() was given (the ABI blocks meanwhile), tells the handler
   *  (Node's 'lookup'), then connects to the address, or fails as Node does (ENOTFOUND). */
  private lookUp(): void {
    const host = this.lookupHost;
    this.lookupHost = "";
    this.lookupPending = false;
    const family = sys_resolve(host, resolved);
    if (family < 0) {
      const code = ERROR_NAMES[-family];
      const error = new NetError(code, -family, "getaddrinfo", "", 0, "getaddrinfo " + code + " " + host);
      this.handler.onLookup(this, error, "", 0, host);
      this.destroy(error);
      drain();
      return;
    }
    store<u32>(addressRecord, family);
    memory.copy(addressRecord + 8, resolved, 16);
    this.peerAddress = formatAddress(addressRecord);
    this.handler.onLookup(this, null, this.peerAddress, family, host);
    drain();
    if (!this.id || !this.connecting) return; // destroyed in the handler
    const h = sys_connect(family, resolved, this.peerPort);
    if (h < 0) {
      this.failLater(-h, "connect");
      return;
    }
    this.handle = h;
    this.watch();
  }

  onReady(bits: u8): void {
    if (this.connecting) {
      const r = sys_connect_result(this.handle);
      if (r == -1) return;
      this.connecting = false;
      this.watch();
      if (r < 0) this.transportFailed(-r, "connect");
      else socket_handle_connected(this.id, now());
      drain();
      return;
    }
    if ((bits & 1) && this.reading) this.readOnce();
    if ((bits & 2) && this.handle) {
      if (this.owed) this.flushOut();
      else this.shutDown();
    }
  }

  private readOnce(): void {
    const n = sys_recv(this.handle, readBuffer, READ_BYTES);
    if (n == -1) return;
    if (n > 0) {
      const answer = socket_handle_read(this.id, <u32>n, now());
      if (answer == READ_COPY) memory.copy(<usize>load<u32>(queue_header(), 12), readBuffer, <usize>n);
    } else if (n == 0) {
      this.reading = false;
      this.watch();
      socket_handle_eof(this.id, now());
    } else {
      this.transportFailed(-n, "read");
    }
    drain();
  }

  fireTimer(): void {
    this.setDeadline(0);
    socket_handle_timer(this.id, now());
    drain();
  }
}
