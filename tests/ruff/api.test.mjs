// The Ruff bundles in the Ruff-compatible runtime, against Node peers over loopback: the
// net-api.txt examples, 16 MiB echoed with backpressure, errors shaped as node:net's, isIP
// agreeing with node:net, and Ruff Lite's API.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as net from "node:net";
import { once } from "node:events";
import { installBundle, runRuff } from "./ruff.mjs";

const full = installBundle("ruff");
const lite = installBundle("ruff-lite");

/** Starts the echo example on `where` (a port or a path); resolves once it printed its address. */
async function startEcho(dir, where) {
  const run = runRuff(dir, "echo-server.js", [where]);
  const [, address] = await run.line(/server bound (.*)\n/);
  return { run, address: JSON.parse(address) };
}

/** Connects to the echo server, checks its greeting, sends `payload` in writes that honour
 *  backpressure, half-closes, and resolves with every byte echoed back. */
async function echoThrough(target, payload) {
  const socket = net.connect(target);
  const chunks = [];
  socket.on("data", (d) => chunks.push(d));
  await once(socket, "connect");
  for (let at = 0; at < payload.length; at += 65536) {
    if (!socket.write(payload.subarray(at, at + 65536))) await once(socket, "drain");
  }
  socket.end();
  await once(socket, "close");
  const all = Buffer.concat(chunks);
  assert.equal(all.subarray(0, 7).toString(), "hello\r\n");
  return all.subarray(7);
}

const sha = (bytes) => createHash("sha256").update(bytes).digest("hex");

test("the echo example on a port: greeting, echo, 'end', and server.address() as node:net gives it", async () => {
  const { run, address } = await startEcho(full, 0);
  const reference = net.createServer().listen(0);
  await once(reference, "listening");
  const { family, address: host } = reference.address();
  reference.close();
  assert.deepEqual({ family: address.family, address: address.address }, { family, address: host });
  const echoed = await echoThrough({ port: address.port, host: "127.0.0.1" }, Buffer.from("world!\r\n"));
  assert.equal(echoed.toString(), "world!\r\n");
  run.child.kill();
  const { stdout } = await run.output();
  assert.match(stdout, /client connected\n[^]*client disconnected\n/);
});

test("16 MiB of random bytes echoed intact through the Ruff bundle, with backpressure", { timeout: 180_000 }, async () => {
  const { run, address } = await startEcho(full, 0);
  const payload = randomBytes(16 * 1024 * 1024);
  const echoed = await echoThrough({ port: address.port, host: "127.0.0.1" }, payload);
  assert.equal(echoed.length, payload.length);
  assert.equal(sha(echoed), sha(payload));
  run.child.kill();
});

test("the echo example on a unix socket, and the client example against a Node server", async () => {
  const path = join(tmpdir(), `wasm-net-ruff-${process.pid}.sock`);
  const { run, address } = await startEcho(full, path);
  assert.equal(address, path);
  const echoed = await echoThrough({ path }, Buffer.from("over a unix socket"));
  assert.equal(echoed.toString(), "over a unix socket");
  run.child.kill();

  const server = net.createServer((c) => c.on("data", (d) => c.write(`node got ${d}`)));
  await once(server.listen(0, "127.0.0.1"), "listening");
  const client = runRuff(full, "client.js", [server.address().port]);
  const { stdout, code } = await client.output();
  server.close();
  assert.equal(code, 0);
  assert.equal(stdout, "connected to server!\nnode got world!\r\n\ndisconnected from server\n");
});

/** node:net's own error for the same failure, to compare field by field. */
function errorFields(e) {
  return { code: e.code, errno: e.errno, syscall: e.syscall, address: e.address, port: e.port, message: e.message };
}

test("EADDRINUSE: the retry example gets node:net's error, then binds once the port is free", async () => {
  const holder = net.createServer();
  await once(holder.listen(0, "127.0.0.1"), "listening");
  const { port } = holder.address();
  const second = net.createServer().listen(port, "127.0.0.1");
  const [nodeError] = await once(second, "error");
  const run = runRuff(full, "retry.js", [port]);
  try {
    const [, seen] = await run.line(/Address in use, retrying\.\.\. (.*)\n/);
    assert.deepEqual(JSON.parse(seen), errorFields(nodeError));
  } finally {
    holder.close(); // also when the script failed: an open server keeps the file alive
  }
  await run.line(/server bound /);
  const reply = net.connect(port, "127.0.0.1");
  const [data] = await once(reply, "data");
  assert.match(data.toString(), /^bound after \d+ retries\n$/);
  run.child.kill();
});

test("a refused connect gives node:net's error, then close(true)", async () => {
  const probe = net.createServer();
  await once(probe.listen(0, "127.0.0.1"), "listening");
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  const nodeSocket = net.connect(port, "127.0.0.1");
  const [nodeError] = await once(nodeSocket, "error");
  const { stdout } = await runRuff(full, "refused.js", [port]).output();
  const [errorLine, closeLine] = stdout.trim().split("\n");
  assert.deepEqual(JSON.parse(errorLine.replace(/^error /, "")), errorFields(nodeError));
  assert.equal(closeLine, "close true");
});

