// tls.TLSSocket over the socket module's sockets, in both roles (the server's TLS socket over an
// accepted socket, the client's over a connected one), with half-closes from either side and
// 32 MiB checksummed, allowHalfOpen left at its default (false) as a TLS terminator leaves it.
import { test } from "node:test";
import assert from "node:assert/strict";
import tls from "node:tls";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { closeServer, listen, onBoth, pattern, sameAsNode } from "./nets.mjs";

const key = readFileSync(new URL("fixtures/test-key.pem", import.meta.url));
const cert = readFileSync(new URL("fixtures/test-cert.pem", import.meta.url));
const BIG = pattern(32 * 2 ** 20, 21);
const SMALL = pattern(64 * 1024, 22);
const sha = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);

/** What one TLS end saw: bytes (count and checksum) and the events, in order. */
function observe(socket) {
  const hash = createHash("sha256");
  const seen = { bytes: 0, events: [] };
  socket.on("data", (d) => { seen.bytes += d.length; hash.update(d); });
  socket.on("end", () => seen.events.push("end"));
  socket.on("error", (e) => seen.events.push(`error ${e.code ?? e.message}`));
  seen.closed = new Promise((resolve) => socket.on("close", () => {
    seen.events.push("close");
    seen.sha = hash.digest("hex").slice(0, 16);
    resolve();
  }));
  return seen;
}

/** Writes `bytes` in 1 MiB pieces without waiting for 'drain' (all queued at once), then ends. */
function sendAndEnd(socket, bytes) {
  for (let at = 0; at < bytes.length; at += 2 ** 20) socket.write(bytes.subarray(at, at + 2 ** 20));
  socket.end();
}

/** One TLS connection over `net`: `onServer(tlsSocket)` and `onClient(tlsSocket)` drive it once secure. */
async function tlsExchange(net, { onServer, onClient }) {
  let reportServer;
  const serverReport = new Promise((resolve) => { reportServer = resolve; });
  const server = net.createServer((raw) => {
    const secure = new tls.TLSSocket(raw, { isServer: true, key, cert });
    const seen = observe(secure);
    secure.on("secure", () => onServer(secure));
    seen.closed.then(() => reportServer(seen));
  });
  const port = await listen(server);
  const raw = net.connect(port, "127.0.0.1");
  const client = tls.connect({ socket: raw, ca: cert, servername: "localhost" });
  const clientSeen = observe(client);
  client.on("secureConnect", () => onClient(client));
  await clientSeen.closed;
  const serverSide = await serverReport;
  await closeServer(server);
  const strip = ({ closed, ...rest }) => rest;
  return { server: strip(serverSide), client: strip(clientSeen) };
}

const EXPECT_BIG = { bytes: BIG.length, sha: sha(BIG) };
const EXPECT_SMALL = { bytes: SMALL.length, sha: sha(SMALL) };

test("TLS: the client half-closes first; the server still sends its 32 MiB whole", {
  todo: "issue 15: on wasm-net the server's socket (allowHalfOpen false) ends its side at the client's FIN, under TLS, before TLS has written its last records: the client gets 1 MiB of 32 MiB and the server's TLS socket gets EPIPE after close",
}, async () => {
  const results = await onBoth((net) => tlsExchange(net, {
    onClient: (c) => sendAndEnd(c, SMALL),
    onServer: (s) => sendAndEnd(s, BIG),
  }));
  sameAsNode(assert, results, (node) => {
    assert.deepEqual({ bytes: node.client.bytes, sha: node.client.sha }, EXPECT_BIG);
    assert.deepEqual({ bytes: node.server.bytes, sha: node.server.sha }, EXPECT_SMALL);
  });
});

test("TLS: the server half-closes first; the client still sends its 32 MiB whole", async () => {
  const results = await onBoth((net) => tlsExchange(net, {
    onServer: (s) => sendAndEnd(s, SMALL),
    onClient: (c) => sendAndEnd(c, BIG),
  }));
  sameAsNode(assert, results, (node) => {
    assert.deepEqual({ bytes: node.server.bytes, sha: node.server.sha }, EXPECT_BIG);
    assert.deepEqual({ bytes: node.client.bytes, sha: node.client.sha }, EXPECT_SMALL);
  });
});

test("TLS: the client uploads 32 MiB and half-closes; the server answers after 'end'", async () => {
  const results = await onBoth((net) => tlsExchange(net, {
    onClient: (c) => sendAndEnd(c, BIG),
    onServer: (s) => {
      const hash = createHash("sha256");
      s.on("data", (d) => hash.update(d));
      s.on("end", () => s.end(`got ${hash.digest("hex").slice(0, 16)}`));
    },
  }));
  sameAsNode(assert, results, (node) => {
    assert.deepEqual({ bytes: node.server.bytes, sha: node.server.sha }, EXPECT_BIG);
    assert.equal(node.client.bytes, `got ${sha(BIG)}`.length);
  });
});
