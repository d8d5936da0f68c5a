// A wasm-net socket is a net.Socket to Node's own code (TLS takes the handle only of one) and
// shows a handle exactly when node:net's socket has one; nothing of node:net's implementation
// runs on it.
import { test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import { Duplex } from "node:stream";
import { once } from "node:events";
import { createRequire } from "node:module";

const net = createRequire(import.meta.url)("../../build/out/node/index.cjs");
const closeServer = (server) => new Promise((resolve) => server.close(() => resolve()));

/** Where `key` resolves along `object`'s prototype chain: the object that owns it. */
function owner(object, key) {
  for (let at = object; at; at = Object.getPrototypeOf(at)) if (Object.prototype.hasOwnProperty.call(at, key)) return at;
  return null;
}

test("sockets are instanceof node:net's Socket and stream.Duplex, and of wasm-net's Socket", async () => {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const accepted = once(server, "connection");
  const client = net.connect(server.address().port, "127.0.0.1");
  const [serverSide] = await accepted;
  for (const socket of [client, serverSide, new net.Socket()]) {
    assert.ok(socket instanceof nodeNet.Socket);
    assert.ok(socket instanceof Duplex);
    assert.ok(socket instanceof net.Socket);
  }
  client.destroy();
  serverSide.destroy();
  await closeServer(server);
});

test("no member of node:net's Socket prototype runs on ours: each resolves to ours or stream.Duplex's", () => {
  for (const key of Reflect.ownKeys(nodeNet.Socket.prototype)) {
    if (key === "constructor") continue;
    assert.notEqual(owner(net.Socket.prototype, key), nodeNet.Socket.prototype, `node:net's ${String(key)}`);
  }
});

test("_handle: none before connect, one while connecting and connected, none once destroyed; as node:net", async () => {
  const seen = {};
  for (const [name, impl] of [["node:net", nodeNet], ["wasm-net", net]]) {
    const server = impl.createServer();
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const socket = new impl.Socket();
    const states = { before: socket._handle === null };
    socket.connect(server.address().port, "127.0.0.1");
    states.connecting = Boolean(socket._handle?.isStreamBase);
    await once(socket, "connect");
    states.connected = Boolean(socket._handle?.isStreamBase);
    states.stable = socket._handle === socket._handle;
    socket.destroy();
    states.destroyed = socket._handle === null;
    await once(socket, "close");
    states.closed = socket._handle === null;
    seen[name] = states;
    await closeServer(server);
  }
  assert.deepEqual(seen["wasm-net"], seen["node:net"]);
  assert.deepEqual(seen["node:net"], { before: true, connecting: true, connected: true, stable: true, destroyed: true, closed: true });
});

test("_handle.fd is the connection's descriptor, as on node:net's handle", async () => {
  const { readlinkSync } = await import("node:fs");
  const seen = {};
  for (const [name, impl] of [["node:net", nodeNet], ["wasm-net", net]]) {
    const server = impl.createServer((c) => c.resume());
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const socket = impl.connect(server.address().port, "127.0.0.1");
    await once(socket, "connect");
    const fd = socket._handle.fd;
    seen[name] = { number: Number.isInteger(fd) && fd > 2, socket: /^socket:\[\d+\]$/.test(readlinkSync(`/proc/self/fd/${fd}`)) };
    socket.destroy();
    await closeServer(server);
  }
  assert.deepEqual(seen["wasm-net"], seen["node:net"]);
  assert.deepEqual(seen["node:net"], { number: true, socket: true });
});

test("new Socket({ fd }) on a bound, unconnected descriptor connects it: connect({ path }), the same fd, bytes both ways; as node:net", async () => {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  // the only public way to a bound, unconnected descriptor is the binding Node's own test uses
  const { Pipe, constants } = process.binding("pipe_wrap");
  const dir = mkdtempSync(join(tmpdir(), "wasm-net-fd-"));
  const seen = {};
  try {
    for (const [name, impl] of [["node:net", nodeNet], ["wasm-net", net]]) {
      const log = [];
      const serverPath = join(dir, `${name}-server`);
      const server = impl.createServer((c) => {
        c.on("data", (d) => { log.push(`server data ${d}`); c.end("bye"); });
      });
      await new Promise((resolve) => server.listen(serverPath, resolve));
      const pipe = new Pipe(constants.SOCKET);
      assert.equal(pipe.bind(join(dir, `${name}-client`)), 0);
      const socket = new impl.Socket({ fd: pipe.fd, readable: true, writable: true });
      socket.on("data", (d) => log.push(`client data ${d}`));
      socket.on("end", () => log.push("client end"));
      const closed = once(socket, "close", { signal: AbortSignal.timeout(10_000) }); // (a bound on the wait, not a timing)
      socket.connect({ path: serverPath }, () => {
        log.push(`connect, same fd ${socket._handle.fd === pipe.fd}, ${socket.readyState}`);
        socket.write("hi");
      });
      log.push(`connecting ${socket.connecting}, ${socket.readyState}`);
      const [hadError] = await closed;
      log.push(`close ${hadError}`);
      await closeServer(server);
      seen[name] = log;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(seen["wasm-net"], seen["node:net"]);
  assert.deepEqual(seen["node:net"], [
    "connecting true, opening", "connect, same fd true, open", "server data hi", "client data bye", "client end", "close false",
  ]);
});

// node:net's socket then emits no 'close' (its destroy closes the closed handle again, and that
// callback never runs), or 'close' with no argument once _handle is null (it has no handle).
test("_handle.close() closes beneath the socket, which is not told; a write then fails in 'error' (EBADF, or ERR_SOCKET_CLOSED once _handle is null); as node:net", async () => {
  const seen = {};
  for (const [name, impl] of [["node:net", nodeNet], ["wasm-net", net]]) {
    for (const forget of [false, true]) {
      const log = [];
      let peerClosed;
      const server = impl.createServer((peer) => {
        peer.on("end", () => { log.push("peer end"); peer.destroy(); });
        peerClosed = once(peer, "close");
      });
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      const socket = impl.connect(server.address().port, "127.0.0.1");
      await once(socket, "connect");
      const failed = new Promise((resolve) => socket.on("error", resolve));
      socket.on("error", (error) => log.push(`error ${error.code} ${error.message} ${error.syscall}`));
      socket.on("close", (hadError) => log.push(`close ${hadError}`));
      socket._handle.close(() => log.push("handle close callback"));
      if (forget) socket._handle = null;
      log.push(`destroyed ${socket.destroyed}`);
      socket.write("after", (error) => log.push(`write callback ${error?.code}`));
      await failed;
      await peerClosed;
      await new Promise((resolve) => setTimeout(resolve, 50)); // a 'close' that comes has come by now
      seen[`${name}${forget ? ", _handle = null" : ""}`] = log;
      await closeServer(server);
    }
  }
  // node:net emits 'close' once libuv has closed the handle, which was closed beneath it already:
  // never, here (wasm-net the same); with _handle = null it has no handle, and closes next tick
  const handle = ["destroyed false", "write callback EBADF", "error EBADF write EBADF write", "handle close callback", "peer end"];
  assert.deepEqual(seen["node:net"], handle);
  assert.deepEqual(seen["wasm-net"], handle);
  const none = ["destroyed false", "write callback ERR_SOCKET_CLOSED", "error ERR_SOCKET_CLOSED Socket is closed undefined", "close undefined", "handle close callback", "peer end"];
  assert.deepEqual(seen["node:net, _handle = null"], none);
  assert.deepEqual(seen["wasm-net, _handle = null"], none);
});

test("child.send(message, socket) is refused with node:net's ERR_INVALID_HANDLE_TYPE; the socket goes on working", async () => {
  const { fork } = await import("node:child_process");
  const child = fork(new URL("fixtures/child-receiver.cjs", import.meta.url), { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const server = net.createServer((socket) => socket.pipe(socket));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const accepted = once(server, "connection");
  const client = net.connect(server.address().port, "127.0.0.1");
  await once(client, "connect");
  const [serverSide] = await accepted;
  for (const socket of [client, serverSide]) {
    assert.throws(() => child.send("take it", socket), { name: "TypeError", code: "ERR_INVALID_HANDLE_TYPE", message: "This handle type cannot be sent" });
  }
  child.send("plain");
  const [report] = await once(child, "message");
  assert.deepEqual(report, { message: "plain", withHandle: false }); // nothing was sent before it
  client.write("still here");
  const [echo] = await once(client, "data");
  assert.equal(echo.toString(), "still here");
  child.kill();
  client.destroy();
  await closeServer(server);
});

test("a server's _handle, _connectionKey and option fields: as node:net's before, while and after listening", async () => {
  const seen = {};
  for (const [name, impl] of [["node:net", nodeNet], ["wasm-net", net]]) {
    const server = impl.createServer({ noDelay: true, keepAlive: true, keepAliveInitialDelay: 2500 });
    const states = { before: server._handle, fields: [server.noDelay, server.keepAlive, server.keepAliveInitialDelay] };
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    states.listening = typeof server._handle?.onconnection;
    states.key = server._connectionKey;
    await closeServer(server);
    states.closed = server._handle;
    seen[name] = states;
  }
  assert.deepEqual(seen["wasm-net"], seen["node:net"]);
  assert.deepEqual(seen["node:net"], { before: null, fields: [true, true, 2], listening: "function", key: "4:127.0.0.1:0", closed: null });
});

test("the socket options go through _handle's setNoDelay/setKeepAlive, as node:net's (code may watch them)", async () => {
  const seen = {};
  for (const [name, impl] of [["node:net", nodeNet], ["wasm-net", net]]) {
    const server = impl.createServer((socket) => socket.end());
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const calls = [];
    const client = impl.connect({ port: server.address().port, host: "127.0.0.1", noDelay: true, keepAlive: true, keepAliveInitialDelay: 3000 });
    const handle = client._handle;
    handle.setNoDelay = (on) => calls.push(["noDelay", on]);
    handle.setKeepAlive = (on, seconds) => calls.push(["keepAlive", on, seconds]);
    await once(client, "connect");
    client.setNoDelay(true); // unchanged: no call
    client.setNoDelay(false);
    client.setKeepAlive(true, 3000); // unchanged: no call
    client.setKeepAlive(false);
    client.resume();
    await once(client, "close");
    seen[name] = calls;
    await closeServer(server);
  }
  assert.deepEqual(seen["wasm-net"], seen["node:net"]);
  assert.deepEqual(seen["node:net"], [["noDelay", true], ["keepAlive", true, 3], ["noDelay", false], ["keepAlive", false, 0]]);
});

test("net._normalizeArgs is node:net's, and connect() takes what it answers", async () => {
  assert.equal(net._normalizeArgs, nodeNet._normalizeArgs);
  const server = net.createServer((socket) => socket.end("hi"));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const connected = [];
  const socket = new net.Socket();
  socket.connect(net._normalizeArgs([server.address().port, "127.0.0.1", () => connected.push(true)]));
  socket.setEncoding("latin1");
  let text = "";
  socket.on("data", (chunk) => { text += chunk; });
  await once(socket, "close");
  assert.deepEqual([connected, text], [[true], "hi"]);
  await closeServer(server);
});
