// How bytes move for a Socket on Ruff: a uv stream handle (TCP or pipe). A dictionary, nothing
// more: core action → uv call, uv callback → TransportSink call. uv reports writes and
// shutdowns from the loop, never from inside the call, as the core's ABI requires.

import { uvError } from "./errors";
import type { Transport } from "../shell/socket";

export interface TransportSink {
  transportRead(bytes: Uint8Array): void;
  transportEof(): void;
  transportError(error: Error): void;
  transportWritten(): void;
  transportShutdown(): void;
}

export class UvTransport implements Transport {
  private reading = false;
  private closed = false;
  // uv's callbacks, each made when first needed: a closure costs Duktape about 340 bytes, and an
  // idle connection never writes or shuts down
  private onRead: ((error: Error | null, data?: Uint8Array) => void) | null = null;
  private onWritten: ((error: Error | null) => void) | null = null;

  constructor(readonly handle: UvHandle, private readonly sink: TransportSink, private readonly pipe: boolean) {}

  readStart(): void {
    if (this.reading || this.closed) return;
    this.reading = true;
    uv.read_start(this.handle, this.onRead || (this.onRead = readCallback(this.sink)));
  }

  readStop(): void {
    if (!this.reading || this.closed) return;
    this.reading = false;
    uv.read_stop(this.handle);
  }

  /** Ruff's uv.write takes a string or a plain buffer, not a Buffer or a view: Duktape's
   *  Uint8Array.plainOf gives the plain buffer under any buffer object, which is these bytes
   *  exactly when it has their length (no offset, no slice); otherwise they are copied first. */
  write(bytes: Uint8Array): void {
    const plain = plainOf ? plainOf(bytes) : bytes;
    const written = this.onWritten || (this.onWritten = writtenCallback(this.sink));
    uv.write(this.handle, plain.length === bytes.length ? plain : plainCopy(bytes), written);
  }

  shutdown(): void {
    const sink = this.sink;
    uv.shutdown(this.handle, function (error) {
      if (error) sink.transportError(uvError(error, "shutdown"));
      else sink.transportShutdown();
    });
  }

  /** (Ruff's uv has no reset: a reset is a plain close there.) */
  close(reset: boolean, closed: () => void): void {
    if (this.closed) return;
    this.closed = true;
    uv.close(this.handle, closed);
  }

  setNoDelay(on: boolean): void {
    if (!this.pipe && !this.closed) uv.tcp_nodelay(this.handle, on);
  }

  /** A delay of 0 (Node's "keep the system's") makes libuv fail after SO_KEEPALIVE is on, at
   *  TCP_KEEPIDLE; Ruff's uv throws that, Node ignores the handle's answer: so do we. */
  setKeepAlive(on: boolean, delaySeconds: number): void {
    if (this.pipe || this.closed) return;
    try { uv.tcp_keepalive(this.handle, on, delaySeconds); } catch (e) { /* as Node */ }
  }
}

function readCallback(sink: TransportSink): (error: Error | null, data?: Uint8Array) => void {
  return function (error, data) {
    if (error) sink.transportError(uvError(error, "read"));
    else if (data === undefined || data === null) sink.transportEof();
    else {
      // the user gets Buffers (on Ruff a Buffer is not a Uint8Array, nor are uv's reads
      // Buffers): a Buffer over the read's own ArrayBuffer shares it, as Node's
      // Buffer(arrayBuffer) does; Duktape would copy any other source byte by byte
      const whole = data.buffer;
      sink.transportRead(whole instanceof ArrayBuffer && data.byteOffset === 0 && whole.byteLength === data.length
        ? new Buffer(whole) : new Buffer(data));
    }
  };
}

function writtenCallback(sink: TransportSink): (error: Error | null) => void {
  return function (error) {
    if (error) sink.transportError(uvError(error, "write"));
    else sink.transportWritten();
  };
}

const plainOf = (Uint8Array as unknown as { plainOf?: (view: Uint8Array) => Uint8Array }).plainOf || null;

function plainCopy(bytes: Uint8Array): Uint8Array {
  const whole = new Uint8Array(bytes.length);
  whole.set(bytes);
  return plainOf!(whole);
}