test("isIP, isIPv4 and isIPv6 agree with node:net on every address vector", async () => {
  const inputs = JSON.parse(readFileSync(new URL("../vectors/addresses.json", import.meta.url))).cases.map((c) => c.input);
  const file = join(tmpdir(), `wasm-net-isip-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ inputs }));
  const { stdout, code, stderr } = await runRuff(full, "isip.js", [file]).output();
  assert.equal(code, 0, stderr);
  const answers = JSON.parse(stdout);
  const wrong = inputs.filter((input, i) => JSON.stringify(answers[i]) !== JSON.stringify([net.isIP(input), net.isIPv4(input), net.isIPv6(input)]));
  assert.equal(answers.length, inputs.length);
  assert.deepEqual(wrong, []);
});

test("Ruff Lite: Lite's API works end to end, and listen(port, host)/connect(port, host) as Ruff Lite's own net takes them", async () => {
  const { stdout, code, stderr } = await runRuff(lite, "lite-api.js").output();
  assert.equal(code, 0, stderr);
  const lines = stdout.trim().split("\n");
  assert.equal(lines[0], "exports Server,Socket,Stream,connect,createConnection,createServer");
  assert.equal(lines[1], "listening IPv4 true");
  for (const line of ["connect localPort true", "connections 1 1", "server wrote 4", "client wrote", "client data ping",
    "server end", "client end", "server socket close false", "client close false", "server close",
    "positional connect", "positional data positional"]) {
    assert.ok(lines.includes(line), `missing "${line}" in:\n${stdout}`);
  }
  assert.ok(lines.indexOf("client data ping") < lines.indexOf("server end"));
  assert.ok(lines.indexOf("server socket close false") < lines.indexOf("server close"));
});

test("connect through dns.lookup ('localhost' by default, with 'lookup'), a name that fails as node:net's does, and setEncoding across a split character", async () => {
  const server = net.createServer((c) => {
    const euro = Buffer.from("price: 5€ ok");
    c.write(euro.subarray(0, 9)); // splits the 3-byte '€'
    setTimeout(() => c.end(euro.subarray(9)), 50);
  });
  await once(server.listen(0, "127.0.0.1"), "listening");
  const { stdout, code, stderr } = await runRuff(full, "lookup-encoding.js", [server.address().port]).output();
  const nodeBad = net.connect(server.address().port, "no-such-host.invalid");
  const [nodeError] = await once(nodeBad, "error"); // ENOTFOUND, or EAI_AGAIN where DNS is unreachable
  server.close();
  assert.equal(code, 0, stderr);
  const lines = stdout.trim().split("\n");
  assert.equal(lines[0], 'lookup [null,"127.0.0.1",4,"localhost"]');
  assert.ok(lines.includes("text price: 5€ ok"), stdout);
  assert.ok(lines.every((l) => !l.startsWith("chunk ") || l.startsWith("chunk string")), stdout);
  const bad = lines.find((l) => l.startsWith("bad error "));
  assert.ok(bad, stdout);
  const { code: c, syscall, hostname, message } = nodeError;
  assert.deepEqual(JSON.parse(bad.slice("bad error ".length)), { code: c, syscall, hostname, message });
  assert.ok(lines.includes(`bad lookup ${c}`) && lines.includes("bad close true"), stdout);
});

/** What the adopted.js script printed for `new Socket({ fd: 3, ...options })` over a socket pair
 *  whose other end sends `send` (then its FIN) and collects what comes back. */
async function adopted(dir, options, send) {
  const run = runRuff(dir, "adopted.js", [JSON.stringify(options)], { extraPipe: true });
  const pipe = run.child.stdio[3];
  pipe.end(send);
  let received = "";
  for await (const chunk of pipe) received += chunk;
  const { stdout, stderr, code } = await run.output();
  assert.equal(code, 0, stderr);
  return { events: stdout.trim().split("\n"), received };
}

test("new Socket({ fd, readable: true, writable: false }) reads, sends no FIN, and the peer's end closes it (both bundles)", async () => {
  for (const dir of [full, lite]) {
    assert.deepEqual(await adopted(dir, { readable: true, writable: false }, "from the parent"),
      { events: ["state readOnly", "data from the parent", "end", "close"], received: "" });
  }
});

test("new Socket({ fd, readable: false, writable: true }) reads nothing, and its own end finishes and closes it (both bundles)", async () => {
  for (const dir of [full, lite]) {
    assert.deepEqual(await adopted(dir, { readable: false, writable: true }, ""),
      { events: ["state writeOnly", "finish", "close"], received: "from the child" });
  }
});
