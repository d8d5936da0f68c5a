// The Nagle stall, caught by counting sends (write-counter.mjs), never by a clock: writes made
// while a socket is corked leave as ONE send at uncork(), as node:net's do. When they leave as
// several, the second waits with Nagle on (the default) for the peer's delayed ACK, ~40 ms.
import { test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import http from "node:http";
import { sendsBy } from "./write-counter.mjs";
import { closeServer, connect, listen, onBoth, sameAsNode } from "./nets.mjs";


/** A node:net peer that collects what it is sent; `received(n)` resolves once n bytes came. */
async function collector() {
  let bytes = Buffer.alloc(0);
  let waiters = [];
  const server = nodeNet.createServer((c) => c.on("data", (d) => {
    bytes = Buffer.concat([bytes, d]);
    waiters = waiters.filter(([n, resolve]) => (bytes.length >= n ? (resolve(bytes), false) : true));
  }));
  const port = await listen(server);
  const received = (n) => new Promise((resolve) => (bytes.length >= n ? resolve(bytes) : waiters.push([n, resolve])));
  return { server, port, received };
}

test("three writes between cork() and uncork() leave as one send", async () => {
  const results = await onBoth(async (net) => {
    const peer = await collector();
    const socket = await connect(net, peer.port);
    const before = sendsBy(socket.localPort, peer.port);
    socket.cork();
    socket.write("GET / HTTP/1.1\r\n");
    socket.write("Host: x\r\n");
    socket.write("\r\n");
    socket.uncork();
    const got = await peer.received(27);
    const sends = sendsBy(socket.localPort, peer.port) - before;
    socket.destroy();
    await closeServer(peer.server);
    return { bytes: got.toString(), sends };
  });
  sameAsNode(assert, results, (node) => assert.equal(node.sends, 1));
});

test("writes corked in one tick and uncorked on the next (as http does) leave as one send", async () => {
  const results = await onBoth(async (net) => {
    const peer = await collector();
    const socket = await connect(net, peer.port);
    const before = sendsBy(socket.localPort, peer.port);
    socket.cork();
    socket.write(Buffer.alloc(100, 1));
    socket.write(Buffer.alloc(1000, 2));
    process.nextTick(() => socket.uncork());
    const got = await peer.received(1100);
    const sends = sendsBy(socket.localPort, peer.port) - before;
    socket.destroy();
    await closeServer(peer.server);
    return { length: got.length, sends };
  });
  sameAsNode(assert, results, (node) => assert.equal(node.sends, 1));
});

test("end() while corked sends the corked writes with it", async () => {
  const results = await onBoth(async (net) => {
    const peer = await collector();
    const socket = await connect(net, peer.port);
    socket.cork();
    socket.write("abc");
    socket.end("def");
    const got = await peer.received(6);
    await new Promise((resolve) => socket.on("close", resolve).resume());
    await closeServer(peer.server);
    return { bytes: got.toString() };
  });
  sameAsNode(assert, results, (node) => assert.equal(node.bytes, "abcdef"));
});

// A keep-alive response of Node's http server (headers and body written while corked): each
// response is as many sends on the wasm-net-fed server as on node:net's.
test("http server fed by the socket: each keep-alive response is one send", async () => {
  const results = await onBoth(async (net) => {
    const httpServer = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => { res.setHeader("content-type", "text/plain"); res.write("hello "); res.end("world"); });
    });
    const server = net.createServer((socket) => httpServer.emit("connection", socket));
    const port = await listen(server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const perResponse = [];
    for (let i = 0; i < 5; i++) {
      const { body, local } = await new Promise((resolve, reject) => {
        http.get({ port, host: "127.0.0.1", path: `/${i}`, agent }, (res) => {
          const local = res.socket.localPort;
          let body = "";
          res.setEncoding("utf8").on("data", (d) => { body += d; }).on("end", () => resolve({ body, local }));
        }).on("error", reject);
      });
      perResponse.push({ body, sends: sendsBy(port, local) });
    }
    agent.destroy();
    await closeServer(server);
    httpServer.close();
    // sends are cumulative per connection: turn them into per-response counts
    return perResponse.map((r, i) => ({ body: r.body, sends: r.sends - (i ? perResponse[i - 1].sends : 0) }));
  });
  sameAsNode(assert, results, (node) => assert.deepEqual(node.map((r) => r.sends), [1, 1, 1, 1, 1]));
});
