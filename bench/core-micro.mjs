// npm run bench:core (issue 5, "the core alone"): two micro-benchmarks, no sockets, wasm-net and
// node:net side by side in one run, interleaved samples (rotated order), median and min–max.
//
//   1. isIP calls per second on the address vectors (tests/vectors/addresses.json): this
//      module's isIP (build/out/node/index.cjs, through the core's grammar) against node:net's.
//   2. A write/flush/drain cycle on build/out/net.wasm, drained with Core.drain as every JS host
//      does: write 64 bytes (the host sends its own bytes), write 64 more while that send is in
//      flight (WRITE_COPY: copied into the core), write done (WRITE_DONE, SEND of the queued
//      bytes, copied out), write done (WRITE_DONE, DRAIN: the write mark is 100). Four core
//      inputs per cycle. node:net has no I/O-free core; the nearest equivalent is the
//      bookkeeping its net.Socket#write runs before any handle call, stream.Writable's: the same
//      cycle on a Duplex whose _write/_writev only keep the callback, called back later as a
//      completed write would be. That figure is labelled as such: not node:net itself.
//
// Prints figures and asserts nothing about them; exits non-zero only if an answer is wrong
// (an isIP family, a record count, a byte). Needs `npm run build` first.
// Writes the section "core-micro" of bench/results/<date>-core.md (results-file.mjs).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import net from "node:net";
import { Duplex } from "node:stream";
import { loadCore } from "../build/out/core.js";
import * as abi from "../build/out/abi.js";
import { root, writeSection, median, fmt, spread } from "./results-file.mjs";

const SAMPLES = 9; //         per implementation and benchmark
const SAMPLE_SECONDS = 0.15;
const started = new Date();

const wasmNet = createRequire(import.meta.url)(join(root, "build/out/node/index.cjs"));
const { cases } = JSON.parse(readFileSync(join(root, "tests/vectors/addresses.json"), "utf8"));

let failures = 0;
function check(ok, message) {
  if (!ok) { failures++; console.error(`wrong: ${message}`); }
}

/** Samples of `ops` operations per second: each run(n) does n units of `opsPerUnit` operations;
 *  n is calibrated to about SAMPLE_SECONDS; implementations alternate, rotated each round. */
function measure(impls, opsPerUnit) {
  const units = {};
  for (const [name, run] of Object.entries(impls)) {
    let n = 1;
    for (;;) {
      const t = process.hrtime.bigint();
      run(n);
      const s = Number(process.hrtime.bigint() - t) / 1e9;
      if (s > 0.05) { units[name] = Math.max(1, Math.round((n * SAMPLE_SECONDS) / s)); break; }
      n *= 2;
    }
  }
  const names = Object.keys(impls);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < SAMPLES; round++) {
    const k = round % names.length;
    for (const name of [...names.slice(k), ...names.slice(0, k)]) {
      const n = units[name];
      const t = process.hrtime.bigint();
      impls[name](n);
      const s = Number(process.hrtime.bigint() - t) / 1e9;
      samples[name].push((n * opsPerUnit) / s);
    }
  }
  return samples;
}

// ---- 1. isIP ---------------------------------------------------------------------------------

const corpora = {
  "all vectors": cases.map((c) => c.input),
  "valid IPv4": cases.filter((c) => c.family === 4).map((c) => c.input),
  "valid IPv6": cases.filter((c) => c.family === 6).map((c) => c.input),
  "not an address": cases.filter((c) => c.family === 0).map((c) => c.input),
};

for (const c of cases) {
  check(wasmNet.isIP(c.input) === c.family, `wasm-net isIP(${JSON.stringify(c.input)}) is ${wasmNet.isIP(c.input)}, not ${c.family}`);
  check(net.isIP(c.input) === c.family, `node:net isIP(${JSON.stringify(c.input)}) is ${net.isIP(c.input)}, not ${c.family}`);
}

