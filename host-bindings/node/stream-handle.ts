// The handle Node's own C++ consumers take from a socket. TLS (a TLSSocket over a connected
// net.Socket), http2's session and the http server's parser do not read a socket's events:
// they take `socket._handle`, a StreamBase, and read, write and shut down through it.
// node:net gives them its libuv handle; ours is a JSStream (Node's StreamBase whose reads,
// writes and shutdown are JavaScript calls), made on first use, that the core drives:
//
//   - reading: once a consumer starts reading (onreadstart), the core's bytes and the peer's
//     end go to it (readBuffer, emitEOF), not to the socket's events, as a node:net socket
//     sees nothing of its handle's reads once TLS has taken it. What a consumer hands back
//     arrives in onread and is the socket's own again: the http parser hands back the end,
//     and bytes come back only when no consumer is left (the http server's upgrade lets go),
//     so from then on they go straight to the socket's events until one starts reading again.
//   - start and stop are the socket's resume() and pause(), as for node:net: one switch, the
//     core's.
//   - writes and shutdown are the socket's write() and end(): the core orders them with the
//     socket's own writes and completes them.
//   - the end belongs to the reader: under TLS the socket emits no 'end', so the core's
//     half-open rule, which follows the 'end' the user sees, does not run beneath TLS's own;
//     TLS ends the socket through shutdown when its rules say so.

import * as net from "node:net";
import type { Socket } from "./socket";
import { kShell } from "../shell/face";
import { nodeBinding } from "./bindings";
import type { NodeTransport } from "./transport";
import { nodeError } from "../shell/errors";

interface JSStream {
  readBuffer(bytes: Uint8Array): void;
  emitEOF(): void;
  finishWrite(req: object, status: number): void;
  finishShutdown(req: object, status: number): void;
  onread: (this: JSStream, arrayBuffer?: ArrayBuffer) => void;
}
interface StreamState { streamBaseState: Int32Array; kReadBytesOrError: number; kArrayBufferOffset: number }

const JSStreamClass = nodeBinding<{ JSStream: new () => JSStream }>("js_stream")?.JSStream;
const uv = nodeBinding<Record<string, number>>("uv");
const streamState = nodeBinding<StreamState>("stream_wrap");

/** On a socket while a consumer reads its handle: that handle, which gets the core's reads. */
export const kConsumer = Symbol("wasm-net handle consumer");
const kSocket = Symbol("wasm-net handle's socket");

/** Where the socket's own reads go (socket.ts): its 'data', and its 'end'. */
export interface OwnReader {
  data(socket: Socket, bytes: Buffer): void;
  end(socket: Socket): void;
}

const EMPTY = new Uint8Array(0);

/** A consumer's write or shutdown failed: the uv error code it expects. One the socket's
 *  destroy cut short is libuv's ECANCELED (a closed handle cancels its requests). */
function uvCode(error: Error): number {
  const code = (error as { code?: string }).code;
  if (code === "ERR_STREAM_DESTROYED") return uv!.UV_ECANCELED;
  return uv![`UV_${code}`] ?? uv!.UV_EPIPE;
}

