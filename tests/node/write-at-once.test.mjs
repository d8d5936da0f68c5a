// A burst of small writes the kernel takes at once: node:net counts each as done inside write()
// (its writableLength stays 0 and write() answers true), then gives their callbacks on the next
// tick. wasm-net does the same on both transports (the core's socket_handle_written_at_once and
// AFTER_WRITE): the handle transport sees libuv finish the write in the call, the public-API
// transport sees node:net's writableLength back at 0 after its write().
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { once } from "node:events";
import * as nodeNet from "node:net";

const wasmNet = createRequire(import.meta.url)("../../build/out/node/index.cjs");

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

test("64 KiB of 1 KiB writes the kernel takes at once: answered, counted and called back as by node:net", async () => {
  const node = await burst(nodeNet);
  const wasm = await burst(wasmNet);
  assert.deepEqual(node, { falseAnswers: 0, lengthInside: 0, calledInside: 0, called: 64, drains: 0 });
  assert.deepEqual(wasm, node);
});

/** Writes of `size` bytes, each taken at once by a reading peer, one per tick: what write()
 *  answered, 'drain' events, needDrain right after each write. */
async function bigWrites(net, size, options = {}) {
  const peer = nodeNet.createServer((c) => c.resume());
  await once(peer.listen(0, "127.0.0.1"), "listening");
  const socket = net.connect({ port: peer.address().port, host: "127.0.0.1", ...options });
  await once(socket, "connect");
  let drains = 0;
  socket.on("drain", () => drains++);
  const seen = [];
  for (let i = 0; i < 4; i++) {
    const answer = socket.write(Buffer.alloc(size, i));
    seen.push({ answer, needDrain: socket.writableNeedDrain, length: socket.writableLength });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const result = { seen, drains, mark: socket.writableHighWaterMark };
  socket.destroy();
  peer.close();
  return result;
}

// Node's streams answer write() once the write was tried since 20.x's later releases (a write done
// at once answers true and leaves no 'drain'), from its size before; its default mark is 64 KiB
// from Node 22. wasm-net follows the Node it runs on, as node:net does.
for (const [name, size, options] of [
  ["above the default mark", 40_000, {}],
  ["above a mark of 1,000", 4_000, { highWaterMark: 1000 }],
  ["below the mark", 1_000, {}],
]) {
  test(`writes the kernel takes at once, ${name}: answers, needDrain and 'drain' as node:net's on this Node`, async () => {
    const node = await bigWrites(nodeNet, size, options);
    const wasm = await bigWrites(wasmNet, size, options);
    assert.equal(node.seen.length, 4);
    assert.deepEqual(wasm, node);
  });
}
