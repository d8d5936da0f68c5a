// Idle timeouts, half-closes in both directions, addresses, through tests/wasi/guests/probe.ts (a
// component that prints every event it sees, one per line), on each runtime of guest.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { once } from "node:events";
import net from "node:net";
import { RUNTIMES, startServerGuest, connectTo } from "./guest.mjs";

const events = (guest) => guest.stdout.replace(/^listening \d+\n/, "");
/** The lines of the probe's client socket (lookup mode), without their "caller " prefix. */
const callerEvents = (guest) => guest.stdout.split("\n").filter((l) => l.startsWith("caller ")).map((l) => l.slice(7));

/** The error node:net gives a connect to `host` (port 9: never reached when the name is unknown). */
async function nodeConnectError(host) {
  const socket = net.connect(9, host);
  const [error] = await once(socket, "error");
  return error;
}

for (const runtime of RUNTIMES) {
  test(`${runtime.name}: an idle connection gets 'timeout' (then the guest destroys it: 'close' without error)`, async () => {
    const guest = await startServerGuest(runtime, "probe", ["timeout", 0, 50]);
    try {
      const socket = await connectTo(guest.port);
      const received = await socket.whenClosed; // the guest's destroy() after 'timeout'
      assert.equal(received.length, 0);
      await guest.waitFor(/close 0\n/);
      assert.equal(events(guest), "connection\ntimeout\nclose 0\n");
    } finally {
      await guest.stop();
    }
  });

  test(`${runtime.name}: activity postpones the idle timeout`, async () => {
    const guest = await startServerGuest(runtime, "probe", ["timeout", 0, 300]);
    try {
      const socket = await connectTo(guest.port);
      socket.write("a");
      await guest.waitFor(/data a\n/);
      socket.write("b");
      await guest.waitFor(/data b\n/);
      await socket.whenClosed;
      await guest.waitFor(/close 0\n/);
      assert.equal(events(guest), "connection\ndata a\ndata b\ntimeout\nclose 0\n");
    } finally {
      await guest.stop();
    }
  });

  // allowHalfOpen on both ends: the guest answers "bye" and end()s, and would go on reading.
  // Wasmtime's shutdown(send) keeps reading. preview2-shim closes the socket, so the guest's own
  // reads end although the peer never sent FIN, and what the peer sends afterwards never arrives.
  const guestFirst = runtime.halfClose ? "a real half-close: the guest reads on after its FIN"
    : "documented limit: on preview2-shim end() closes both directions (no half-close)";
  test(`${runtime.name}: the guest's end() first, ${guestFirst}`, async () => {
    const guest = await startServerGuest(runtime, "probe", ["halfclose", 0]);
    try {
      const socket = await connectTo(guest.port, { allowHalfOpen: true });
      socket.write("hi");
      await once(socket, "end"); // the guest's FIN
      assert.equal(socket.received().toString(), "bye");
      if (runtime.halfClose) {
        socket.write("late");
        await guest.waitFor(/data late\n/);
        socket.end();
        await socket.whenClosed;
        await guest.waitFor(/close \d\n/);
        assert.equal(events(guest), "connection\ndata hi\nfinish\ndata late\nend\nclose 0\n");
      } else {
        await guest.waitFor(/close \d\n/);
        socket.write("late"); // the peer has not ended: a real half-close would deliver this
        socket.destroy();
        assert.equal(events(guest), "connection\ndata hi\nfinish\nend\nclose 0\n");
      }
    } finally {
      await guest.stop();
    }
  });

  test(`${runtime.name}: the peer's end() first: the guest writes after 'end', then ends`, async () => {
    const guest = await startServerGuest(runtime, "probe", ["peerend", 0]);
    try {
      const socket = await connectTo(guest.port, { allowHalfOpen: true });
      socket.end("hi");
      await once(socket, "end");
      assert.equal(socket.received().toString(), "after your end");
      await socket.whenClosed;
      await guest.waitFor(/close \d\n/);
      assert.equal(events(guest), "connection\ndata hi\nend\nfinish\nclose 0\n");
    } finally {
      await guest.stop();
    }
  });

  test(`${runtime.name}: connect() to a host name: 'lookup' with the resolver's address, then 'connect'`, async () => {
    const guest = await startServerGuest(runtime, "probe", ["lookup", 0, "localhost"]);
    try {
      await guest.waitFor(/caller close \d\n/);
      assert.deepEqual(callerEvents(guest), ["lookup ok 127.0.0.1 4 localhost", "connect 127.0.0.1 IPv4", "close 0"]);
    } finally {
      await guest.stop();
    }
  });

  test(`${runtime.name}: connect() to an unknown host name: 'lookup' and 'error' with node:net's ENOTFOUND, then 'close'`, async () => {
    const host = "no-such-host.invalid";
    const guest = await startServerGuest(runtime, "probe", ["lookup", 0, host]);
    try {
      const nodeError = await nodeConnectError(host);
      await guest.waitFor(/caller close \d\n/);
      assert.deepEqual(callerEvents(guest), [
        `lookup ${nodeError.code}  0 ${host}`, `error ${nodeError.code} ${nodeError.syscall}: ${nodeError.message}`, "close 1",
      ]);
    } finally {
      await guest.stop();
    }
  });

  test(`${runtime.name}: isIP, isIPv4 and isIPv6 agree with node:net; a connection knows both of its ends`, async () => {
    const { cases } = JSON.parse(readFileSync(new URL("../vectors/addresses.json", import.meta.url)));
    const inputs = cases.map((c) => c.input).filter((input) => input !== "" && !input.includes("\0")).slice(0, 300);
    const guest = await startServerGuest(runtime, "probe", ["addresses", 0, ...inputs]);
    try {
      const socket = await connectTo(guest.port);
      await guest.waitFor(/local .*\n/);
      const lines = guest.stdout.split("\n");
      const answers = lines.filter((l) => l.startsWith("isIP ")).map((l) => l.slice(5));
      assert.deepEqual(answers, inputs.map((i) => `${net.isIP(i)} ${net.isIPv4(i) ? 1 : 0}${net.isIPv6(i) ? 1 : 0}`));
      const ends = lines.find((l) => l.startsWith("local "));
      assert.equal(ends, `local 127.0.0.1 ${guest.port} remote 127.0.0.1 ${socket.localPort} IPv4`);
      socket.destroy();
    } finally {
      await guest.stop();
    }
  });
  // The guest collects its garbage between the loop's turns (host-bindings/wasi/collect.ts): its
  // linear memory stays where the first 1,000 connections left it (without collection it doubles
  // before the 2,000th).
  test(`${runtime.name}: 3,000 connections, 50 at a time, leave the guest's memory where 1,000 left it`, async () => {
    const guest = await startServerGuest(runtime, "probe", ["memory", 0]);
    try {
      const payload = Buffer.alloc(1024, 0x62);
      const one = async () => {
        const socket = await connectTo(guest.port);
        socket.end(payload);
        await socket.whenClosed;
      };
      for (let done = 0; done < 3000; done += 50) await Promise.all(Array.from({ length: 50 }, one));
      await guest.waitFor(/closed 3000 /);
      const memory = (count) => Number(new RegExp(`closed ${count} memory (\\d+)`).exec(guest.stdout)[1]);
      assert.equal(memory(3000), memory(1000), guest.stdout);
    } finally {
      await guest.stop();
    }
  });
}
