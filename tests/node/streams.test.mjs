// Bytes through wasm-net sockets: integrity under backpressure, and the stream interfaces
// users combine them with (pipe, stream.pipeline, for await), over TCP and a Unix socket.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable, Writable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const net = createRequire(import.meta.url)("../../build/out/node/index.cjs");

/** A small seeded PRNG, so a failure can be replayed. */
function prng(seed) {
  let x = seed >>> 0 || 1;
  return () => ((x ^= x << 13, x ^= x >>> 17, x ^= x << 5) >>> 0) / 2 ** 32;
}

const listen = (server, ...args) => new Promise((resolve) => server.listen(...args, resolve));

test("64 MiB through an echo with random writes and random pauses on both sides arrive intact", async (t) => {
  const TOTAL = 64 * 1024 * 1024;
  const seed = Number(process.env.WASM_NET_SEED ?? 0xc0ffee); // other seeds: WASM_NET_SEED=n
  t.diagnostic(`seed ${seed}`);
  const random = prng(seed);
  let serverPauses = 0;
  const server = net.createServer((c) => {
    // echo that honours write()'s answer, and after one read in 20 stays paused a moment longer
    // (decided per read, whatever write() answered: a write the kernel takes at once answers
    // true, so the pauses must not hang on false answers, or they may not happen at all)
    c.on("data", (chunk) => {
      const ok = c.write(chunk);
      const linger = random() < 0.05;
      if (ok && !linger) return;
      c.pause();
      const resume = () => {
        if (linger) { serverPauses++; setTimeout(() => c.resume(), 1); } else c.resume();
      };
      if (ok) resume();
      else c.once("drain", resume);
    });
    c.on("end", () => c.end());
  });
  await listen(server, 0, "127.0.0.1");
  const source = randomBytes(1024 * 1024);
  const sent = createHash("sha256");
  const received = createHash("sha256");
  let receivedBytes = 0;
  let falseAnswers = 0;
  let clientPauses = 0;
  await new Promise((resolve, reject) => {
    const c = net.connect(server.address().port, "127.0.0.1");
    c.on("error", reject);
    c.on("data", (chunk) => {
      received.update(chunk);
      receivedBytes += chunk.length;
      if (random() < 0.02) { clientPauses++; c.pause(); setTimeout(() => c.resume(), 1); }
    });
    c.on("end", resolve);
    let offset = 0;
    const writeSome = () => {
      while (offset < TOTAL) {
        const size = Math.min(TOTAL - offset, 1 + Math.floor(random() * 65536));
        const start = offset % source.length;
        const chunk = source.subarray(start, Math.min(start + size, source.length));
        offset += chunk.length;
        sent.update(chunk);
        if (!c.write(chunk)) { falseAnswers++; c.once("drain", writeSome); return; }
      }
      c.end();
    };
    c.on("connect", writeSome);
  });
  server.close();
  t.diagnostic(`pauses: server ${serverPauses}, client ${clientPauses}; write() answered false ${falseAnswers} times`);
  assert.equal(receivedBytes, TOTAL);
  assert.equal(received.digest("hex"), sent.digest("hex"));
  assert.ok(falseAnswers > 0, "write() never answered false: backpressure was not exercised");
  assert.ok(serverPauses > 0 && clientPauses > 0, "the random pauses did not happen");
});

test("bytes still in the stream's buffer when the peer's FIN arrives are read, answered, and only then is the socket ended", async () => {
  // The server reads slowly with read(), so most bytes wait in its buffer when the FIN comes;
  // it echoes each chunk, and without allowHalfOpen its side may end only after its 'end'.
  const TOTAL = 256 * 1024;
  const server = net.createServer((c) => {
    c.on("readable", function readSlowly() {
      const chunk = c.read(4096);
      if (chunk === null) return;
      c.write(chunk);
      c.removeListener("readable", readSlowly);
      setTimeout(() => { c.on("readable", readSlowly); readSlowly(); }, 2);
    });
  });
  await listen(server, 0, "127.0.0.1");
  const c = net.connect(server.address().port, "127.0.0.1");
  c.end(Buffer.alloc(TOTAL, 1));
  let received = 0;
  c.on("data", (chunk) => { received += chunk.length; });
  await new Promise((resolve) => c.on("close", resolve));
  server.close();
  assert.equal(received, TOTAL);
});

