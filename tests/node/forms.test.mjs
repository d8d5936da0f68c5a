// The call forms of net-api.txt no other test makes, each run the same way on node:net and on
// wasm-net: what the peer received and what the caller saw must be the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const wasmNet = createRequire(import.meta.url)("../../build/out/node/index.cjs");

/** A node:net server on `where` (a port when 0, else a path) that reports what it got. */
async function recorder(where) {
  const got = [];
  const server = nodeNet.createServer((c) => {
    const chunks = [];
    c.on("data", (d) => chunks.push(d));
    c.on("end", () => { got.push(Buffer.concat(chunks).toString("hex")); c.end(); });
  });
  await once(where === 0 ? server.listen(0, "127.0.0.1") : server.listen(where), "listening");
  return { server, got, target: where === 0 ? server.address().port : where };
}

/** Runs `program(net, target)` on both modules; each resolves with what its caller saw. */
async function onBoth(where, program) {
  const results = {};
  for (const [name, net] of [["node", nodeNet], ["wasm", wasmNet]]) {
    const path = where === "path" ? join(tmpdir(), `wasm-net-forms-${name}-${process.pid}.sock`) : 0;
    const { server, got, target } = await recorder(path);
    const seen = await program(net, target);
    server.close();
    results[name] = { seen, got };
  }
  assert.deepEqual(results.wasm, results.node);
  return results.node;
}

const finish = (socket, seen) => new Promise((resolve) => socket.on("close", (hadError) => { seen.push(`close ${hadError}`); resolve(seen); }));

test("net.createConnection(options[, connectListener])", async () => {
  const { seen, got } = await onBoth(0, (net, port) => {
    const seen = [];
    const socket = net.createConnection({ port, host: "127.0.0.1" }, () => { seen.push("connect"); socket.end("abc"); });
    socket.resume();
    return finish(socket, seen);
  });
  assert.deepEqual(seen, ["connect", "close false"]);
  assert.deepEqual(got, ["616263"]);
});

test("net.createConnection(path[, connectListener]) and socket.connect(path[, connectListener])", async () => {
  const viaFactory = await onBoth("path", (net, path) => {
    const seen = [];
    const socket = net.createConnection(path, () => { seen.push("connect"); socket.end("unix"); });
    socket.resume();
    return finish(socket, seen);
  });
  const viaMethod = await onBoth("path", (net, path) => {
    const seen = [];
    const socket = new net.Socket();
    socket.connect(path, () => { seen.push("connect"); socket.end("unix"); });
    socket.resume();
    return finish(socket, seen);
  });
  for (const { seen, got } of [viaFactory, viaMethod]) {
    assert.deepEqual(seen, ["connect", "close false"]);
    assert.deepEqual(got, [Buffer.from("unix").toString("hex")]);
  }
});

test("socket.write(data[, encoding][, callback]) with encodings, and end(data, encoding)", async () => {
  const { seen, got } = await onBoth(0, (net, port) => {
    const seen = [];
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write("c3a9", "hex", (e) => seen.push(`hex cb ${e ?? null}`));
      socket.write("w6k=", "base64", (e) => seen.push(`base64 cb ${e ?? null}`));
      socket.write("é", "latin1");
      socket.end("é", "utf8");
    });
    socket.resume();
    return finish(socket, seen);
  });
  assert.deepEqual(seen, ["hex cb null", "base64 cb null", "close false"]);
  assert.deepEqual(got, ["c3a9c3a9e9c3a9"]);
});
