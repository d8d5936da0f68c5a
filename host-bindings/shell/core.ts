// Loading the core and draining its queue: the part every JavaScript host's shell shares.
// It knows the ABI (assembly/ABI.md) and nothing about sockets or streams.

import * as abi from "../../assembly/abi";
import { ABI_VERSION, RECORD_BYTES, WRITE_COPY } from "../../assembly/abi";

/** The core's exports, as assembly/ABI.md documents them. Lite builds lack the address_* ones. */
export interface CoreExports {
  memory: WebAssembly.Memory;
  abi_version(): number;
  queue_header(): number;
  socket_open(flags: number): number;
  socket_connect(id: number, now: number): number;
  socket_write(id: number, len: number, now: number, callback: number): number;
  socket_end(id: number): number;
  socket_cork(id: number): number;
  socket_uncork(id: number): number;
  socket_destroy(id: number, error: number): number;
  socket_pause(id: number): number;
  socket_resume(id: number): number;
  socket_set_timeout(id: number, ms: number, now: number): number;
  socket_set_marks(id: number, readMark: number, writeMark: number): number;
  socket_set_no_delay(id: number, on: number): number;
  socket_set_keep_alive(id: number, on: number, delaySeconds: number): number;
  socket_end_seen(id: number): number;
  socket_after_end(id: number): number;
  socket_handle_written_at_once(id: number, now: number): number;
  socket_after_write(id: number): number;
  socket_reset(id: number): number;
  socket_handle_connected(id: number, now: number): number;
  socket_handle_read(id: number, len: number, now: number): number;
  socket_handle_eof(id: number, now: number): number;
  socket_handle_write_done(id: number, now: number): number;
  socket_handle_shutdown_done(id: number): number;
  socket_handle_error(id: number, error: number): number;
  socket_handle_timer(id: number, now: number): number;
  socket_ready_state(id: number): number;
  socket_bytes_read(id: number): number;
  socket_bytes_written(id: number): number;
  socket_writable_length(id: number): number;
  socket_readable_length(id: number): number;
  socket_write_state(id: number): number;
  socket_count(): number;
  server_open(flags: number): number;
  server_listen(id: number): number;
  server_handle_listening(id: number): number;
  server_handle_error(id: number, error: number): number;
  server_handle_connection(id: number, now: number): number;
  server_close(id: number): number;
  server_set_max_connections(id: number, n: number): number;
  server_set_marks(id: number, readMark: number, writeMark: number): number;
  server_set_socket_options(id: number, noDelay: number, keepAlive: number, delaySeconds: number): number;
  server_listening(id: number): number;
  server_connections(id: number): number;
  server_free(id: number): number;
  port_valid(value: number): number;
  memory_reserved(): number;
  address_scratch?(size: number): number;
  address_bytes?(): number;
  address_text?(): number;
  address_parse?(len: number): number;
  address_format?(family: number): number;
}

export type RecordHandler = (op: number, id: number, a: number, b: number) => void;

/** Instantiates the core synchronously and checks its ABI version. With `trace`, every input
 *  and every record is also written to it, one readable line each (see traced below). */
export function loadCore(wasm: BufferSource, trace?: (line: string) => void): Core {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), {});
  const exports = checkVersion(instance.exports as unknown as CoreExports);
  return trace ? new Core(traced(exports, trace), trace) : new Core(exports);
}

/** The core's plain-JavaScript form (wasm2js), for engines without WebAssembly. */
export function plainCore(exports: CoreExports, trace?: (line: string) => void): Core {
  checkVersion(exports);
  return trace ? new Core(traced(exports, trace), trace, true) : new Core(exports, undefined, true);
}

// ---- the trace: every protocol decision, as it happens ----------------------------------------

/** How many drain loops may be open at once (see drain). */
const MAX_NESTING = 8;

const OP_NAMES: { [op: number]: string } = {};
const ABI_NAMES = abi as unknown as { [name: string]: unknown };
for (const name in ABI_NAMES) {
  if (name.indexOf("OP_") === 0) OP_NAMES[ABI_NAMES[name] as number] = name.slice(3);
}

/** The exports with each input and query logged: "socket_write(3, 5, 12.5) -> 3". */
function traced(exports: CoreExports, trace: (line: string) => void): CoreExports {
  const result: { [name: string]: unknown } = {};
  const source = exports as unknown as { [name: string]: unknown };
  for (const name in source) {
    const value = source[name];
    if (typeof value !== "function" || name === "queue_header" || name.indexOf("address_") === 0) {
      result[name] = value;
      continue;
    }
    const call = value as (...args: number[]) => number;
    result[name] = function () {
      const args = Array.prototype.slice.call(arguments) as number[];
      const answer = call.apply(null, args);
      trace(name + "(" + args.join(", ") + ") -> " + describeAnswer(answer));
      return answer;
    };
  }
  return result as unknown as CoreExports;
}

function describeAnswer(answer: number): string {
  return answer < 0 ? String(answer) + " " + abi.ERROR_NAMES[-answer] : String(answer);
}