// (a write the kernel takes at once answers true whatever its size on later Nodes, so the peer
// reads nothing at first: what the kernel cannot take waits, as on every Node)
test("write() answers false at the high-water mark and 'drain' follows once everything is written", async () => {
  let peer;
  const server = net.createServer((c) => { peer = c; c.pause(); });
  await listen(server, 0, "127.0.0.1");
  const c = net.connect(server.address().port, "127.0.0.1");
  await new Promise((resolve) => c.on("connect", resolve));
  assert.equal(c.write(Buffer.alloc(100)), true);
  let writes = 0;
  while (c.write(Buffer.alloc(64 * 1024)) && ++writes < 1024);
  assert.ok(writes < 1024, "write() never answered false");
  assert.equal(c.writableNeedDrain, true);
  assert.ok(c.writableLength >= c.writableHighWaterMark);
  while (!peer) await new Promise((resolve) => setImmediate(resolve));
  peer.resume();
  await new Promise((resolve) => c.once("drain", resolve));
  assert.equal(c.writableLength, 0);
  assert.equal(c.writableNeedDrain, false);
  c.destroy();
  server.close();
});

test("pipe() and stream.pipeline carry a stream through a socket and back", async () => {
  const server = net.createServer((c) => c.pipe(c));
  await listen(server, 0, "127.0.0.1");
  const payload = randomBytes(3 * 1024 * 1024);
  const chunks = [];
  const c = net.connect(server.address().port, "127.0.0.1");
  const collect = new Writable({ write(chunk, _e, cb) { chunks.push(chunk); cb(); } });
  await Promise.all([
    pipeline(Readable.from([payload.subarray(0, 1e6), payload.subarray(1e6)]), c),
    pipeline(c, collect),
  ]);
  assert.ok(Buffer.concat(chunks).equals(payload));
  server.close();
});

test("for await over a socket yields every byte, then ends", async () => {
  const server = net.createServer((c) => { c.write("abc"); setTimeout(() => c.end("def"), 10); });
  await listen(server, 0, "127.0.0.1");
  const c = net.connect(server.address().port, "127.0.0.1");
  let text = "";
  for await (const chunk of c) text += chunk;
  assert.equal(text, "abcdef");
  server.close();
});

test("setEncoding delivers strings, split multi-byte characters joined", async () => {
  const server = net.createServer((c) => {
    const euro = Buffer.from("€");
    c.write(euro.subarray(0, 1));
    setTimeout(() => c.end(euro.subarray(1)), 10);
  });
  await listen(server, 0, "127.0.0.1");
  const c = net.connect(server.address().port, "127.0.0.1");
  c.setEncoding("utf8");
  const parts = [];
  c.on("data", (s) => parts.push(s));
  await new Promise((resolve) => c.on("end", resolve));
  assert.deepEqual(parts, ["€"]);
  server.close();
});

test("echo server and client over a Unix domain socket", async () => {
  const path = join(tmpdir(), `wasm-net-${process.pid}.sock`);
  const server = net.createServer((c) => c.pipe(c));
  await listen(server, path);
  assert.equal(server.address(), path);
  const c = net.connect(path);
  c.end("over a unix socket");
  let text = "";
  for await (const chunk of c) text += chunk;
  assert.equal(text, "over a unix socket");
  await new Promise((resolve) => server.close(resolve));
});

test("server.address() on a random port, bytesRead and bytesWritten", async () => {
  const server = net.createServer((c) => c.end("12345"));
  await listen(server, 0, "127.0.0.1");
  const address = server.address();
  assert.equal(address.family, "IPv4");
  assert.equal(address.address, "127.0.0.1");
  assert.ok(address.port > 0);
  let seen;
  const c = net.connect(address.port, "127.0.0.1", () => {
    seen = { remoteAddress: c.remoteAddress, remotePort: c.remotePort, remoteFamily: c.remoteFamily, localAddress: c.localAddress };
    c.write("abc");
  });
  c.resume();
  await new Promise((resolve) => c.on("close", resolve));
  assert.deepEqual(seen, { remoteAddress: "127.0.0.1", remotePort: address.port, remoteFamily: "IPv4", localAddress: "127.0.0.1" });
  assert.equal(c.bytesRead, 5);
  assert.equal(c.bytesWritten, 3);
  server.close();
});
