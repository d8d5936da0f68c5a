// Node 22.23+'s http Agent guards its free keep-alive sockets through their _handle (onread
// swapped for a guard, then node:net's onStreamRead put back): the protocol run with Node's own
// functions on node:net and on wasm-net (a child process: they are Node's internals), and an
// Agent on both whose free socket the server writes to, on whichever Node runs the tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import nodeNet from "node:net";
import { onBoth, sameAsNode, listen, closeServer, fixtureOnBoth } from "./nets.mjs";

test("a guard on a free socket's handle: reads go back to the socket when it is reused, and destroy it while free, as on node:net", () => {
  const seen = fixtureOnBoth(new URL("fixtures/free-socket-guard.cjs", import.meta.url));
  assert.deepEqual(seen["wasm-net"], seen["node:net"]);
  assert.deepEqual(seen["node:net"].steps, [
    { text: "first.", destroyed: false },
    { text: "first.second.", destroyed: false },
    { text: "first.second.", destroyed: true, handle: null },
  ]);
});

/** A raw HTTP/1.1 server on node:net: answers each request "ok"; after the first answer on a
 *  connection it also writes bytes no one asked for (resolving `poisoned` once they are out). */
async function poisoningServer() {
  let connections = 0, poisoned;
  const written = new Promise((resolve) => { poisoned = resolve; });
  const server = nodeNet.createServer((socket) => {
    const id = ++connections;
    let answered = 0, pending = "";
    socket.on("data", (bytes) => {
      pending += bytes;
      while (pending.includes("\r\n\r\n")) {
        pending = pending.slice(pending.indexOf("\r\n\r\n") + 4);
        const body = `ok ${id}.${++answered}`;
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body}`);
        if (answered === 1 && id === 1) setImmediate(() => socket.write("HTTP/1.1 200 OK\r\n\r\nunasked", () => poisoned()));
      }
    });
    socket.on("error", () => {});
  });
  const port = await listen(server);
  return { port, written, connections: () => connections, close: () => closeServer(server) };
}

function get(agent, port) {
  return new Promise((resolve, reject) => {
    http.get({ agent, port, host: "127.0.0.1", path: "/" }, (res) => {
      let body = "";
      res.on("data", (d) => { body += d; }).on("end", () => resolve(body));
    }).on("error", (error) => resolve(`error ${error.code}`)).on("timeout", reject);
  });
}

test("http: a free keep-alive socket the server writes to is handled as on node:net", async () => {
  const results = await onBoth(async (net) => {
    const server = await poisoningServer();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = [];
    agent.createConnection = (options) => { const socket = net.createConnection(options); sockets.push(socket); return socket; };
    const answers = [await get(agent, server.port)];
    await server.written;
    // the unasked bytes reach the free socket, which is destroyed for them (on Node 20 too)
    if (!sockets[0].destroyed) await new Promise((resolve) => sockets[0].once("close", resolve));
    answers.push(await get(agent, server.port));
    agent.destroy();
    await server.close();
    return { answers, connections: server.connections() };
  });
  sameAsNode(assert, results, (node) => assert.equal(node.answers[0], "ok 1.1"));
});
