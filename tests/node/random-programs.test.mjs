// Seeded random programs (read mode, pauses, echo, half-open on either side, write sizes), each
// run on node:net and on wasm-net. Each socket's own sequence of lifecycle events, and every
// byte count, must be the same on both. (The two sockets' events interleave by timing, so
// each side is compared on its own.)
import { test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import { createRequire } from "node:module";

const wasmNet = createRequire(import.meta.url)("../../build/out/node/index.cjs");
const PROGRAMS = Number(process.env.WASM_NET_PROGRAMS ?? 24);
const FIRST_SEED = Number(process.env.WASM_NET_SEED ?? 1);

function prng(seed) {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => ((x ^= x << 13, x ^= x >>> 17, x ^= x << 5) >>> 0) / 2 ** 32;
}

/** A program's choices, from its seed alone (the same for both modules). */
function choose(seed) {
  const r = prng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const sizes = [];
  const chunks = 1 + Math.floor(r() * 40);
  for (let i = 0; i < chunks; i++) sizes.push(1 + Math.floor(r() * pick([100, 5000, 70000])));
  return {
    sizes,
    serverHalfOpen: r() < 0.5,
    clientHalfOpen: r() < 0.5,
    serverRead: pick(["flowing", "read", "pausing"]),
    clientRead: pick(["flowing", "pausing"]),
    echo: r() < 0.7,
    serverSends: r() < 0.5 ? Math.floor(r() * 100000) : 0,
    pauseEvery: 1 + Math.floor(r() * 5),
  };
}

function runProgram(net, p) {
  return new Promise((resolve, reject) => {
    const S = [], C = [];
    let serverIn = 0, serverOut = 0, clientIn = 0, closed = 0;
    const timer = setTimeout(() => reject(new Error(`timed out: S ${S.join(" ")} | C ${C.join(" ")}`)), 10_000);
    const finish = () => { if (++closed === 2) { clearTimeout(timer); server.close(() => resolve({ S, C, serverIn, serverOut, clientIn })); } };
    const server = net.createServer({ allowHalfOpen: p.serverHalfOpen }, (c) => {
      let n = 0;
      const answer = (chunk) => { serverIn += chunk.length; if (p.echo) { serverOut += chunk.length; c.write(chunk); } };
      if (p.serverRead === "read") {
        const readSome = () => { const chunk = c.read(); if (chunk) { answer(chunk); setTimeout(readSome, 1); } else c.once("readable", readSome); };
        c.once("readable", readSome);
      } else {
        c.on("data", (chunk) => {
          answer(chunk);
          if (p.serverRead === "pausing" && ++n % p.pauseEvery === 0) { c.pause(); setTimeout(() => c.resume(), 1); }
        });
      }
      if (p.serverSends) { serverOut += p.serverSends; c.write(Buffer.alloc(p.serverSends, 2)); }
      c.on("end", () => { S.push(`end@${serverIn}`); if (p.serverHalfOpen) c.end(); });
      c.on("finish", () => S.push("finish"));
      c.on("error", (e) => S.push(`error ${e.code}`));
      c.on("close", (hadError) => { S.push(`close(${hadError})`); finish(); });
    });
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect({ port: server.address().port, host: "127.0.0.1", allowHalfOpen: p.clientHalfOpen });
      let n = 0;
      c.on("data", (chunk) => {
        clientIn += chunk.length;
        if (p.clientRead === "pausing" && ++n % p.pauseEvery === 0) { c.pause(); setTimeout(() => c.resume(), 1); }
      });
      c.on("end", () => { C.push(`end@${clientIn}`); if (p.clientHalfOpen) c.end(); });
      c.on("finish", () => C.push("finish"));
      c.on("error", (e) => C.push(`error ${e.code}`));
      c.on("close", (hadError) => { C.push(`close(${hadError})`); finish(); });
      let i = 0;
      const writeSome = () => {
        while (i < p.sizes.length) {
          if (!c.write(Buffer.alloc(p.sizes[i++], 1))) return c.once("drain", writeSome);
        }
        c.end();
      };
      c.on("connect", writeSome);
    });
  });
}

for (let seed = FIRST_SEED; seed < FIRST_SEED + PROGRAMS; seed++) {
  const program = choose(seed);
  test(`random program ${seed} behaves as on node:net (${JSON.stringify({ ...program, sizes: program.sizes.length })})`, async () => {
    const expected = await runProgram(nodeNet, program);
    const actual = await runProgram(wasmNet, program);
    assert.deepEqual(actual, expected);
  });
}
