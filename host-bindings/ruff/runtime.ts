// The one core of a Ruff process, in its plain-JavaScript form, and its shell host: Ruff's
// event loop, uv's clock and Ruff's Buffers.
import { plainCore } from "../shell/core";
import { Host, type Platform } from "../shell/host";
import { invalidArgType } from "../shell/errors";
import { instantiate } from "wasm-net-core";

/** How Node describes a received value in argument errors (util.inspect's forms, by hand). */
function received(value: unknown): string {
  if (value == null) return " Received " + value;
  if (typeof value === "function") return " Received function " + ((value as { name?: string }).name || "<anonymous>");
  if (typeof value === "object") {
    const ctor = (value as object).constructor as { name?: string } | undefined;
    return ctor && ctor.name ? " Received an instance of " + ctor.name : " Received [Object: null prototype] {}";
  }
  let shown = typeof value === "string" ? "'" + value + "'" : String(value);
  if (shown.length > 28) shown = shown.slice(0, 25) + "...";
  return " Received type " + typeof value + " (" + shown + ")";
}

// Duktape's Buffer writes a character beyond the BMP as CESU-8 (two 3-byte halves): UTF-8 text
// goes through TextEncoder where there is one
const utf8 = typeof TextEncoder === "function" ? new TextEncoder() : null;

function toBytes(chunk: unknown, encoding?: string): Uint8Array {
  if (chunk instanceof Buffer) return chunk as unknown as Uint8Array; // (the common case, without a call)
  if (typeof chunk === "string") {
    if (utf8 && (!encoding || /^utf-?8$/i.test(encoding))) return utf8.encode(chunk);
    return new Buffer(chunk, encoding as BufferEncoding);
  }
  if (chunk instanceof Uint8Array || Buffer.isBuffer(chunk)) return chunk as Uint8Array;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk === null) {
    const error = new TypeError("May not write null values to stream") as TypeError & { code: string };
    error.code = "ERR_STREAM_NULL_VALUES";
    throw error;
  }
  throw invalidArgType(received, "chunk", "of type string or an instance of Buffer, TypedArray, or DataView", chunk);
}

// NODE_DEBUG=wasm-net, as on Node: every core input and record, one line each
const env = typeof process === "object" && process.env ? process.env : {};
const tracing = /\bwasm-net\b/i.test(String(env.NODE_DEBUG || ""));
export const core = plainCore(instantiate(), tracing ? function (line: string) { console.error("WASM-NET: " + line); } : undefined);

// (a global is looked up through every scope between here and the global object, at each use)
const clock = uv;

const platform: Platform = {
  now: function () { return clock.hrtime() / 1e6; }, // no array per call, as process.hrtime() makes
  nextTick: function () { process.nextTick.apply(process, arguments as unknown as [() => void]); }, // as many arguments as given
  setImmediate: function (run) { setImmediate(run); },
  setTimer: function (ms, fire, owner) { return setTimeout(fire, ms, owner); }, // (owner: for the test runtime's scripted timers)
  clearTimer: function (timer) { clearTimeout(timer as ReturnType<typeof setTimeout>); },
  // a Buffer (on Ruff a Buffer is not a Uint8Array), copied before the next call into the core
  copyOut: function (at, length) { return new Buffer(core.bytes().subarray(at, at + length)); },
  toBytes: toBytes,
  describe: received,
};

export const host = new Host(core, platform);
export const wasm = core.exports;
