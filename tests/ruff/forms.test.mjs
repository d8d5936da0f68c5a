// The call forms of net-api.txt that the examples do not make, on both Ruff bundles (Lite: the
// forms it has), against Node echo servers on a port and on a unix socket.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as net from "node:net";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installBundle, runRuff } from "./ruff.mjs";

async function echoServers() {
  const echo = (c) => c.pipe(c);
  const tcp = net.createServer(echo);
  await once(tcp.listen(0, "127.0.0.1"), "listening");
  const path = join(tmpdir(), `wasm-net-ruff-forms-${process.pid}-${Math.random().toString(36).slice(2)}.sock`);
  const unix = net.createServer(echo);
  await once(unix.listen(path), "listening");
  return { port: tcp.address().port, path, close: () => { tcp.close(); unix.close(); } };
}

/** forms.js on `bundle`; the servers close whatever happens (an open server keeps the file alive). */
async function runClosing(servers, bundle, args) {
  try {
    return await runRuff(installBundle(bundle), "forms.js", args).output();
  } finally {
    servers.close();
  }
}

const common = [
  "createConnection(options) createConnection(options) false",
  "socket.connect(path) socket.connect(path) false",
  "listen(handle) listen(handle) false",
  "getConnections null 0",
];

test("Ruff: createConnection and connect in every form, socket.connect(port|path), listen(handle), getConnections, write with an encoding, local address", async () => {
  const servers = await echoServers();
  const { stdout, code, stderr } = await runClosing(servers, "ruff", [servers.port, servers.path]);
  assert.equal(code, 0, stderr);
  assert.deepEqual(stdout.trim().split("\n"), [
    ...common,
    "localPort true localAddress 127.0.0.1",
    "write(hex) cb null",
    "echoed 195,169",
    "createConnection(port, host) createConnection(port, host) false",
    "createConnection(path) createConnection(path) false",
    "connect(path) connect(path) false",
    "socket.connect(port, host) socket.connect(port, host) false",
    "done",
  ]);
});

test("Ruff Lite: createConnection(options), socket.connect(path), listen(handle), getConnections, localPort", async () => {
  const servers = await echoServers();
  const { stdout, code, stderr } = await runClosing(servers, "ruff-lite", [servers.port, servers.path, "lite"]);
  assert.equal(code, 0, stderr);
  assert.deepEqual(stdout.trim().split("\n"), [...common, "localPort true", "write(hex) cb null", "echoed 195,169", "done"]);
});

for (const bundle of ["ruff", "ruff-lite"]) {
  test(`${bundle}: sockets and servers keep working with every name set by the user (issue 13)`, async () => {
    const { stdout, code, stderr } = await runRuff(installBundle(bundle), "user-names.js").output();
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), "echo hello, names false user's id user's id");
  });
}

for (const bundle of ["ruff", "ruff-lite"]) {
  test(`${bundle}: Server() and Socket() without new, and a socket that reconnects from its 'close' listener`, async () => {
    const { stdout, code, stderr } = await runRuff(installBundle(bundle), "reconnect.js").output();
    assert.equal(code, 0, stderr);
    assert.deepEqual(stdout.trim().split("\n"), ["instances true true", "life 0: hi 1", "life 1: hi 2", "life 2: hi 3", "done false"]);
  });
}
