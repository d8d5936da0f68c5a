// The client example (host-bindings/wasi/examples/client.ts) as a component against a Node server,
// on each runtime of tests/wasi/guest.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { once } from "node:events";
import { RUNTIMES, startGuest, freePort } from "./guest.mjs";

for (const runtime of RUNTIMES) {
  test(`${runtime.name}: connects, sends its argument, prints the reply and exits`, async () => {
    const received = [];
    const server = net.createServer((c) => {
      c.on("data", (d) => { received.push(d); c.write(Buffer.concat([Buffer.from("echo: "), d])); });
      c.on("error", () => {});
    }).listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const guest = startGuest(runtime, "client", [server.address().port, "from the guest"]);
      try {
        assert.equal(await guest.exit, 0, guest.stderr);
        assert.equal(Buffer.concat(received).toString(), "from the guest\r\n");
        assert.equal(guest.stdout, "connected to server!\necho: from the guest\r\n\ndisconnected from server\n");
      } finally {
        await guest.stop();
      }
    } finally {
      server.close();
    }
  });

  test(`${runtime.name}: ECONNREFUSED reaches the socket's error handler with that code`, async () => {
    const guest = startGuest(runtime, "client", [await freePort()]);
    try {
      await guest.waitFor(/^error ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+\n$/, "stderr");
      assert.equal(await guest.exit, 1);
      assert.equal(guest.stdout, "");
    } finally {
      await guest.stop();
    }
  });
}