// Two loops, not one taking the function: each call site then sees one callee only.
function isIPWasm(inputs, rounds) {
  const isIP = wasmNet.isIP;
  let sum = 0;
  for (let r = 0; r < rounds; r++) for (let i = 0; i < inputs.length; i++) sum += isIP(inputs[i]);
  return sum;
}
function isIPNode(inputs, rounds) {
  const isIP = net.isIP;
  let sum = 0;
  for (let r = 0; r < rounds; r++) for (let i = 0; i < inputs.length; i++) sum += isIP(inputs[i]);
  return sum;
}

const isIPRows = [];
for (const [label, inputs] of Object.entries(corpora)) {
  const expected = inputs.reduce((s, input) => s + net.isIP(input), 0);
  const samples = measure({
    "wasm-net": (n) => check(isIPWasm(inputs, n) === expected * n, "wasm-net isIP sum"),
    "node:net": (n) => check(isIPNode(inputs, n) === expected * n, "node:net isIP sum"),
  }, inputs.length);
  isIPRows.push([`isIP, ${label} (${inputs.length})`, "calls/s", samples]);
}

// ---- 2. the write/flush/drain cycle ------------------------------------------------------------

const CHUNK = 64;
const WRITE_MARK = 100; // the second write of a cycle (128 bytes queued) is over it: DRAIN follows

function coreCycle() {
  const core = loadCore(readFileSync(join(root, "build/out/net.wasm")));
  const e = core.exports;
  const chunk = Buffer.alloc(CHUNK);
  const sent = Buffer.alloc(CHUNK);
  const counts = { writeDone: 0, drain: 0, send: 0, other: 0 };
  const onRecord = (op, _id, a, b) => {
    switch (op) {
      case abi.OP_SEND: sent.set(core.bytes().subarray(a, a + b)); counts.send++; break; // a host copies it out
      case abi.OP_WRITE_DONE: counts.writeDone += a; break;
      case abi.OP_DRAIN: counts.drain++; break;
      default: counts.other++;
    }
  };
  const id = e.socket_open(abi.OPEN_CONNECTED);
  core.drain(onRecord);
  e.socket_set_marks(id, 0, WRITE_MARK);
  core.drain(onRecord);
  counts.other = 0;
  let now = 0;
  let cycles = 0;
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      now++;
      chunk[0] = cycles++; // each cycle's queued bytes differ: the SEND must carry them
      if (e.socket_write(id, CHUNK, now) !== abi.WRITE_BELOW_MARK) throw new Error("first write: not a direct send below the mark");
      core.drain(onRecord);
      if (e.socket_write(id, CHUNK, now) !== abi.WRITE_COPY) throw new Error("second write: not a copy over the mark");
      core.bytes().set(chunk, core.replyAddress());
      core.drain(onRecord);
      if (e.socket_handle_write_done(id, now) !== 0) throw new Error("write done refused");
      core.drain(onRecord);
      if (e.socket_handle_write_done(id, now) !== 0) throw new Error("write done refused");
      core.drain(onRecord);
    }
    check(sent.equals(chunk), "the SEND's bytes are not the queued write's");
  };
  const verify = () => {
    check(counts.writeDone === 2 * cycles && counts.send === cycles && counts.drain === cycles && counts.other === 0,
      `core records after ${cycles} cycles: ${JSON.stringify(counts)}`);
    check(e.socket_bytes_written(id) === 2 * CHUNK * cycles, "core bytesWritten");
    check(e.socket_writable_length(id) === 0, "core writableLength after the cycles");
  };
  return { run, verify };
}

