// Idle timeouts and the half-close limit of preview2-shim, through tests/wasi/guests/probe.ts
// (a component that prints every event it sees, one per line).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import net from "node:net";
import { startServerGuest, connectTo } from "./guest.mjs";

test("an idle connection gets 'timeout' (then the guest destroys it: 'close' without error)", async () => {
  const guest = await startServerGuest("probe", ["timeout", 0, 50]);
  try {
    const socket = await connectTo(guest.port);
    const received = await socket.whenClosed; // the guest's destroy() after 'timeout'
    assert.equal(received.length, 0);
    await guest.waitFor(/close 0\n/);
    assert.equal(guest.stdout.replace(/^listening \d+\n/, ""), "connection\ntimeout\nclose 0\n");
  } finally {
    await guest.stop();
  }
});

test("activity postpones the idle timeout", async () => {
  const guest = await startServerGuest("probe", ["timeout", 0, 300]);
  try {
    const socket = await connectTo(guest.port);
    socket.write("a");
    await guest.waitFor(/data a\n/);
    socket.write("b");
    await guest.waitFor(/data b\n/);
    await socket.whenClosed;
    await guest.waitFor(/close 0\n/);
    assert.equal(guest.stdout.replace(/^listening \d+\n/, ""), "connection\ndata a\ndata b\ntimeout\nclose 0\n");
  } finally {
    await guest.stop();
  }
});

test("documented limit: on preview2-shim end() closes both directions (no half-close)", async () => {
  // allowHalfOpen: the guest answers "bye" and end()s, and would go on reading. Wasmtime's
  // shutdown(send) keeps reading; preview2-shim closes the socket, so the guest's own reads end
  // although the peer never sent FIN, and what the peer sends afterwards never arrives.
  const guest = await startServerGuest("probe", ["halfclose", 0]);
  try {
    const socket = await connectTo(guest.port);
    socket.write("hi");
    await new Promise((resolve) => socket.once("end", resolve)); // the guest's FIN
    assert.equal(socket.received().toString(), "bye");
    socket.write("late"); // the peer has not ended: a real half-close would deliver this
    await guest.waitFor(/close \d\n/);
    socket.destroy();
    assert.equal(guest.stdout.replace(/^listening \d+\n/, ""), "connection\ndata hi\nfinish\nend\nclose 0\n");
  } finally {
    await guest.stop();
  }
});

test("isIP, isIPv4 and isIPv6 agree with node:net; a connection knows both of its ends", async () => {
  const { cases } = JSON.parse(readFileSync(new URL("../vectors/addresses.json", import.meta.url)));
  const inputs = cases.map((c) => c.input).filter((input) => input !== "" && !input.includes("\0")).slice(0, 300);
  const guest = await startServerGuest("probe", ["addresses", 0, ...inputs]);
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
