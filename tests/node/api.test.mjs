// The net API's forms on the Node host, as net-api.txt and Node document them.
import { test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import { once } from "node:events";
import { createRequire } from "node:module";
import { kernelOptions } from "../libs/sockopt.mjs";

const require = createRequire(import.meta.url);
const net = require("../../build/out/node/index.cjs");

const closeServer = (server) => new Promise((resolve) => server.close(() => resolve()));

async function echoOnce(port, host) {
  const c = host === undefined ? net.connect(port) : net.connect(port, host);
  c.end("x");
  let text = "";
  for await (const chunk of c) text += chunk;
  return text;
}

test("require, import and the package root give the same module", async () => {
  const esm = await import("../../build/out/node/index.mjs");
  assert.equal(esm.default, net);
  assert.equal(esm.createServer, net.createServer);
  assert.equal(require("../.."), net);
  assert.equal(require("wasm-net"), net); // by name, through package.json "exports"
  assert.equal((await import("wasm-net")).default, net);
  assert.equal((await import("wasm-net")).connect, net.connect);
  for (const name of ["createServer", "connect", "createConnection", "Server", "Socket", "Stream", "isIP", "isIPv4", "isIPv6", "BlockList", "SocketAddress"]) {
    assert.equal(typeof net[name], "function", name);
  }
});

test("listen(port, host, backlog, cb), listen(options, cb), listen(cb) on a random port", async () => {
  for (const listen of [
    (s, cb) => s.listen(0, "127.0.0.1", 511, cb),
    (s, cb) => s.listen({ port: 0, host: "127.0.0.1", backlog: 10 }, cb),
    (s, cb) => s.listen(cb),
    (s, cb) => s.listen("0", cb),
  ]) {
    const server = net.createServer((c) => c.pipe(c));
    await new Promise((resolve) => listen(server, resolve));
    const { port } = server.address();
    assert.ok(port > 0);
    assert.equal(server.listening, true);
    assert.equal(await echoOnce(port, "127.0.0.1"), "x");
    await closeServer(server);
    assert.equal(server.address(), null);
  }
});

test("listen() without a host takes :: when IPv6 is there, and answers on both families", async () => {
  const server = net.createServer((c) => c.pipe(c));
  await new Promise((resolve) => server.listen(0, resolve));
  const { address, family, port } = server.address();
  assert.ok((address === "::" && family === "IPv6") || (address === "0.0.0.0" && family === "IPv4"));
  assert.equal(await echoOnce(port, "127.0.0.1"), "x");
  if (family === "IPv6") assert.equal(await echoOnce(port, "::1"), "x");
  await closeServer(server);
});

test("listen(handle) on another server's handle", async () => {
  const holder = nodeNet.createServer();
  await new Promise((resolve) => holder.listen(0, "127.0.0.1", resolve));
  const server = net.createServer((c) => c.pipe(c));
  await new Promise((resolve) => server.listen(holder._handle, resolve));
  assert.equal(await echoOnce(holder.address().port, "127.0.0.1"), "x");
  await closeServer(server);
  holder.close();
});

test("connect forms: (options, cb), (port, host, cb), (port), createConnection; 'localhost' default", async () => {
  const server = net.createServer((c) => c.pipe(c));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  const forms = [
    (cb) => net.connect({ port, host: "127.0.0.1" }, cb),
    (cb) => net.connect(port, "127.0.0.1", cb),
    (cb) => net.createConnection(port, cb),
    (cb) => new net.Socket().connect({ port }, cb),
    (cb) => new net.Socket().connect(port, cb),
  ];
  for (const form of forms) {
    let connected = false;
    const c = form(() => { connected = true; });
    const events = [];
    c.on("lookup", (err, address, family) => events.push(`lookup ${err} ${address} ${family}`));
    await once(c, "connect");
    assert.equal(connected, true);
    assert.equal(c.remotePort, port);
    c.destroy();
    await once(c, "close");
  }
  await closeServer(server);
});

test("connect with localAddress and localPort binds the local end", async () => {
  const server = net.createServer((c) => c.end());
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const free = nodeNet.createServer();
  await new Promise((resolve) => free.listen(0, "127.0.0.1", resolve));
  const localPort = free.address().port;
  await closeServer(free);
  const c = net.connect({ port: server.address().port, host: "127.0.0.1", localAddress: "127.0.0.1", localPort });
  await once(c, "connect");
  assert.deepEqual([c.localAddress, c.localPort], ["127.0.0.1", localPort]);
  assert.deepEqual(c.address(), { address: "127.0.0.1", family: "IPv4", port: localPort });
  c.resume();
  await once(c, "close");
  await closeServer(server);
});

test("lookup: the custom function, then the 'lookup' event and 'connect', exactly as node:net", async () => {
  const run = (module, extra) => new Promise((resolve) => {
    const server = module.createServer((c) => c.destroy());
    server.listen(0, "127.0.0.1", () => {
      const events = [];
      const lookup = (host, options, cb) => {
        events.push(`lookup(${host}, all=${Boolean(options.all)})`);
        if (options.all) cb(null, [{ address: "127.0.0.1", family: 4 }]);
        else cb(null, "127.0.0.1", 4);
      };
      const c = module.connect({ port: server.address().port, host: "example.invalid", lookup, ...extra });
      c.on("lookup", (err, address, family, host) => events.push(`event ${err} ${address} ${family} ${host}`));
      c.on("connect", () => events.push("connect"));
      c.resume();
      c.on("close", () => server.close(() => resolve(events)));
    });
  });
  for (const extra of [{}, { autoSelectFamily: false }]) {
    const expected = await run(nodeNet, extra);
    assert.ok(expected.includes("connect"));
    assert.deepEqual(await run(net, extra), expected, JSON.stringify(extra));
  }
});

test("a refused connection's error has Node's fields", async () => {
  const probe = nodeNet.createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await closeServer(probe);
  const c = net.connect(port, "127.0.0.1");
  const [error] = await once(c, "error");
  assert.equal(error.code, "ECONNREFUSED");
  assert.equal(error.syscall, "connect");
  assert.equal(error.address, "127.0.0.1");
  assert.equal(error.port, port);
  assert.equal(typeof error.errno, "number");
  assert.ok(error.errno < 0);
});

test("EADDRINUSE has code, errno, syscall, address and port; the server can retry", async () => {
  const holder = nodeNet.createServer();
  await new Promise((resolve) => holder.listen(0, "127.0.0.1", resolve));
  const port = holder.address().port;
  const server = net.createServer();
  server.listen(port, "127.0.0.1");
  const [error] = await once(server, "error");
  assert.deepEqual(
    { code: error.code, syscall: error.syscall, address: error.address, port: error.port, errnoIsNumber: typeof error.errno === "number" },
    { code: "EADDRINUSE", syscall: "listen", address: "127.0.0.1", port, errnoIsNumber: true },
  );
  holder.close();
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  assert.equal(server.address().port, port);
  await closeServer(server);
});

test("an accepted socket knows both ends, as the client sees them reversed", async () => {
  let serverView;
  const server = net.createServer((c) => {
    serverView = { remoteAddress: c.remoteAddress, remotePort: c.remotePort, remoteFamily: c.remoteFamily,
      localAddress: c.localAddress, localPort: c.localPort, address: c.address() };
    assert.equal(c.setNoDelay(true), c);
    assert.equal(c.setKeepAlive(true, 1000), c);
    c.end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const c = net.connect(server.address().port, "127.0.0.1");
  await once(c, "connect");
  const clientPort = c.localPort;
  c.resume();
  await once(c, "close");
  assert.deepEqual(serverView, {
    remoteAddress: "127.0.0.1", remotePort: clientPort, remoteFamily: "IPv4",
    localAddress: "127.0.0.1", localPort: server.address().port,
    address: { address: "127.0.0.1", family: "IPv4", port: server.address().port },
  });
  await closeServer(server);
});

test("getConnections, connections and maxConnections", async () => {
  const accepted = [];
  const server = net.createServer((c) => accepted.push(c));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const a = net.connect(server.address().port, "127.0.0.1");
  const b = net.connect(server.address().port, "127.0.0.1");
  await Promise.all([once(a, "connect"), once(b, "connect")]);
  while (accepted.length < 2) await new Promise((r) => setTimeout(r, 5));
  assert.equal(server.connections, 2);
  const [err, count] = await new Promise((resolve) => server.getConnections((...args) => resolve(args)));
  assert.equal(err, null);
  assert.equal(count, 2);
  server.maxConnections = 2;
  assert.equal(server.maxConnections, 2);
  const c = net.connect(server.address().port, "127.0.0.1");
  c.resume();
  c.on("error", () => {});
  await Promise.all([once(c, "close"), once(server, "drop")]);
  assert.equal(server.connections, 2);
  a.destroy();
  b.destroy();
  await closeServer(server);
  assert.equal(server.connections, 0);
});

test("pauseOnConnect: no data until resume()", async () => {
  let serverSide;
  const server = net.createServer({ pauseOnConnect: true }, (c) => { serverSide = c; });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const c = net.connect(server.address().port, "127.0.0.1", () => c.write("early"));
  while (!serverSide) await new Promise((r) => setTimeout(r, 5));
  const got = [];
  serverSide.on("data", (d) => got.push(String(d)));
  serverSide.pause();
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(got, []);
  assert.equal(serverSide.bytesRead, 0);
  serverSide.resume();
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(got, ["early"]);
  c.destroy();
  await closeServer(server);
});

/** A client's events around a second connect(), made while connecting or once connected. (The
 *  server's side is not compared: whether it accepts the first connection before the client's
 *  EALREADY closes it is a race, on node:net too.) */
async function connectAgain(impl, when) {
  const log = [];
  const server = nodeNet.createServer((c) => { c.on("error", () => {}); c.resume(); });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  const c = impl.connect(port, "127.0.0.1", () => { log.push(`connect ${c.readyState}`); if (when === "connected") again(); });
  c.on("ready", () => log.push("ready"));
  c.on("error", (e) => log.push(`error ${e.code} ${e.syscall}`));
  const closed = new Promise((resolve) => c.on("close", (hadError) => { log.push(`close ${hadError}`); resolve(); }));
  const again = () => {
    c.connect(port, "127.0.0.1", () => log.push("second connect's callback"));
    log.push(`connecting ${c.connecting} ${c.readyState}`);
  };
  if (when === "connecting") again(); // (then the platform's EALREADY closes it)
  else {
    await once(c, "ready");
    await once(c, "ready"); // the second connect's
    c.destroy();
  }
  await closed;
  await closeServer(server);
  return log;
}

test("connect() on a socket that is connecting or connected connects again, as node:net: EALREADY while connecting, a second 'connect' once connected", async () => {
  for (const when of ["connecting", "connected"]) {
    assert.deepEqual(await connectAgain(net, when), await connectAgain(nodeNet, when), when);
  }
  assert.deepEqual(await connectAgain(nodeNet, "connecting"), ["connecting true opening", "error EALREADY connect", "close true"]);
});

// node:net tries it on the connection's handle and fails with 'error' EISCONN; ours refuses at
// once (a server's connection has no transport the host could connect).
test("connect() on a server's connection throws ERR_SOCKET_CONNECTING; the connection goes on", async () => {
  const server = net.createServer((s) => {
    assert.throws(() => s.connect(1, "127.0.0.1"), { code: "ERR_SOCKET_CONNECTING" });
    s.end("still here");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const c = nodeNet.connect(server.address().port, "127.0.0.1");
  let text = "";
  for await (const chunk of c) text += chunk;
  assert.equal(text, "still here");
  await closeServer(server);
});

test("readyState, pending and connecting through a connection's life", async () => {
  const server = net.createServer((c) => c.resume());
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const c = net.connect(server.address().port, "127.0.0.1");
  assert.deepEqual([c.readyState, c.pending, c.connecting], ["opening", true, true]);
  await once(c, "connect");
  assert.deepEqual([c.readyState, c.pending, c.connecting], ["open", false, false]);
  c.end();
  assert.equal(c.readyState, "readOnly");
  c.resume();
  await once(c, "close");
  assert.equal(c.readyState, "closed");
  await closeServer(server);
});

test("setNoDelay and setKeepAlive reach the kernel; they, ref and unref return the socket; a server can be unref'd", async () => {
  const server = net.createServer((c) => c.resume());
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const c = net.connect(server.address().port, "127.0.0.1");
  await once(c, "connect");
  const before = kernelOptions(c.localPort, server.address().port);
  assert.equal(c.setNoDelay(true), c);
  assert.equal(c.setKeepAlive(true, 30000), c);
  // read back from the socket itself (getsockopt on a copy of its descriptor)
  assert.deepEqual(before, { nodelay: 0, keepalive: 0, keepidle: 7200 });
  assert.deepEqual(kernelOptions(c.localPort, server.address().port), { nodelay: 1, keepalive: 1, keepidle: 30 });
  c.setNoDelay(false);
  assert.equal(kernelOptions(c.localPort, server.address().port).nodelay, 0);
  assert.equal(c.unref(), c);
  assert.equal(c.ref(), c);
  assert.equal(server.unref(), server);
  assert.equal(server.ref(), server);
  c.destroy();
  await closeServer(server);
});

test("new Socket({ fd }) adopts an open descriptor (a child's extra stdio pipe)", async () => {
  // libuv refuses a descriptor this process already watches, so the fd comes from a child:
  // its fd 3 is one end of a socket pair, which the child echoes through wasm-net.
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, ["-e", `
    const net = require(${JSON.stringify(require.resolve("../../build/out/node/index.cjs"))});
    const s = new net.Socket({ fd: 3, readable: true, writable: true });
    s.on("data", (d) => s.write(String(d).toUpperCase()));
    s.on("end", () => s.end());
  `], { stdio: ["ignore", "inherit", "inherit", "pipe"] });
  const pipe = child.stdio[3];
  pipe.end("over an fd");
  let text = "";
  for await (const chunk of pipe) text += chunk;
  assert.equal(text, "OVER AN FD");
  await once(child, "exit");
});

test("a write the core cannot queue (over 256 MiB) throws ENOBUFS and loses nothing queued before it", async () => {
  const server = nodeNet.createServer((c) => c.resume());
  await once(server.listen(0, "127.0.0.1"), "listening");
  const socket = net.connect(server.address().port, "127.0.0.1"); // connecting: every write queues
  socket.write("first ");
  assert.throws(() => socket.write(Buffer.alloc((256 << 20) + 1)), { code: "ENOBUFS" });
  assert.equal(socket.writableLength, 6);
  socket.end("last", () => {});
  await once(socket, "close");
  assert.equal(socket.bytesWritten, 10);
  server.close();
});

test("in its 'end' listener a socket without allowHalfOpen is still writable ('writeOnly'), as on node:net", async () => {
  const states = {};
  for (const [name, impl] of [["node", nodeNet], ["wasm", net]]) {
    states[name] = await new Promise((resolve) => {
      const server = impl.createServer((c) => {
        c.on("end", () => { resolve([c.readyState, c.writable]); server.close(); });
        c.resume();
      }).listen(0, "127.0.0.1", () => {
        const s = nodeNet.connect(server.address().port, "127.0.0.1", () => s.end());
        s.resume();
      });
    });
  }
  assert.deepEqual(states.wasm, states.node);
  assert.deepEqual(states.node, ["writeOnly", true]);
});

/** What a child saw of `new Socket({ fd: 3, ...options })` over one end of a socket pair, on
 *  node:net or on wasm-net, while `peer` (the parent's end) plays its part. */
async function adoptedSocketEvents(impl, options, peer, { tryWrite = false } = {}) {
  const { spawn } = await import("node:child_process");
  const module = impl === "node" ? "node:net" : require.resolve("../../build/out/node/index.cjs");
  const child = spawn(process.execPath, ["-e", `
    const net = require(${JSON.stringify(module)});
    const events = [];
    const s = new net.Socket({ fd: 3, ...${JSON.stringify(options)} });
    events.push("state " + s.readyState + " readable " + s.readable + " writable " + s.writable);
    s.on("data", (d) => events.push("data " + d));
    s.on("end", () => events.push("end"));
    s.on("finish", () => events.push("finish"));
    s.on("error", (e) => events.push("error " + e.code));
    s.on("close", () => { events.push("close"); process.stdout.write(JSON.stringify(events)); });
    if (s.writable) s.end("from the child");
    else if (${tryWrite}) s.write("refused", (e) => events.push("write callback " + (e && e.code)));
    s.resume();
  `], { stdio: ["ignore", "pipe", "inherit", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => { out += d; });
  const received = await peer(child.stdio[3]);
  await once(child, "exit");
  return { child: JSON.parse(out || "[]"), received };
}

/** The parent's end: sends `text` (then its FIN) and collects what comes back. */
const sendAndRead = (text) => async (pipe) => {
  pipe.end(text);
  let received = "";
  for await (const chunk of pipe) received += chunk;
  return received;
};

test("new Socket({ fd, writable: false }): reads, and the peer's end closes it (no FIN of its own), as on node:net", async () => {
  const seen = {};
  for (const impl of ["node", "wasm"]) seen[impl] = await adoptedSocketEvents(impl, { writable: false }, sendAndRead("from the parent"));
  assert.deepEqual(seen.wasm, seen.node);
  assert.deepEqual(seen.node, { child: ["state readOnly readable true writable false", "data from the parent", "end", "close"], received: "" });
});

test("new Socket({ fd, writable: false }): a write is refused as after end() and destroys it, as on node:net", async () => {
  const seen = {};
  const peer = async (pipe) => {
    pipe.on("error", () => {}); // (the child's socket may close with our bytes unread: a reset)
    await once(pipe, "close");
    return "closed";
  };
  for (const impl of ["node", "wasm"]) seen[impl] = await adoptedSocketEvents(impl, { writable: false }, peer, { tryWrite: true });
  assert.deepEqual(seen.wasm, seen.node);
  assert.deepEqual(seen.node.child, ["state readOnly readable true writable false", "write callback ERR_STREAM_WRITE_AFTER_END", "error ERR_STREAM_WRITE_AFTER_END", "close"]);
});

test("new Socket({ fd, readable: false }): nothing read, its own end finishes and closes it, as on node:net", async () => {
  const seen = {};
  for (const impl of ["node", "wasm"]) {
    // the parent's bytes stay unread in the child: the parent only reads what the child sends
    seen[impl] = await adoptedSocketEvents(impl, { readable: false }, async (pipe) => {
      let received = "";
      for await (const chunk of pipe) received += chunk;
      return received;
    });
  }
  assert.deepEqual(seen.wasm, seen.node);
  assert.deepEqual(seen.node, { child: ["state writeOnly readable false writable true", "finish", "close"], received: "from the child" });
});

/** What `socket.timeout` shows through a socket's life on `net`. */
async function timeoutField(net) {
  const seen = [];
  const server = net.createServer((c) => c.resume());
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fresh = new net.Socket();
  seen.push(fresh.timeout);
  fresh.setTimeout(500);
  seen.push(fresh.timeout);
  fresh.setTimeout(0);
  seen.push(fresh.timeout);
  assert.throws(() => fresh.setTimeout(-1), { code: "ERR_OUT_OF_RANGE" });
  seen.push(fresh.timeout); // (set before the check, as node:net does)
  fresh.destroy();
  const c = net.connect({ port: server.address().port, host: "127.0.0.1", timeout: 1234 });
  seen.push(c.timeout);
  await once(c, "connect");
  c.destroy();
  await once(c, "close");
  c.setTimeout("not a number"); // a destroyed socket ignores the call
  seen.push(c.timeout);
  await closeServer(server);
  return seen;
}

test("socket.timeout shows what setTimeout() or the timeout option gave, as node:net's (http's Agent reads it)", async () => {
  const expected = [undefined, 500, 0, -1, 1234, 1234];
  assert.deepEqual(await timeoutField(nodeNet), expected);
  assert.deepEqual(await timeoutField(net), expected);
});

test("BlockList and SocketAddress are node:net's: a server filters its connections' addresses", async () => {
  assert.equal(net.BlockList, nodeNet.BlockList);
  assert.equal(net.SocketAddress, nodeNet.SocketAddress);
  const blocked = new net.BlockList();
  blocked.addSubnet("127.0.0.0", 8);
  const verdicts = [];
  const server = net.createServer((c) => {
    verdicts.push(blocked.check(c.remoteAddress, c.remoteFamily.toLowerCase()));
    c.destroy();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const c = net.connect(server.address().port, "127.0.0.1").on("error", () => {});
  await once(c, "close");
  await closeServer(server);
  assert.deepEqual(verdicts, [true]);
  const address = new net.SocketAddress({ address: "::1", port: 80, family: "ipv6" });
  assert.equal(blocked.check(address), false);
});
