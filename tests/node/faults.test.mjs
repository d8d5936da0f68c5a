// Faults from the network and the system, on the Node host, each run the same way on node:net
// and compared where the two can be: peer reset mid-write, the peer closing during
// backpressure, connection refused, EADDRINUSE, an idle timeout on a silent peer, accept
// when the process is out of file descriptors, a paused socket flooded by a fast peer (memory
// bounded by the high-water mark), and a server that got bad input serving on.
//
// The peer is always node:net; loopback only. Every wait has an end (test timeouts below).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import readline from "node:readline";
import nodeNet from "node:net";
import { wasmNet, hostCore } from "./host-with-core.mjs";

const IMPLS = { "node:net": nodeNet, "wasm-net": wasmNet };
/** The arguments of `emitter`'s next `name` event (unlike events.once, an 'error' does not reject). */
const once = (emitter, name) => new Promise((resolve) => emitter.once(name, (...args) => resolve(args)));
const TEST_TIMEOUT = { timeout: 30_000 };

/** A node:net server on a free loopback port; `onConnection(socket)` as in createServer. */
async function peerServer(onConnection) {
  const server = nodeNet.createServer(onConnection);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return server;
}

/** What a system error shows users, less what differs by run (the port number itself). */
const errorShape = (e, port) => ({
  name: e.name, code: e.code, errno: e.errno, syscall: e.syscall, address: e.address,
  port: e.port === port ? "PORT" : e.port, message: e.message.replace(String(port), "PORT"),
});

/** Counts each write callback's outcome and catches a callback called twice. */
function writeLedger() {
  const ledger = { ok: 0, failed: {}, twice: 0, order: [] };
  ledger.callback = () => {
    let called = false;
    return (error) => {
      if (called) { ledger.twice++; return; }
      called = true;
      ledger.order.push(error ? "failed" : "ok");
      if (error) ledger.failed[error.code] = (ledger.failed[error.code] ?? 0) + 1;
      else ledger.ok++;
    };
  };
  return ledger;
}

/** Records a client socket's events until 'close'. */
function watch(socket, log) {
  socket.on("end", () => log.push("end"));
  socket.on("finish", () => log.push("finish"));
  socket.on("timeout", () => log.push(`timeout (${socket.readyState})`));
  socket.on("error", (e) => log.push(`error ${e.code} ${e.syscall ?? ""}`.trim()));
  return once(socket, "close").then(([hadError]) => log.push(`close ${hadError}`));
}

// ---- a paused socket and a fast peer (first: the core's pool is still cold) ----

const CHUNK = 64 * 1024;

