// The one core of this process and its shell host: Node's event loop, clock and Buffers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect, debuglog } from "node:util";
import * as stream from "node:stream";
import { loadCore } from "../shell/core";
import { Host, type Platform } from "../shell/host";

declare const __dirname: string;

/** How Node describes a received value in argument errors. */
function received(value: unknown): string {
  if (value == null) return ` Received ${value}`;
  if (typeof value === "function") return ` Received function ${value.name || "<anonymous>"}`;
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    return name ? ` Received an instance of ${name}` : ` Received ${inspect(value, { depth: -1 })}`;
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

function toBytes(chunk: unknown, encoding?: string): Uint8Array {
  if (typeof chunk === "string") return Buffer.from(chunk, (encoding ?? "utf8") as BufferEncoding);
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk === null) {
    const error = new TypeError("May not write null values to stream") as TypeError & { code: string };
    error.code = "ERR_STREAM_NULL_VALUES";
    throw error;
  }
  const error = new TypeError(`The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView.${received(chunk)}`) as TypeError & { code: string };
  error.code = "ERR_INVALID_ARG_TYPE";
  throw error;
}

/** write()'s string, straight into the core's memory (no Buffer of its own): its length in
 *  the encodings written here, utf8, latin1 and ascii (which Node writes as latin1). */
function stringLength(text: string, encoding?: string): number {
  if (encoding === undefined || encoding === "utf8" || encoding === "utf-8") return Buffer.byteLength(text, "utf8");
  if (encoding === "latin1" || encoding === "binary" || encoding === "ascii") return text.length;
  return -1;
}

// Up to this many characters, a loop in JavaScript copies faster than a call into Buffer's C++
// (Node 20 here: 4 characters 23 ns against 101 ns; 32: 220 ns against 115).
const SHORT = 16;
const { latin1Write, utf8Write } = Buffer.prototype as unknown as Record<string, (this: Uint8Array, text: string, at: number, length: number) => number>;

function writeString(memory: Uint8Array, at: number, text: string, length: number): void {
  // as many bytes as characters (latin1 and ascii, or utf8 of ASCII text): a character's low byte each
  if (length !== text.length) utf8Write.call(memory, text, at, length);
  else if (length <= SHORT) for (let i = 0; i < length; i++) memory[at + i] = text.charCodeAt(i);
  else latin1Write.call(memory, text, at, length);
}

/** Node's platform; tests replace its clock and timers (see index.ts's internals). */
export const platform: Platform = {
  now: () => performance.now(),
  nextTick(run, a, b) { // the arguments given, no more (callbacks count them), without rest arrays
    const call = run as (a?: unknown, b?: unknown) => void;
    if (arguments.length === 2) process.nextTick(call, a);
    else if (arguments.length > 2) process.nextTick(call, a, b);
    else process.nextTick(call);
  },
  setImmediate: (run) => { setImmediate(run); },
  setTimer: (ms, fire) => setTimeout(fire, ms).unref(),
  clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
  copyOut: (at, length) => Buffer.from(core.bytes().subarray(at, at + length)),
  toBytes,
  stringLength,
  writeString,
  describe: received,
  defaultMark: defaultMark(),
  answersAfterSend: answersAfterSend(),
};

/** Whether this Node's streams answer write() once the write was tried: a write done at once
 *  then answers true whatever its size (20.11 answered before, from the size alone). */
function answersAfterSend(): boolean {
  const probe = new stream.Writable({ highWaterMark: 1, write(chunk, encoding, done) { done(); } });
  return probe.write(Buffer.alloc(2));
}

/** Node's default highWaterMark for byte streams, read at each socket as node:net's streams
 *  read it (16 KiB on Node 20, 64 KiB from 22; setDefaultHighWaterMark changes it). */
function defaultMark(): (() => number) | undefined {
  const get = (stream as { getDefaultHighWaterMark?: (objectMode: boolean) => number }).getDefaultHighWaterMark;
  return get ? () => get(false) : undefined;
}

// NODE_DEBUG=wasm-net: every core input and record on stderr, one line each
const debug = debuglog("wasm-net");
export const core = loadCore(readFileSync(join(__dirname, "..", "net.wasm")), debug.enabled ? (line) => debug("%s", line) : undefined);
export const host = new Host(core, platform);
export const wasm = core.exports;