function makeHandleClass(Base: new () => JSStream, own: OwnReader) {
  /** The handle stops being its socket's consumer: the socket's reads are its own again. */
  function letGo(handle: SocketHandle): void {
    const socket = handle[kSocket];
    if (socket[kConsumer] === handle) socket[kConsumer] = null;
  }

  /** The consumer hands back a read (see the top): the socket's own from here. */
  function handedBack(this: SocketHandle, arrayBuffer?: ArrayBuffer): void {
    const socket = this[kSocket];
    const nread = streamState!.streamBaseState[streamState!.kReadBytesOrError];
    if (nread > 0) {
      letGo(this); // nobody took it: no consumer is left
      own.data(socket, Buffer.from(arrayBuffer!, streamState!.streamBaseState[streamState!.kArrayBufferOffset], nread));
    } else if (nread === uv!.UV_EOF) {
      own.end(socket);
    }
  }

  class SocketHandle extends Base {
    [kSocket]: Socket;
    reading = false; // (Node's consumers keep their own flag here)

    constructor(socket: Socket) {
      super();
      this[kSocket] = socket;
      Reflect.set(Base.prototype, "onread", handedBack, this); // StreamBase's own setter (below)
    }

    isClosing(): boolean { return this[kSocket].destroyed; }

    onreadstart(): number {
      const socket = this[kSocket];
      socket[kConsumer] = this;
      socket[kShell].resume();
      return 0;
    }

    onreadstop(): number {
      this[kSocket][kShell].pause();
      return 0;
    }

    /** A consumer's write: its buffers (copies made for us) in one go, done with the last. */
    onwrite(req: object, buffers: Uint8Array[]): number {
      const shell = this[kSocket][kShell];
      const done = (error?: Error | null) => this.finishWrite(req, error ? uvCode(error) : 0);
      const last = buffers.length - 1;
      if (last > 0) shell.cork();
      for (let i = 0; i < last; i++) shell.write(buffers[i]);
      shell.write(last >= 0 ? buffers[last] : EMPTY, done);
      if (last > 0) shell.uncork();
      return 0;
    }

    onshutdown(req: object): number {
      this[kSocket][kShell].end((error?: Error | null) => this.finishShutdown(req, error ? uvCode(error) : 0));
      return 0;
    }

    /** Closing the handle closes the platform's handle beneath the socket, which is not told,
     *  as node:net's socket is not: reads stop, and writes fail as the platform fails them
     *  (EBADF). Once the socket is destroyed there is nothing left to close. */
    close(callback?: () => void): void {
      const socket = this[kSocket];
      const transport = socket._handle === this ? transportOf(this) : null;
      if (transport) transport.closePlatformHandle(() => callback?.());
      else if (callback) process.nextTick(callback);
    }

    // What a consumer asks of a libuv TCP handle (TLS passes its own socket's calls on)
    /** The platform handle's descriptor, as node:net's handle gives it (-1 where there is none). */
    get fd(): number { return transportOf(this)?.platformFd() ?? -1; }
    getpeername(out: object): number { return names(out, this[kSocket], "remote"); }
    getsockname(out: object): number { return names(out, this[kSocket], "local"); }
    ref(): void { this[kSocket].ref(); }
    unref(): void { this[kSocket].unref(); }
    // the platform's option calls, as on node:net's handle: the core's options come through
    // here (../node/transport.ts), and so do those of a TLSSocket over this socket
    setNoDelay(on: boolean): number { transportOf(this)?.platformNoDelay(on); return 0; }
    setKeepAlive(on: boolean, delaySeconds: number): number { transportOf(this)?.platformKeepAlive(on, delaySeconds); return 0; }
    /** Bytes not read yet (Node 22.23+'s Agent asks before it reuses a free socket): the core's,
     *  or the platform's below it. */
    hasPendingRead(): boolean {
      return this[kSocket][kShell].heldLength > 0 || transportOf(this)?.hasPendingRead() === true;
    }
  }
  // `onread` is the handle's reader in JavaScript, as on node:net's handle, where Node's own
  // code swaps it: the http Agent of Node 22.23+ and 24 sets a guard while a keep-alive socket
  // is free (any read then destroys the socket; it calls readStart() if the handle is not
  // reading, which makes it this handle's consumer) and puts node:net's onStreamRead back when it
  // reuses the socket: that is the socket reading its own handle again, so the reads are handed
  // back. Node's readers find their socket under its owner symbol, set here when one comes.
  // child_process detaching the handle to send it (it sets Function.prototype) is refused: this
  // is no libuv handle, and the sender gets node:net's error for one that cannot be sent, with
  // nothing changed.
  Object.defineProperty(SocketHandle.prototype, "onread", {
    get(this: SocketHandle) { return Reflect.get(Base.prototype, "onread", this); },
    set(this: SocketHandle, reader: unknown) {
      if (reader === Function.prototype) throw cannotSend();
      const node = nodeHandleNames();
      if (reader === node.onStreamRead) {
        letGo(this);
        this.reading = false;
        reader = handedBack;
      } else if (node.owner) {
        (this as unknown as Record<symbol, Socket>)[node.owner] = this[kSocket];
      }
      Reflect.set(Base.prototype, "onread", reader, this);
    },
    configurable: true,
  });
  return SocketHandle;
}

/** node:net's error for a handle child_process cannot send. */
export function cannotSend(): Error {
  return nodeError(TypeError, "ERR_INVALID_HANDLE_TYPE", "This handle type cannot be sent");
}

interface NodeHandleNames { owner: symbol | null; onStreamRead: unknown }
let handleNames: NodeHandleNames | undefined;

/** What node:net puts on a handle it wraps: the symbol its socket is found by, and its reader
 *  (onStreamRead). Both are Node's internals, so they are read once, from a TCP handle wrapped
 *  by a node:net socket that never reads, and closed at once. */
function nodeHandleNames(): NodeHandleNames {
  if (handleNames) return handleNames;
  handleNames = { owner: null, onStreamRead: null };
  type TCP = Record<string | symbol, unknown> & { close(): void };
  const tcp = nodeBinding<{ TCP: new (type: number) => TCP; constants: { SOCKET: number } }>("tcp_wrap");
  if (typeof tcp?.TCP !== "function") return handleNames;
  const handle = new tcp.TCP(tcp.constants.SOCKET);
  try {
    new net.Socket({ handle, manualStart: true } as net.SocketConstructorOpts);
    handleNames.owner = Object.getOwnPropertySymbols(handle).find((s) => s.description === "owner_symbol") ?? null;
    handleNames.onStreamRead = handle.onread;
  } finally {
    handle.close();
  }
  return handleNames;
}

function transportOf(handle: SocketHandle): NodeTransport | null {
  return handle[kSocket][kShell].transport as NodeTransport | null;
}

type SocketHandle = InstanceType<ReturnType<typeof makeHandleClass>>;

function names(out: object, socket: Socket, side: "remote" | "local"): number {
  const address = socket[`${side}Address`];
  if (address === undefined) return uv!.UV_ENOTCONN;
  Object.assign(out, { address, family: socket[`${side}Family`], port: socket[`${side}Port`] });
  return 0;
}

let HandleClass: ReturnType<typeof makeHandleClass> | null | undefined;

/** A new handle for `socket`, or null where Node's JSStream is not to be had (then Node's
 *  consumers wrap the socket in their JSStreamSocket, and its events carry everything). */
export function newSocketHandle(socket: Socket, own: OwnReader): object | null {
  if (HandleClass === undefined) HandleClass = JSStreamClass && uv && streamState ? makeHandleClass(JSStreamClass, own) : null;
  return HandleClass ? new HandleClass(socket) : null;
}

export function isSocketHandle(value: unknown): boolean {
  return HandleClass != null && value instanceof HandleClass;
}

/** The core's bytes, for the consumer reading `socket`'s handle. */
export function consumerData(handle: object, bytes: Uint8Array): void {
  (handle as JSStream).readBuffer(bytes);
}

/** The peer's end, for the consumer reading `socket`'s handle. */
export function consumerEnd(handle: object): void {
  (handle as JSStream).emitEOF();
}
