// ws: a WebSocket server on the shared http server (fed by the socket module's server) and a ws
// client through createConnection, on node:net then on wasm-net: messages echoed in order and
// checksummed, the closing handshake, and bufferedAmount (which ws reads from
// socket._writableState.length) when the peer does not read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocket, WebSocketServer } from "ws";
import { onBoth, pattern, sameAsNode, sleep } from "./nets.mjs";
import { sha, startServer } from "./http-server.mjs";

async function wsPair(net, onServerSocket) {
  const server = await startServer(net);
  const wss = new WebSocketServer({ server: server.httpServer });
  wss.on("connection", onServerSocket);
  const client = new WebSocket(`ws://127.0.0.1:${server.port}/chat`, {
    createConnection: (options) => net.connect({ port: Number(options.port), host: options.host }),
  });
  await new Promise((resolve, reject) => client.once("open", resolve).once("error", reject));
  const close = async () => {
    await new Promise((resolve) => wss.close(resolve));
    await server.close();
  };
  return { client, close };
}

test("ws: 300 text and binary messages up to 1 MiB echoed in order, then a clean close", async () => {
  const results = await onBoth(async (net) => {
    let serverClose;
    const serverClosed = new Promise((resolve) => { serverClose = resolve; });
    const { client, close } = await wsPair(net, (ws) => {
      ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
      ws.on("close", (code, reason) => serverClose({ code, reason: reason.toString() }));
    });
    const sizes = Array.from({ length: 300 }, (_, i) => (i % 50 === 49 ? 2 ** 20 : (i * 7919) % 20_000));
    const echoes = [];
    const allBack = new Promise((resolve) => client.on("message", (data, isBinary) => {
      echoes.push(`${isBinary ? "b" : "t"} ${data.length} ${sha(data)}`);
      if (echoes.length === sizes.length) resolve();
    }));
    sizes.forEach((size, i) => client.send(i % 2 ? pattern(size, i) : pattern(size, i).toString("hex").slice(0, size), { binary: i % 2 === 1 }));
    await allBack;
    const clientClosed = new Promise((resolve) => client.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    client.close(1000, "bye");
    const closes = { client: await clientClosed, server: await serverClosed };
    await close();
    return { echoes, closes };
  });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.echoes.length, 300);
    assert.deepEqual(node.closes.server, { code: 1000, reason: "bye" });
  });
});

test("ws: bufferedAmount counts what a peer that does not read has not taken, so senders can throttle", async () => {
  const results = await onBoth(async (net) => {
    let serverWs;
    const { client, close } = await wsPair(net, (ws) => { serverWs = ws; });
    while (!serverWs) await sleep(5);
    client.pause(); // the client's socket stops reading
    // a sender that waits while more than 4 MiB is buffered, as ws users throttle
    let sent = 0;
    const message = pattern(2 ** 20, 3);
    for (; sent < 64 && serverWs.bufferedAmount <= 4 * 2 ** 20; sent++) {
      serverWs.send(message);
      await sleep(2);
    }
    const state = { throttled: sent < 64, buffered: serverWs.bufferedAmount > 0 };
    serverWs.terminate();
    client.terminate();
    await close();
    return state;
  });
  sameAsNode(assert, results, (node) => assert.deepEqual(node, { throttled: true, buffered: true }));
});