/** Polls `value()` until it has not changed for 10 polls in a row (at most 500 polls). */
async function settled(value) {
  let last = value(), still = 0;
  for (let i = 0; i < 500 && still < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = value();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return still >= 10;
}

async function flood(net) {
  const CAP = 256 * 1024 * 1024; // what an unbounded reader would take before the peer gives up
  let accepted = null;
  // no 'data' listener: the socket is paused, and reads only until it holds its mark
  const server = net.createServer((socket) => { accepted = socket; });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const coreBefore = hostCore.memory_reserved();
  const rssBefore = process.memoryUsage().rss;
  const sent = createHash("sha256");
  let offered = 0;
  let limit = CAP;
  const peer = nodeNet.connect(server.address().port, "127.0.0.1");
  await once(peer, "connect");
  const pump = () => {
    while (offered < limit) {
      const chunk = Buffer.alloc(CHUNK, offered / CHUNK);
      sent.update(chunk);
      offered += CHUNK;
      if (!peer.write(chunk)) return peer.once("drain", pump);
    }
    peer.end();
  };
  pump();
  const stalled = await settled(() => offered);
  for (let i = 0; i < 100 && !accepted; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const held = {
    stalled: stalled && offered < CAP,
    offered,
    bytesRead: accepted.bytesRead,
    core: hostCore.memory_reserved() - coreBefore,
    rss: process.memoryUsage().rss - rssBefore,
  };
  // then the reader takes everything, intact (the peer ends at its next 'drain')
  limit = offered;
  const received = createHash("sha256");
  let count = 0;
  accepted.on("data", (bytes) => { received.update(bytes); count += bytes.length; });
  accepted.resume();
  await once(accepted, "end");
  accepted.end();
  await once(accepted, "close");
  server.close();
  peer.destroy();
  return { held, intact: count === peer.bytesWritten && received.digest("hex") === sent.digest("hex"), count };
}

test("a paused socket flooded by a fast peer holds about one high-water mark, in the core and in RSS", TEST_TIMEOUT, async (t) => {
  const node = await flood(nodeNet);
  const wasm = await flood(wasmNet);
  t.diagnostic(`while paused: node:net ${JSON.stringify(node.held)}; wasm-net ${JSON.stringify(wasm.held)}`);
  for (const { held, intact } of [node, wasm]) {
    assert.ok(held.stalled, `the peer was never stopped: ${JSON.stringify(held)}`);
    assert.ok(intact, "the bytes delivered after resume are not the bytes the peer sent");
  }
  // the core reads until it holds readMark (16 KiB) bytes; one read may bring up to 64 KiB
  assert.ok(wasm.held.bytesRead <= 16384 + 65536, `read ${wasm.held.bytesRead} bytes while paused`);
  assert.ok(wasm.held.core <= 256 * 1024, `core memory grew ${wasm.held.core} bytes while paused`);
  // an unbounded reader would have taken the peer's 256 MiB
  assert.ok(wasm.held.rss <= 64 * 1024 * 1024, `RSS grew ${wasm.held.rss} bytes while paused`);
});

// ---- the peer resets or closes while our writes wait ----

async function resetMidWrite(net) {
  let received = 0;
  const peer = await peerServer((c) => {
    // reset once the first MiB is in, while most of the 16 MiB is still queued at the writer
    c.on("data", (bytes) => {
      received += bytes.length;
      if (received >= 1024 * 1024 && !c.destroyed) c.resetAndDestroy();
    });
  });
  const log = [];
  const ledger = writeLedger();
  const client = net.connect(peer.address().port, "127.0.0.1");
  const closed = watch(client, log);
  client.on("data", () => {});
  client.on("connect", () => {
    for (let i = 0; i < 256; i++) client.write(Buffer.alloc(CHUNK, i), ledger.callback());
  });
  await closed;
  await new Promise((resolve) => setImmediate(resolve)); // callbacks queued with 'close'
  peer.close();
  return { log, ledger };
}

test("peer reset mid-write: error ECONNRESET then close(true), as node:net; every write callback once", TEST_TIMEOUT, async (t) => {
  const node = await resetMidWrite(nodeNet);
  const wasm = await resetMidWrite(wasmNet);
  t.diagnostic(`write callbacks: node:net ${JSON.stringify({ ok: node.ledger.ok, failed: node.ledger.failed })}, ` +
    `wasm-net ${JSON.stringify({ ok: wasm.ledger.ok, failed: wasm.ledger.failed })}`);
  // The reset reaches whichever call meets it first: the read (usually) or a write sent in the
  // same turn ("write ECONNRESET"): a race in the kernel, not a rule, and the public-API
  // transport (node:net's own socket underneath) sees it wherever that socket does.
  const shape = (log) => log.map((line) => line.replace(/^error ECONNRESET (read|write)$/, "error ECONNRESET"));
  assert.deepEqual(shape(node.log), ["error ECONNRESET", "close true"], `node:net: ${node.log}`);
  assert.deepEqual(shape(wasm.log), shape(node.log), `wasm-net: ${wasm.log}`);
  for (const { ledger } of [node, wasm]) {
    assert.equal(ledger.order.length, 256, "a write callback was never called");
    assert.equal(ledger.twice, 0, "a write callback was called twice");
  }
  // node:net calls back the write the handle had with no error once the socket is destroyed
  // (stream_base_commons onWriteComplete); wasm-net fails every write that was not written.
  assert.ok(wasm.ledger.failed.ECONNRESET >= 1, `no write failed with ECONNRESET: ${JSON.stringify(wasm.ledger.failed)}`);
  assert.ok(wasm.ledger.order.indexOf("failed") >= wasm.ledger.order.lastIndexOf("ok"), "a write succeeded after one failed");
});

async function closeDuringBackpressure(net) {
  let peerSide = null;
  const peer = await peerServer((c) => {
    peerSide = c;
    c.pause(); // never reads: the writer's bytes pile up in the kernel, then in its own queue
    c.end(); //   the peer says it is done; it resets when it closes with our bytes unread
  });
  const log = [];
  const ledger = writeLedger();
  let falseAnswers = 0;
  const client = net.connect(peer.address().port, "127.0.0.1");
  const closed = watch(client, log);
  client.on("drain", () => log.push("drain"));
  client.on("data", () => {});
  client.on("end", () => peerSide.destroy());
  client.on("connect", () => {
    // 32 MiB: more than loopback's kernel buffers can hold, so writes really wait
    for (let i = 0; i < 512; i++) if (!client.write(Buffer.alloc(CHUNK, i), ledger.callback())) falseAnswers++;
  });
  await closed;
  await new Promise((resolve) => setImmediate(resolve));
  peer.close();
  return { log, ledger, falseAnswers };
}

test("peer closing during backpressure: end, EPIPE, close(true) as node:net; queued writes fail", TEST_TIMEOUT, async (t) => {
  const node = await closeDuringBackpressure(nodeNet);
  const wasm = await closeDuringBackpressure(wasmNet);
  t.diagnostic(`write callbacks: node:net ok ${node.ledger.ok} ${JSON.stringify(node.ledger.failed)}, wasm-net ok ${wasm.ledger.ok} ${JSON.stringify(wasm.ledger.failed)}`);
  assert.deepEqual(node.log, ["end", "error EPIPE write", "close true"]);
  assert.deepEqual(wasm.log, node.log);
  for (const { ledger, falseAnswers } of [node, wasm]) {
    assert.ok(falseAnswers > 0, "write() never answered false: there was no backpressure");
    assert.equal(ledger.order.length, 512, "a write callback was never called");
    assert.equal(ledger.twice, 0, "a write callback was called twice");
    assert.ok(ledger.failed.EPIPE >= 1, `no write failed with EPIPE: ${JSON.stringify(ledger.failed)}`);
    assert.ok(ledger.order.indexOf("failed") >= ledger.order.lastIndexOf("ok"), "a write succeeded after one failed");
  }
});

// ---- connecting and listening ----

/** A loopback port nobody listens on (it was free a moment ago). */
async function closedPort() {
  const server = await peerServer(() => {});
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

test("connection refused: the same error as node:net, then close(true)", TEST_TIMEOUT, async () => {
  const port = await closedPort();
  const outcomes = {};
  for (const [name, net] of Object.entries(IMPLS)) {
    const log = [];
    const client = net.connect(port, "127.0.0.1");
    let error = null;
    client.on("error", (e) => { error = e; });
    client.on("connect", () => log.push("connect"));
    const [hadError] = await once(client, "close");
    log.push(`close ${hadError}`);
    outcomes[name] = { log, error: errorShape(error, port), readyState: client.readyState, destroyed: client.destroyed };
  }
  assert.equal(outcomes["node:net"].error.code, "ECONNREFUSED");
  assert.deepEqual(outcomes["wasm-net"], outcomes["node:net"]);
});

test("EADDRINUSE: the same error as node:net; the server can listen again elsewhere", TEST_TIMEOUT, async () => {
  const holder = await peerServer(() => {});
  const { port } = holder.address();
  const outcomes = {};
  for (const [name, net] of Object.entries(IMPLS)) {
    const server = net.createServer();
    server.listen(port, "127.0.0.1");
    const [error] = await once(server, "error");
    const state = { listening: server.listening, address: server.address() };
    server.listen(0, "127.0.0.1"); // the retry pattern
    await once(server, "listening");
    const retried = server.listening && server.address().port !== port;
    server.close();
    await once(server, "close");
    outcomes[name] = { error: errorShape(error, port), state, retried };
  }
  holder.close();
  assert.equal(outcomes["node:net"].error.code, "EADDRINUSE");
  assert.deepEqual(outcomes["wasm-net"], outcomes["node:net"]);
});

test("connect with a timeout to a silent peer: 'timeout' once while open, then destroy(err), as node:net", TEST_TIMEOUT, async () => {
  // A loopback connect cannot hang, so the timeout runs out on a peer that accepts and says nothing.
  const peer = await peerServer(() => {});
  const logs = {};
  for (const [name, net] of Object.entries(IMPLS)) {
    const log = [];
    const client = net.connect({ port: peer.address().port, host: "127.0.0.1", timeout: 20 });
    client.on("connect", () => log.push("connect"));
    client.on("data", () => log.push("data"));
    const closed = watch(client, log);
    client.once("timeout", () => client.destroy(Object.assign(new Error("idle too long"), { code: "ETIMEDOUT" })));
    await closed;
    logs[name] = log;
  }
  peer.close();
  assert.deepEqual(logs["node:net"], ["connect", "timeout (open)", "error ETIMEDOUT", "close true"]);
  assert.deepEqual(logs["wasm-net"], logs["node:net"]);
});

// ---- out of file descriptors ----

/** Runs tests/node/emfile-server.cjs under `ulimit -n 64` and drives it; returns what happened. */
async function outOfDescriptors(impl) {
  const script = fileURLToPath(new URL("./emfile-server.cjs", import.meta.url));
  const child = spawn("bash", ["-c", `ulimit -n 64 && exec "${process.execPath}" "${script}" ${impl}`], { stdio: ["pipe", "pipe", "inherit"] });
  const events = [];
  const waiting = [];
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    const event = JSON.parse(line);
    events.push(event);
    for (const w of waiting.splice(0)) w();
  });
  const next = async (name) => {
    for (let i = 0; i < 1000; i++) {
      const found = events.find((e) => e.event === name);
      if (found) return found;
      await new Promise((resolve) => waiting.push(resolve));
    }
    throw new Error(`no ${name} from the child`);
  };
  const connectOnce = (port, send) => new Promise((resolve) => {
    const log = [];
    const client = nodeNet.connect(port, "127.0.0.1", () => { log.push("connect"); if (send) client.end(send); });
    client.on("data", (bytes) => log.push(`data ${bytes}`));
    client.on("end", () => log.push("end"));
    client.on("error", (e) => log.push(`error ${e.code}`));
    client.on("close", () => resolve(log));
  });
  try {
    const { port } = await next("listening");
    child.stdin.write("fill\n");
    const filled = await next("filled");
    const whileFull = await connectOnce(port, null);
    const eventsWhileFull = events.filter((e) => !["listening", "filled"].includes(e.event)).map((e) => e.event + (e.code ? ` ${e.code}` : ""));
    child.stdin.write("free\n");
    await next("freed");
    const afterwards = await connectOnce(port, "ping");
    child.stdin.write("exit\n");
    const [exitCode] = await once(child, "exit");
    return { filled: filled.code, whileFull, eventsWhileFull, afterwards, exitCode };
  } finally {
    child.kill();
  }
}

test("accept with no file descriptors left (EMFILE, ulimit -n 64): as node:net, and it accepts again once some are free", TEST_TIMEOUT, async (t) => {
  const node = await outOfDescriptors("node");
  const wasm = await outOfDescriptors("wasm");
  t.diagnostic(`node:net: ${JSON.stringify(node)}`);
  // libuv's reserve-descriptor trick: at EMFILE it accepts and closes the waiting connections
  // itself and reports nothing, so node:net's server emits no 'error'; the client sees a close.
  assert.equal(node.filled, "EMFILE");
  assert.deepEqual(node.whileFull, ["connect", "end"]);
  assert.deepEqual(node.afterwards, ["connect", "data ping", "end"]);
  assert.deepEqual(wasm, node);
});

// ---- bad input does not stop a server ----

async function badInputServer(net) {
  const thrown = [];
  const sideEvents = {};
  const server = net.createServer((socket) => {
    socket.on("data", (bytes) => socket.write(bytes));
    socket.on("end", () => socket.end());
    socket.once("data", (bytes) => {
      const role = String(bytes).slice(0, 1); // each client says who it is first
      const log = (sideEvents[role] = []);
      socket.on("error", (e) => log.push(`error ${e.code}`));
      socket.on("close", (hadError) => log.push(`close ${hadError}`));
      if (role !== "A") return;
      for (const bad of [() => socket.write(5), () => socket.write({}), () => socket.setTimeout(-1), () => socket.setTimeout("1")]) {
        try { bad(); thrown.push("no throw"); } catch (e) { thrown.push(e.code); }
      }
      socket.end();
      socket.write("after end");
      socket.destroy();
      socket.destroy();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  try { server.listen(0); thrown.push("no throw"); } catch (e) { thrown.push(e.code); }
  const port = server.address().port;

  const client = (role) => {
    const socket = nodeNet.connect(port, "127.0.0.1");
    socket.write(role);
    socket.on("error", () => {});
    socket.resume(); // flowing, so a close is seen after the echo
    return socket;
  };
  const a = client("A");
  await once(a, "close");
  const b = client("B");
  await once(b, "data");
  b.resetAndDestroy();
  for (let i = 0; i < 200 && !sideEvents.B?.length; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  // C and then a new D still get every byte back
  const echoes = [];
  for (const role of ["C", "D"]) {
    const socket = client(role);
    const payload = Buffer.alloc(1024 * 1024, role.charCodeAt(0));
    socket.end(payload);
    const back = [];
    socket.on("data", (bytes) => back.push(bytes));
    await once(socket, "close");
    echoes.push(Buffer.concat(back).equals(Buffer.concat([Buffer.from(role), payload])));
  }
  server.close();
  await once(server, "close");
  return { thrown, sideEvents, echoes };
}

test("a server that got bad input keeps serving its other connections, as node:net", TEST_TIMEOUT, async () => {
  const node = await badInputServer(nodeNet);
  const wasm = await badInputServer(wasmNet);
  assert.deepEqual(node.echoes, [true, true]);
  assert.deepEqual(wasm, node);
});
