// Socket options set before the connection exists reach the kernel: setNoDelay()/setKeepAlive()
// before connect(), and the noDelay / keepAlive / keepAliveInitialDelay options of connect(),
// new Socket() and createServer(). Read back with getsockopt (sockopt.mjs), node:net beside.
import { test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import { kernelOptions } from "./sockopt.mjs";
import { closeServer, listen, onBoth, sameAsNode } from "./nets.mjs";

const OPTIONS = { noDelay: true, keepAlive: true, keepAliveInitialDelay: 30_000 };
const EXPECTED = { nodelay: 1, keepalive: 1, keepidle: 30 };

/** Starts `makeSocket(port)` against a node:net server and reads the client's options once connected. */
async function clientOptions(makeSocket) {
  const server = nodeNet.createServer(() => {});
  const port = await listen(server);
  const socket = makeSocket(port);
  await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const options = kernelOptions(socket.localPort, port);
  socket.destroy();
  await closeServer(server);
  return options;
}

test("connect() with no options: the kernel's defaults, as node:net", async () => {
  const results = await onBoth((net) => clientOptions((port) => net.connect(port, "127.0.0.1")));
  sameAsNode(assert, results, (node) => assert.equal(node.nodelay, 0));
});

test("setNoDelay()/setKeepAlive() after connect reach the kernel", async () => {
  const results = await onBoth((net) => clientOptions((port) => net.connect(port, "127.0.0.1").on("connect", function () {
    this.setNoDelay(true);
    this.setKeepAlive(true, 30_000);
  })));
  sameAsNode(assert, results, (node) => assert.deepEqual(node, EXPECTED));
});

test("net.connect({ noDelay, keepAlive, keepAliveInitialDelay }) sets them on the new socket", async () => {
  const results = await onBoth((net) => clientOptions((port) => net.connect({ port, host: "127.0.0.1", ...OPTIONS })));
  sameAsNode(assert, results, (node) => assert.deepEqual(node, EXPECTED));
});

test("new Socket({ noDelay, keepAlive, keepAliveInitialDelay }).connect() sets them", async () => {
  const results = await onBoth((net) => clientOptions((port) => new net.Socket(OPTIONS).connect(port, "127.0.0.1")));
  sameAsNode(assert, results, (node) => assert.deepEqual(node, EXPECTED));
});

test("setNoDelay(true) and setKeepAlive(true, 30000) before connect() are applied once connected", async () => {
  const results = await onBoth((net) => clientOptions((port) => {
    const socket = new net.Socket();
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    return socket.connect(port, "127.0.0.1");
  }));
  sameAsNode(assert, results, (node) => assert.deepEqual(node, EXPECTED));
});

test("createServer({ noDelay, keepAlive, keepAliveInitialDelay }) sets them on accepted sockets", async () => {
  const results = await onBoth(async (net) => {
    let accepted;
    const server = net.createServer(OPTIONS, (socket) => accepted(socket));
    const port = await listen(server);
    const serverSide = new Promise((resolve) => { accepted = resolve; });
    const client = nodeNet.connect(port, "127.0.0.1");
    await new Promise((resolve) => client.once("connect", resolve));
    const socket = await serverSide;
    await new Promise((resolve) => setImmediate(resolve));
    const options = kernelOptions(port, client.localPort);
    socket.destroy();
    client.destroy();
    await closeServer(server);
    return options;
  });
  sameAsNode(assert, results, (node) => assert.deepEqual(node, EXPECTED));
});

test("setNoDelay(true) and setKeepAlive(true, 30000) carry over to a reconnect of the closed socket, as on node:net", async () => {
  const results = await onBoth(async (net) => {
    const server = nodeNet.createServer(() => {});
    const port = await listen(server);
    const socket = new net.Socket();
    socket.connect(port, "127.0.0.1");
    await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.destroy();
    await new Promise((resolve) => socket.once("close", resolve));
    socket.connect(port, "127.0.0.1"); // a new life of the same object
    await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const options = kernelOptions(socket.localPort, port);
    socket.destroy();
    await closeServer(server);
    return options;
  });
  sameAsNode(assert, results, (node) => assert.deepEqual(node, EXPECTED));
});
