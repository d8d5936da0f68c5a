// How received bytes reach the user when the stream switches between ways of reading: 'data'
// listeners (flowing), paused mode with 'readable' and read(), and pipes into several
// destinations with backpressure. Each program runs on node:net and on wasm-net; the bytes, their
// order and the stream's flags must be the same.
//
//   npm run build && node --test tests/node/data-delivery.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import nodeNet from "node:net";

const wasmNet = createRequire(import.meta.url)("../../build/out/node/index.cjs");
const implementations = { "node:net": nodeNet, "wasm-net": wasmNet };
const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

/** Client: reads the first part with a 'data' listener, then switches to 'readable' + read(). */
async function flowingThenPaused(net) {
  const server = net.createServer((c) => {
    c.write("one");
    c.once("data", () => { c.write("two"); setTimeout(() => c.end("three"), 20); });
  });
  await listen(server);
  const c = net.connect(server.address().port, "127.0.0.1");
  const first = await new Promise((resolve) => {
    const onData = (chunk) => { c.removeListener("data", onData); c.pause(); resolve(String(chunk)); };
    c.on("data", onData);
  });
  const didRead = c.readableDidRead;
  let rest = "";
  c.on("readable", () => { for (let chunk; (chunk = c.read()) !== null;) rest += chunk; });
  c.write("go");
  await new Promise((resolve) => c.on("end", resolve));
  c.end();
  server.close();
  return { first, rest, didRead, flowing: c.readableFlowing };
}

test("bytes read through 'data' and then through read() arrive once each, in order", { timeout: 20_000 }, async () => {
  const results = {};
  for (const [name, net] of Object.entries(implementations)) results[name] = await flowingThenPaused(net);
  assert.deepEqual(results["wasm-net"], results["node:net"]);
  assert.deepEqual(results["wasm-net"], { first: "one", rest: "twothree", didRead: true, flowing: false });
});

/** Server: pipes every connection into two writables, one of them slow; returns what each got. */
async function twoPipes(net, payload) {
  const got = { fast: [], slow: [] };
  let slowCalls = 0;
  const fast = new Writable({ write(chunk, _e, cb) { got.fast.push(chunk); cb(); } });
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk, _e, cb) { got.slow.push(chunk); slowCalls++; setTimeout(cb, slowCalls % 8 === 0 ? 2 : 0); },
  });
  let ended;
  const done = new Promise((resolve) => { ended = resolve; });
  const server = net.createServer((c) => {
    c.pipe(fast);
    c.pipe(slow);
    slow.on("finish", ended);
  });
  await listen(server);
  const c = net.connect(server.address().port, "127.0.0.1");
  c.end(payload);
  await done;
  server.close();
  return { fast: Buffer.concat(got.fast), slow: Buffer.concat(got.slow) };
}

test("one socket piped into a fast and a slow writable: both get every byte", { timeout: 20_000 }, async () => {
  const payload = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + (i >>> 10)) & 0xff;
  for (const [name, net] of Object.entries(implementations)) {
    const { fast, slow } = await twoPipes(net, payload);
    assert.ok(fast.equals(payload), `${name}: the fast destination got ${fast.length} bytes, not the payload`);
    assert.ok(slow.equals(payload), `${name}: the slow destination got ${slow.length} bytes, not the payload`);
  }
});
