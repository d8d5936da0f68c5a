// The two `net` modules every judge here runs on, one after the other in the same process:
// node:net, the reference, and wasm-net (build/out/node/index.cjs, WASM_NET_TRANSPORT picks its
// transport). A scenario is run on each and returns what it saw; the test compares the two.
import nodeNet from "node:net";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const wasmNet = createRequire(import.meta.url)("../../build/out/node/index.cjs");
export const nets = [
  { name: "node:net", net: nodeNet },
  { name: "wasm-net", net: wasmNet },
];

/** Resolves with `promise`, or rejects after `ms` naming `what` (a stuck scenario fails, never hangs). */
export function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs `scenario(net, name)` on node:net then on wasm-net; { "node:net": result, "wasm-net": result }.
 *  A scenario that throws on one gives { error: message } there, so both are always reported. */
export async function onBoth(scenario, { limitMs = 30_000 } = {}) {
  const out = {};
  for (const { name, net } of nets) {
    try {
      out[name] = await within(limitMs, name, scenario(net, name));
    } catch (error) {
      out[name] = { error: String(error?.stack ?? error) };
    }
  }
  return out;
}

/** Runs a fixture that needs Node's internals (a child with --expose-internals) once per net,
 *  its argument the net's name; { "node:net": what it printed, "wasm-net": ... }, as JSON. */
export function fixtureOnBoth(fixtureUrl) {
  const out = {};
  for (const { name } of nets) {
    out[name] = JSON.parse(execFileSync(process.execPath, ["--expose-internals", fileURLToPath(fixtureUrl), name], { encoding: "utf8", timeout: 30_000 }));
  }
  return out;
}

export const listen = (server, port = 0, host = "127.0.0.1") =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => { server.off("error", reject); resolve(server.address().port); });
  });

export const closeServer = (server) => new Promise((resolve) => server.close(() => resolve()));

/** A connected client socket of `net` (rejects on error before 'connect'). */
export const connect = (net, port, options = {}) =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1", ...options });
    socket.once("error", reject);
    socket.once("connect", () => { socket.off("error", reject); resolve(socket); });
  });

/** Deterministic bytes (xorshift32 words from `seed`), so shifts and losses show in a checksum. */
export function pattern(size, seed = 1) {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    words[i] = x;
  }
  return Buffer.from(words.buffer, 0, size);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The wasm-net result must equal node:net's; node:net's must itself pass `check`. */
export function sameAsNode(assert, results, check = () => {}) {
  const node = results["node:net"];
  assert.ok(!node.error, `the scenario fails on node:net itself: ${node.error}`);
  check(node);
  assert.deepEqual(results["wasm-net"], node);
}
