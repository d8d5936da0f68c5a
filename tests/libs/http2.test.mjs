// http2 over the socket module: a server session fed by `emit('connection', socket)` and a client
// session through `createConnection`, on node:net then on wasm-net: the same answers (bodies
// checksummed), concurrent streams, and a clean close on both sides.
import { test } from "node:test";
import assert from "node:assert/strict";
import http2 from "node:http2";
import { createHash } from "node:crypto";
import { closeServer, fixtureOnBoth, listen, onBoth, pattern, sameAsNode } from "./nets.mjs";

const sha = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
const BIG = pattern(4 * 2 ** 20, 11);

function startServer(net) {
  const h2 = http2.createServer();
  h2.on("stream", (stream, headers) => {
    const chunks = [];
    stream.on("data", (d) => chunks.push(d)).on("end", () => {
      const path = headers[":path"];
      if (headers[":method"] === "POST") {
        const body = Buffer.concat(chunks);
        stream.respond({ ":status": 200, "x-body-sha": sha(body) });
        stream.end(body);
      } else if (path === "/big") {
        stream.respond({ ":status": 200 });
        stream.end(BIG);
      } else {
        stream.respond({ ":status": 200, "content-type": "text/plain" });
        stream.end(`answer to ${path}`);
      }
    });
  });
  const sessions = [];
  h2.on("session", (session) => sessions.push(session));
  const server = net.createServer((socket) => h2.emit("connection", socket));
  return { h2, server, sessions };
}

function ask(client, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = client.request({ ":method": method, ":path": path });
    let status;
    let bodySha;
    req.on("response", (h) => { status = h[":status"]; bodySha = h["x-body-sha"]; });
    const chunks = [];
    req.on("data", (d) => chunks.push(d)).on("end", () => {
      const bytes = Buffer.concat(chunks);
      resolve({ status, bodySha, length: bytes.length, sha: sha(bytes) });
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("http2: sequential and concurrent streams on one session, bodies as on node:net", async () => {
  const results = await onBoth(async (net) => {
    const { h2, server, sessions } = startServer(net);
    const port = await listen(server);
    const client = http2.connect(`http://127.0.0.1:${port}`, { createConnection: () => net.connect(port, "127.0.0.1") });
    const clientEvents = [];
    client.on("close", () => clientEvents.push("close"));
    client.on("error", (e) => clientEvents.push(`error ${e.code}`));
    const answers = [];
    answers.push(await ask(client, "GET", "/one"));
    answers.push(await ask(client, "POST", "/echo", pattern(1_000_000, 5)));
    answers.push(await ask(client, "GET", "/big"));
    answers.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) =>
      i % 5 === 0 ? ask(client, "POST", `/p${i}`, pattern(20_000 + i, i)) : ask(client, "GET", `/g${i}`)))));
    await new Promise((resolve) => client.close(resolve));
    const serverSessionsClosed = await Promise.all(sessions.map((s) => (s.closed ? true : new Promise((r) => s.once("close", () => r(true))))));
    h2.close();
    await closeServer(server);
    return { answers, clientEvents, sessions: sessions.length, serverSessionsClosed };
  });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.answers[1].bodySha, sha(pattern(1_000_000, 5)));
    assert.equal(node.answers[2].sha, sha(BIG));
    assert.equal(node.sessions, 1);
  });
});

/** The server closes its session after one answer; what the client saw, and what the server's socket wrote. */
async function serverCloses(net) {
  const { h2, server, sessions } = startServer(net);
  let serverSocket;
  server.on("connection", (socket) => { serverSocket = socket; });
  const port = await listen(server);
  const client = http2.connect(`http://127.0.0.1:${port}`, { createConnection: () => net.connect(port, "127.0.0.1") });
  const events = [];
  client.on("goaway", (code) => events.push(`goaway ${code}`));
  client.on("error", (e) => events.push(`error ${e.code}`));
  const closed = new Promise((resolve) => client.on("close", () => { events.push("close"); resolve(); }));
  const answer = await ask(client, "GET", "/before-goaway");
  sessions[0].close();
  await closed;
  if (!serverSocket.destroyed) await new Promise((resolve) => serverSocket.once("close", resolve));
  h2.close();
  await closeServer(server);
  return { answer, events, serverBytesWritten: serverSocket.bytesWritten };
}

test("http2: the server closing its session ends the client's (GOAWAY, then close)", async () => {
  const results = await onBoth(async (net) => {
    const { answer, events } = await serverCloses(net);
    return { answer, events: events.filter((e, i) => e !== events[i - 1]) }; // one GOAWAY or two: below
  });
  sameAsNode(assert, results, (node) => assert.deepEqual(node.events, ["goaway 0", "close"]));
});

// Node's http2 session writes through the socket's handle. node:net's libuv handle completes a
// write inside the call when the kernel takes it all; a JSStream (wasm-net's handle, and the
// JSStreamSocket Node wraps any other stream in) completes every write later, and a session
// closed while its graceful GOAWAY is still in flight never sends its final one (node_http2.cc:
// Close() leaves it queued, OnStreamAfterWrite then only calls ondone). A plain stream.Duplex
// over a node:net socket loses the same 17 bytes.
test("http2: every frame the server session writes at close reaches the socket", {
  todo: "issue 15: the session's final GOAWAY (17 bytes) is not written: Node's JSStream handle completes no write synchronously, and Http2Session drops its closing GOAWAY when a write is in flight",
}, async () => {
  const results = await onBoth(async (net) => (await serverCloses(net)).serverBytesWritten);
  sameAsNode(assert, results, (node) => assert.ok(node > 0));
});

// A C++ consumer that takes the socket's handle and never calls readStart (Node 24's http2
// session does not; on Node 20 it happens to, around its writes): node:net's handle reads from
// the start, so the consumer gets the peer's bytes. Node's HTTP parser consumes that way on
// every Node (the http server starts reading only once its socket has a 'data' listener).
test("a consumer that takes the handle without readStart gets the peer's bytes (as Node 24's http2 session)", () => {
  const seen = fixtureOnBoth(new URL("fixtures/handle-consumer.cjs", import.meta.url));
  assert.deepEqual(seen["node:net"], { url: "/consumed", headers: ["Host", "here"] });
  assert.deepEqual(seen["wasm-net"], seen["node:net"]);
});
