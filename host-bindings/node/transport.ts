// How bytes move for a Socket: read, write, shut down, close. A dictionary, nothing more:
// core action → platform call, platform event → TransportSink call.
//
// Two kinds, the same contract:
//   - HandleTransport drives the socket's libuv handle the way node:net itself does (Node 20's
//     tcp_wrap/stream_wrap: readStart, onread, writeBuffer, shutdown), with no stream layer of
//     node:net's underneath ours. Used where those handles exist.
//   - StreamTransport uses node:net's public socket API. Used everywhere else (another Node,
//     Bun, Deno), or when WASM_NET_TRANSPORT=stream asks for it.
// Connecting, DNS, listening and accepting stay with node:net's public API in both cases.
//
// A transport never reports a write or shutdown as done from inside the call that started it.

import type * as net from "node:net";

export interface TransportSink {
  onRead(bytes: Buffer): void;
  onEof(): void;
  onError(error: Error): void;
  onWritten(): void;
  onShutdown(): void;
}

export interface Transport {
  readStart(): void;
  readStop(): void;
  write(bytes: Uint8Array): void;
  shutdown(): void;
  close(): void;
}

/** node:net's public API: the raw socket is paused and allows half-open. */
class StreamTransport implements Transport {
  constructor(private raw: net.Socket, private sink: TransportSink) {
    raw.pause();
    raw.on("data", (bytes: Buffer) => sink.onRead(bytes));
    raw.on("end", () => sink.onEof());
    raw.on("error", (error: Error) => sink.onError(error));
  }
  readStart() { this.raw.resume(); }
  readStop() { this.raw.pause(); }
  write(bytes: Uint8Array) { this.raw.write(bytes, () => this.sink.onWritten()); }
  shutdown() { this.raw.end(() => this.sink.onShutdown()); }
  close() { this.raw.destroy(); }
}

/** The transport for `raw` (connecting or connected), whose errors also reach the sink. */
export function transportFor(raw: net.Socket, sink: TransportSink): Transport {
  return new StreamTransport(raw, sink);
}
