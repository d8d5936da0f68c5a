// The writable state libraries read (ws's bufferedAmount, http's needDrain, pipe()) tells the
// truth: bytes still held after 16 MiB to a peer that does not read, the end flags after end(),
// and a socket destroyed once `for await` over it has ended, each as on node:net.
import { test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import { closeServer, connect, listen, onBoth, sameAsNode, sleep } from "./nets.mjs";

const TOTAL = 16 * 2 ** 20;
const CHUNK = 64 * 1024;

/** Waits until `read()` gives the same value three times 20 ms apart (at most 5 s): the transfer has stalled. */
async function settled(read) {
  let last = read();
  let same = 0;
  for (let i = 0; i < 250 && same < 3; i++) {
    await sleep(20);
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
}

test("after 16 MiB to a peer that does not read, writableLength counts the bytes not yet sent", async () => {
  const results = await onBoth(async (net) => {
    const held = [];
    const peer = nodeNet.createServer({ pauseOnConnect: true }, (c) => held.push(c));
    const port = await listen(peer);
    const socket = await connect(net, port);
    let done = 0;
    let falseAnswers = 0;
    for (let sent = 0; sent < TOTAL; sent += CHUNK) {
      if (!socket.write(Buffer.alloc(CHUNK, 7), () => { done += CHUNK; })) falseAnswers++;
    }
    await settled(() => done);
    const state = {
      held: socket.writableLength > 0,
      // node:net's rule: every byte accepted by write() whose callback has not run yet
      lengthIsNotDone: socket.writableLength === TOTAL - done,
      stateAgrees: socket._writableState.length === socket.writableLength,
      needDrain: socket.writableNeedDrain,
      writeAnsweredFalse: falseAnswers > 0,
    };
    socket.destroy();
    for (const c of held) c.destroy();
    await closeServer(peer);
    return state;
  });
  sameAsNode(assert, results, (node) => assert.equal(node.held, true));
});

/** The end-side flags libraries read, as one record. */
const endFlags = (socket) => ({
  writableEnded: socket.writableEnded,
  writableFinished: socket.writableFinished,
  ending: socket._writableState.ending,
  ended: socket._writableState.ended,
  finished: socket._writableState.finished,
});

test("end() sets writableEnded and _writableState.ending/ended at once; 'finish' sets finished", async () => {
  const results = await onBoth(async (net) => {
    const peer = nodeNet.createServer((c) => c.resume());
    const port = await listen(peer);
    const socket = await connect(net, port);
    const seen = { before: endFlags(socket) };
    socket.write("x");
    socket.end("y");
    seen.afterEnd = endFlags(socket);
    await new Promise((resolve) => socket.once("finish", resolve));
    seen.atFinish = endFlags(socket);
    socket.destroy();
    await closeServer(peer);
    return seen;
  });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.afterEnd.writableEnded, true);
    assert.equal(node.atFinish.finished, true);
  });
});

test("after `for await (const chunk of socket)` ends, the socket is destroyed (or not) and a reply refused (or sent) as on node:net", async () => {
  const results = await onBoth(async (net) => {
    // the peer sends and half-closes, then reports what came back before its socket closed
    let reply = "";
    let peerDone;
    const peerClosed = new Promise((resolve) => { peerDone = resolve; });
    const peer = nodeNet.createServer({ allowHalfOpen: true }, (c) => {
      c.setEncoding("utf8").on("data", (d) => { reply += d; }).on("close", peerDone);
      c.end("hello");
    });
    const port = await listen(peer);
    const socket = await connect(net, port, { allowHalfOpen: true });
    let text = "";
    for await (const chunk of socket) text += chunk;
    const afterLoop = { destroyed: socket.destroyed };
    const writeError = await new Promise((resolve) => {
      try {
        socket.write("reply", (err) => resolve(err?.code ?? null));
      } catch (err) {
        resolve(`threw ${err.code}`);
      }
    });
    socket.end(); // no-op once destroyed; else lets the peer close
    await peerClosed;
    socket.destroy();
    await closeServer(peer);
    return { text, afterLoop, writeError, reply };
  });
  // (Node 20 and 22 destroy the socket there; Node 24's iterator leaves a half-open one open)
  sameAsNode(assert, results, (node) => {
    assert.equal(node.text, "hello");
    assert.equal(node.reply, node.afterLoop.destroyed ? "" : "reply");
  });
});
