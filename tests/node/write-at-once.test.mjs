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
