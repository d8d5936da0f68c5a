// Wrong calls get the same error as node:net gives: class, code and message, compared live.
import { test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import { createRequire } from "node:module";

const wasmNet = createRequire(import.meta.url)("../../build/out/node/index.cjs");

/** What a call throws, reduced to what users see, or "no throw". */
function outcome(call) {
  try {
    const result = call();
    if (result && typeof result.on === "function") {
      result.on("error", () => {});
      if (typeof result.destroy === "function") result.destroy();
      if (typeof result.close === "function" && !result.destroy) result.close();
    }
    return "no throw";
  } catch (error) {
    return `${error.name} ${error.code}: ${error.message}`;
  }
}

const calls = {
  "connect() with no arguments": (net) => net.connect(),
  "connect({}) without port or path": (net) => net.connect({}),
  "connect(-1)": (net) => net.connect(-1),
  "connect(65536)": (net) => net.connect(65536),
  "connect(1.5)": (net) => net.connect(1.5),
  "connect(NaN)": (net) => net.connect(NaN),
  "connect({ port: '' })": (net) => net.connect({ port: "" }),
  "connect({ port: ' ' })": (net) => net.connect({ port: " " }),
  "connect({ port: true })": (net) => net.connect({ port: true }),
  "connect({ port: {} })": (net) => net.connect({ port: {} }),
  "connect({ port: 80, host: 5 })": (net) => net.connect({ port: 80, host: 5 }),
  "connect({ port: 80, lookup: 1 })": (net) => net.connect({ port: 80, lookup: 1 }),
  "connect({ port: 80, localPort: 'x' })": (net) => net.connect({ port: 80, localPort: "x" }),
  "createServer(5)": (net) => net.createServer(5),
  "createServer('x')": (net) => net.createServer("x"),
  "listen(-1)": (net) => net.createServer().listen(-1),
  "listen(65536)": (net) => net.createServer().listen(65536),
  "listen({ port: 1.5 })": (net) => net.createServer().listen({ port: 1.5 }),
  "listen({ port: -1 })": (net) => net.createServer().listen({ port: -1 }),
  "listen({})": (net) => net.createServer().listen({}),
  "listen({ host: 'localhost' })": (net) => net.createServer().listen({ host: "localhost" }),
  "listen(true)": (net) => net.createServer().listen(true),
  "listen twice": (net) => { const s = net.createServer().listen(0); try { s.listen(0); } finally { s.close(); } },
  "new Socket('x')": (net) => new net.Socket("x"),
  "socket.setTimeout('1')": (net) => new net.Socket().setTimeout("1"),
  "socket.setTimeout(-1)": (net) => new net.Socket().setTimeout(-1),
  "socket.setTimeout(Infinity)": (net) => new net.Socket().setTimeout(Infinity),
  "socket.setTimeout(1, 'cb')": (net) => new net.Socket().setTimeout(1, "cb"),
  "socket.write(5)": (net) => new net.Socket().write(5),
  "socket.write(null)": (net) => new net.Socket().write(null),
  "socket.write({})": (net) => new net.Socket().write({}),
  "server.close('cb')": (net) => net.createServer().close("cb"),
  "connect({ port: '80x' })": (net) => net.connect({ port: "80x" }),
  "connect({ port: 1e10 })": (net) => net.connect({ port: 1e10 }),
  "connect({ port: Infinity })": (net) => net.connect({ port: Infinity }),
  "connect({ port: -0.5 })": (net) => net.connect({ port: -0.5 }),
  "connect({ port: [] })": (net) => net.connect({ port: [] }),
  "connect({ port: null })": (net) => net.connect({ port: null }),
  "connect({ path: 5 })": (net) => net.connect({ path: 5 }),
  "connect({ port: 80, family: 5 })": (net) => net.connect({ port: 80, family: 5 }),
  "connect({ port: 80, localAddress: 5 })": (net) => net.connect({ port: 80, localAddress: 5 }),
  "connect({ port: 80, timeout: -1 })": (net) => net.connect({ port: 80, timeout: -1 }),
  "connect(80, 'host', 'not a function')": (net) => net.connect(80, "127.0.0.1", "x"),
  "createConnection(Symbol())": (net) => net.createConnection(Symbol("x")),
  "createServer({}, 5)": (net) => net.createServer({}, 5),
  "createServer(null)": (net) => net.createServer(null),
  "listen(NaN)": (net) => net.createServer().listen(NaN),
  "listen(Infinity)": (net) => net.createServer().listen(Infinity),
  "listen('-1')": (net) => net.createServer().listen("-1"),
  "listen({ port: 'x' })": (net) => net.createServer().listen({ port: "x" }),
  "listen({ port: null })": (net) => net.createServer().listen({ port: null }),
  "listen({ port: true })": (net) => net.createServer().listen({ port: true }),
  "listen({ port: 0, backlog: 'x' })": (net) => net.createServer().listen({ port: 0, backlog: "x" }),
  "listen(1e10)": (net) => net.createServer().listen(1e10),
  "listen(null, 'cb')": (net) => net.createServer().listen(null, "cb"),
  "listen(Symbol())": (net) => net.createServer().listen(Symbol("x")),
  "new Socket({ fd: 'x' })": (net) => new net.Socket({ fd: "x" }),
  "socket.setTimeout(NaN)": (net) => new net.Socket().setTimeout(NaN),
  "socket.setTimeout()": (net) => new net.Socket().setTimeout(),
  "socket.write('x', 'no-such-encoding')": (net) => new net.Socket().write("x", "no-such-encoding"),
  "socket.write(undefined)": (net) => new net.Socket().write(undefined),
  "socket.write(1n)": (net) => new net.Socket().write(1n),
  "socket.end(5)": (net) => new net.Socket().end(5),
  "server.getConnections('x')": (net) => net.createServer().getConnections("x"),
};

for (const [name, call] of Object.entries(calls)) {
  test(`same error as node:net: ${name}`, () => {
    assert.equal(outcome(() => call(wasmNet)), outcome(() => call(nodeNet)));
  });
}

test("isIP, isIPv4 and isIPv6 agree with node:net on odd inputs", () => {
  const inputs = ["127.0.0.1", "::1", "fe80::1%eth0", "", " 1.1.1.1", 0, null, undefined, {}, [], ["1.1.1.1"],
    { toString: () => "::ffff:1.2.3.4" }, 1.1, "1.1.1.01", "::1%", "1::2::3"];
  for (const input of inputs) {
    for (const fn of ["isIP", "isIPv4", "isIPv6"]) {
      assert.equal(wasmNet[fn](input), nodeNet[fn](input), `${fn}(${JSON.stringify(input)})`);
    }
  }
});
