// The echo example (host-bindings/wasi/examples/echo.ts) as a WASI 0.2 component, on Node through
// jco + preview2-shim and on Wasmtime 49 (tests/wasi/guest.mjs RUNTIMES), over real loopback TCP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { once } from "node:events";
import { RUNTIMES, startGuest, startServerGuest, connectTo, receivedAtLeast, freePort } from "./guest.mjs";

const HELLO = Buffer.from("hello\r\n");

for (const runtime of RUNTIMES) {
  test(`${runtime.name}: echoes 1 MiB of random bytes exactly, then closes after the client's end`, async () => {
    const guest = await startServerGuest(runtime, "echo", [0]);
    try {
      const socket = await connectTo(guest.port);
      const payload = randomBytes(1024 * 1024);
      socket.end(payload);
      const received = await socket.whenClosed;
      assert.equal(received.length, HELLO.length + payload.length);
      assert.ok(received.subarray(0, HELLO.length).equals(HELLO));
      assert.ok(received.subarray(HELLO.length).equals(payload), "the echoed bytes differ");
      await guest.waitFor(/client connected\nclient disconnected\n/);
    } finally {
      await guest.stop();
    }
  });

  test(`${runtime.name}: serves 50 clients at once while a slow client that never reads holds a full buffer`, async () => {
    const guest = await startServerGuest(runtime, "echo", [0]);
    try {
      // the slow client writes far more than socket buffers hold, and never reads
      const slow = net.connect(guest.port, "127.0.0.1");
      slow.on("error", () => {});
      await once(slow, "connect");
      slow.pause();
      const flood = Buffer.alloc(8 * 1024 * 1024, 7);
      slow.write(flood);
      const clients = await Promise.all(Array.from({ length: 50 }, () => connectTo(guest.port)));
      const messages = clients.map((_, i) => Buffer.from(`client ${i} says ${"x".repeat(i * 100)}`));
      clients.forEach((c, i) => c.write(messages[i]));
      const replies = await Promise.all(clients.map((c, i) => receivedAtLeast(c, HELLO.length + messages[i].length)));
      replies.forEach((reply, i) => assert.ok(reply.equals(Buffer.concat([HELLO, messages[i]])), `client ${i} got ${reply}`));
      // the slow client is stalled, not served past what the buffers hold
      assert.ok(slow.bytesRead < flood.length);
      for (const c of clients) c.end();
      await Promise.all(clients.map((c) => c.whenClosed));
      slow.destroy();
    } finally {
      await guest.stop();
    }
  });

  test(`${runtime.name}: EADDRINUSE reaches the server's error handler with that code`, async () => {
    const holder = net.createServer().listen(0, "127.0.0.1");
    await once(holder, "listening");
    try {
      const guest = startGuest(runtime, "echo", [holder.address().port]);
      try {
        await guest.waitFor(/error EADDRINUSE: listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+/, "stderr");
        assert.equal(await guest.exit, 1);
      } finally {
        await guest.stop();
      }
    } finally {
      holder.close();
    }
  });

  test(`${runtime.name}: the first argument is the port`, async () => {
    const port = await freePort();
    const guest = await startServerGuest(runtime, "echo", [port]);
    try {
      assert.equal(guest.port, port);
    } finally {
      await guest.stop();
    }
  });
}