/** node:net's write bookkeeping without its handle: stream.Writable under a Duplex, as in net.Socket. */
function writableCycle() {
  class Sink extends Duplex {
    constructor() {
      super({ writableHighWaterMark: WRITE_MARK, decodeStrings: false });
      this.pending = null;
    }
    _write(_chunk, _encoding, cb) { this.pending = cb; }
    _writev(_chunks, cb) { this.pending = cb; }
    _read() {}
  }
  const w = new Sink();
  const chunk = Buffer.alloc(CHUNK);
  const counts = { callbacks: 0, drain: 0 };
  const done = () => { counts.callbacks++; };
  w.on("drain", () => { counts.drain++; });
  let cycles = 0;
  const complete = () => {
    const cb = w.pending;
    w.pending = null;
    cb();
  };
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      cycles++;
      if (w.write(chunk, done) !== true) throw new Error("first write: over the mark");
      if (w.write(chunk, done) !== false) throw new Error("second write: below the mark");
      complete();
      complete();
    }
  };
  const verify = () => {
    check(counts.callbacks === 2 * cycles && counts.drain === cycles, `Writable after ${cycles} cycles: ${JSON.stringify(counts)}`);
    check(w.writableLength === 0, "Writable writableLength after the cycles");
  };
  return { run, verify };
}

const coreC = coreCycle();
const nodeC = writableCycle();
const cycleSamples = measure({ "wasm-net": coreC.run, "node:net": nodeC.run }, 1);
coreC.verify();
nodeC.verify();

// ---- report ----------------------------------------------------------------------------------

const rows = [
  ...isIPRows,
  ["write/flush/drain cycle (4 core inputs)", "cycles/s", cycleSamples],
  ["core inputs in that cycle", "inputs/s", { "wasm-net": cycleSamples["wasm-net"].map((x) => x * 4), "node:net": null }],
];
const header = ["benchmark", "unit", "wasm-net median (min–max)", "node:net median (min–max)", "wasm/node"];
const table = rows.map(([label, unit, s]) => {
  const w = s["wasm-net"], n = s["node:net"];
  return [label, unit, spread(w), n ? spread(n) : "—", n ? `${(median(w) / median(n)).toFixed(2)}×` : "—"];
});
const widths = header.map((_, i) => Math.max(...[header, ...table].map((r) => [...r[i]].length)));
const line = (r) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
console.log([line(header), widths.map((w) => "-".repeat(w)).join("  "), ...table.map(line)].join("\n"));

const command = process.env.npm_lifecycle_event === "bench:core" ? "npm run bench:core" : "node bench/core-micro.mjs";
const md = `## The core alone (\`${command}\`, ${started.toISOString()})

${SAMPLES} samples of about ${SAMPLE_SECONDS} s per implementation, interleaved in rotated order;
median (min–max). Every answer is checked (isIP families against the vectors, record counts,
the bytes of each SEND); a wrong one fails the run.

| ${header.join(" | ")} |
|---|---|---:|---:|---:|
${table.map((r) => `| ${r.join(" | ")} |`).join("\n")}

- isIP: wasm-net is \`require("build/out/node/index.cjs").isIP\` (the string's UTF-16 units copied
  into the core, parsed there); node:net is Node's own.
- The cycle on wasm-net: \`socket_write\` 64 bytes (the host sends its own bytes) → \`socket_write\`
  64 bytes (\`WRITE_COPY\`: copied in) → \`socket_handle_write_done\` (\`WRITE_DONE\`, \`SEND\`:
  copied out) → \`socket_handle_write_done\` (\`WRITE_DONE\`, \`DRAIN\`), each followed by
  \`Core.drain\`; write mark ${WRITE_MARK}. node:net has no I/O-free core, so its column is the nearest
  equivalent, not node:net itself: the same cycle through \`stream.Writable\` (a \`Duplex\`, as
  \`net.Socket\`; \`_write\`/\`_writev\` keep the callback, called later as a completed write),
  which is the bookkeeping \`net.Socket#write\` does before its handle call. It keeps a reference
  to the queued chunk where the core copies it, and it calls two write callbacks and one
  'drain' listener per cycle where the wasm column only counts the records.
`;
const file = writeSection("core-micro", md, started);
console.log(`written: ${file.slice(root.length + 1)} (section core-micro)`);
if (failures) {
  console.error(`${failures} wrong answers`);
  process.exit(1);
}