function describeRecord(op: number, id: number, a: number, b: number): string {
  const name = OP_NAMES[op] || "op" + op;
  const kind = op >= abi.OP_UNLISTEN ? "server " : "socket ";
  let args = "";
  if (op === abi.OP_ERROR || op === abi.OP_SERVER_ERROR || op === abi.OP_END_DONE) args = " " + abi.ERROR_NAMES[a];
  else if (op === abi.OP_WRITE_DONE) args = " " + a + " " + abi.ERROR_NAMES[b];
  else if (op === abi.OP_SEND || op === abi.OP_DATA) args = " " + b + " bytes";
  else if (a || b) args = " " + a + (b ? " " + b : "");
  return "  <- " + kind + id + " " + name + args;
}

function checkVersion(exports: CoreExports): CoreExports {
  const version = exports.abi_version();
  if (version !== ABI_VERSION) {
    throw new Error("wasm-net: core ABI version " + version + ", this host speaks " + ABI_VERSION);
  }
  return exports;
}

export class Core {
  readonly exports: CoreExports;
  private words: Uint32Array;
  private byteView: Uint8Array;
  private unitView: Uint16Array;
  private readonly header: number;
  private nesting = 0;
  private buffer: ArrayBuffer;

  /** `plain`: the wasm2js form, whose memory grows by replacing its buffer, the old one intact
   *  (a WebAssembly memory detaches the old one: views on it then have length 0). */
  constructor(exports: CoreExports, private readonly trace?: (line: string) => void, private readonly plain = false) {
    this.exports = exports;
    this.buffer = exports.memory.buffer;
    this.words = new Uint32Array(exports.memory.buffer);
    this.byteView = new Uint8Array(exports.memory.buffer);
    this.unitView = new Uint16Array(exports.memory.buffer);
    this.header = exports.queue_header() >>> 2;
  }

  /** The address a WRITE_COPY or READ_COPY answer asks the host to copy its bytes to. */
  replyAddress(): number {
    this.refresh();
    return this.words[this.header + 3];
  }

  /** The module's memory as bytes; valid until the next call into the core. */
  bytes(): Uint8Array {
    this.refresh();
    return this.byteView;
  }

  /** The module's memory as UTF-16 units (address text); valid until the next call into the core. */
  units(): Uint16Array {
    this.refresh();
    return this.unitView;
  }

  /** Hands every queued record to `handler`, oldest first. A call made from inside the handler
   *  (a user's call in a listener) hands out what is queued by then at once, as node:net acts on
   *  its handle at once: records are still taken in order, by whichever loop comes first. Below
   *  MAX_NESTING loops deep a call returns at once instead and the outer loops go on, so a burst
   *  of records whose listeners each call in (a thousand timeouts, each destroying) cannot grow
   *  the stack without bound. */
  drain(handler: RecordHandler): void {
    if (this.nesting === MAX_NESTING) return;
    this.nesting++;
    try {
      for (;;) {
        // (refresh(), written out: a call per record is dear on an interpreter)
        if (this.plain ? this.exports.memory.buffer !== this.buffer : this.words.length === 0) this.replaceViews(this.exports.memory.buffer);
        const words = this.words;
        const h = this.header;
        const consumed = words[h + 2];
        if (consumed >= words[h + 1]) break;
        const r = (words[h] + consumed) >>> 2;
        const op = words[r], id = words[r + 1], a = words[r + 2], b = words[r + 3];
        words[h + 2] = consumed + RECORD_BYTES;
        if (this.trace) this.trace(describeRecord(op, id, a, b));
        handler(op, id, a, b);
      }
    } finally {
      this.nesting--;
    }
  }

  /** Re-creates the views after memory grew (for WebAssembly, a length is cheaper to check than
   *  memory.buffer). */
  private refresh(): void {
    if (this.plain ? this.exports.memory.buffer !== this.buffer : this.words.length === 0) this.replaceViews(this.exports.memory.buffer);
  }

  private replaceViews(buffer: ArrayBuffer): void {
    this.buffer = buffer;
    this.words = new Uint32Array(buffer);
    this.byteView = new Uint8Array(buffer);
    this.unitView = new Uint16Array(buffer);
  }
}

/** net.isIP through the core's grammar (full profile only). Returns 4, 6 or 0. */
export function addressFamily(core: Core, input: string): number {
  const e = core.exports;
  if (!e.address_scratch || !e.address_parse) throw new Error("wasm-net: this core has no address grammar");
  const at = e.address_scratch(input.length * 2) >>> 1;
  const units = core.units();
  for (let i = 0; i < input.length; i++) units[at + i] = input.charCodeAt(i);
  return e.address_parse(input.length);
}

/** The text Node shows for an address given as 4 or 16 bytes. */
export function formatAddress(core: Core, address: Uint8Array): string {
  const e = core.exports;
  if (!e.address_bytes || !e.address_format || !e.address_text) throw new Error("wasm-net: this core has no address formatting");
  core.bytes().set(address, e.address_bytes());
  const len = e.address_format(address.length === 4 ? 4 : 6);
  const at = e.address_text();
  return String.fromCharCode(...core.bytes().subarray(at, at + len));
}
