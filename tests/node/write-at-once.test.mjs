// A burst of small writes the kernel takes at once: node:net counts each as done inside write()
// (its writableLength stays 0 and write() answers true), then gives their callbacks on the next
// tick. On the libuv-handle transport wasm-net does the same (the core's
// socket_handle_written_at_once and AFTER_WRITE); the public-API transport hears of every write
// later, so there write() answers false once 16 KiB wait (README: known differences).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { once } from "node:events";
import * as nodeNet from "node:net";

const wasmNet = createRequire(import.meta.url)("../../build/out/node/index.cjs");
const publicTransport = process.env.WASM_NET_TRANSPORT === "stream";

async function burst(net) {
  const peer = nodeNet.createServer((c) => c.resume());
  await once(peer.listen(0, "127.0.0.1"), "listening");
  const socket = net.connect(peer.address().port, "127.0.0.1");
  await once(socket, "connect");
  const answers = [];
  let called = 0, drains = 0, calledInside = 0;
  socket.on("drain", () => drains++);
  for (let i = 0; i < 64; i++) answers.push(socket.write(Buffer.alloc(1024, i), () => called++));
  calledInside = called;
  const lengthInside = socket.writableLength;
  await new Promise((resolve) => setImmediate(resolve));
  const result = { falseAnswers: answers.filter((a) => !a).length, lengthInside, calledInside, called, drains };
  socket.destroy();
  peer.close();
  return result;
}

test("64 KiB of 1 KiB writes the kernel takes at once: as node:net on the handle transport", async () => {
  const node = await burst(nodeNet);
  const wasm = await burst(wasmNet);
  assert.deepEqual(node, { falseAnswers: 0, lengthInside: 0, calledInside: 0, called: 64, drains: 0 });
  if (publicTransport) {
    // every write waits for node:net's own callback: false from 16 KiB, one 'drain' when all are out
    assert.equal(wasm.calledInside, 0);
    assert.equal(wasm.lengthInside, 64 * 1024);
    assert.ok(wasm.falseAnswers > 0);
  } else {
    assert.deepEqual(wasm, node);
  }
});
