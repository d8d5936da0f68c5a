// undici (the fetch of Node, as a package) with its `connect` option making the sockets, against
// the shared http server, on node:net then on wasm-net: pipelined requests, bodies checksummed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Agent, Client, fetch } from "undici";
import { onBoth, pattern, sameAsNode } from "./nets.mjs";
import { BIG, sha, startServer } from "./http-server.mjs";

/** undici's connector: a connected socket of `net`, or the connect error. */
const connectorOn = (net) => (options, callback) => {
  const socket = net.connect({ port: Number(options.port), host: options.hostname });
  const fail = (error) => callback(error, null);
  socket.once("error", fail).once("connect", () => {
    socket.off("error", fail);
    callback(null, socket);
  });
  return socket;
};

async function answer({ statusCode, headers, body }) {
  const bytes = Buffer.from(await body.arrayBuffer());
  return { status: statusCode, bodySha: headers["x-body-sha"], length: bytes.length, sha: sha(bytes) };
}

test("undici: a pipelining Client on one connection, sequential and concurrent requests", async () => {
  const results = await onBoth(async (net) => {
    const server = await startServer(net);
    const client = new Client(`http://127.0.0.1:${server.port}`, { connect: connectorOn(net), pipelining: 4 });
    const answers = [];
    answers.push(await answer(await client.request({ method: "GET", path: "/n/1" })));
    answers.push(await answer(await client.request({ method: "POST", path: "/echo", body: pattern(1_000_000, 9) })));
    answers.push(await answer(await client.request({ method: "GET", path: "/big" })));
    answers.push(...(await Promise.all(Array.from({ length: 24 }, async (_, i) =>
      answer(await client.request({ method: "GET", path: `/n/${i}` }))))));
    await client.close();
    const connections = server.connections();
    await server.close();
    return { answers, connections };
  });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.connections, 1);
    assert.equal(node.answers[1].bodySha, sha(pattern(1_000_000, 9)));
    assert.equal(node.answers[2].sha, sha(BIG));
  });
});

test("undici: fetch() through an Agent whose connect makes the sockets, keep-alive across calls", async () => {
  const results = await onBoth(async (net) => {
    const server = await startServer(net);
    const dispatcher = new Agent({ connect: connectorOn(net), connections: 2 });
    const texts = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`http://127.0.0.1:${server.port}/f/${i}`, { dispatcher, method: i % 2 ? "POST" : "GET", body: i % 2 ? `body ${i}` : undefined });
      texts.push(`${res.status} ${await res.text()}`);
    }
    await dispatcher.close();
    const connections = server.connections();
    await server.close();
    return { texts, connections };
  });
  sameAsNode(assert, results, (node) => assert.equal(node.texts[1], "200 body 1"));
});
