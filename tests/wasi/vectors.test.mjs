// The shared event-order vectors (tests/vectors/sockets.json) through the WASI guest: the driver
// and Node-shaped API of host-bindings/wasi/, compiled with the scripted socket ABI
// (host-bindings/wasi/abi/scripted.ts) and run as a core module under Node's WebAssembly, with the
// script (tests/wasi/scripted-guest.mjs) playing the transport. Judged step by step exactly as
// the Node and Ruff hosts' replays are (tests/vectors/host-expect.mjs): the socket-ABI calls the
// guest made, and the events its user saw, in order, with every byte checked.
//
// The guest API has no per-write callbacks (its README: use onDrain and onFinish), so the
// vectors' write_done records have nothing to be compared with: they are left out of the events
// expected, and what they release (the next send, a shutdown, 'drain') is still checked.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { judge } from "../vectors/host-expect.mjs";
import { buildVectorsGuest, runScenario } from "./scripted-guest.mjs";

const { scenarios } = JSON.parse(readFileSync(new URL("../vectors/sockets.json", import.meta.url)));
const TRANSPORT_RESULTS = new Set(["connected", "read", "eof", "written", "shutdown_done", "timer", "listening", "end_seen"]);

/** Why a scenario cannot be replayed through the guest, or null. */
function unreplayable(scenario) {
  if (scenario.holdEnd) return "holds the end back; the guest has no buffer of its own and confirms the end as soon as onEnd returns";
  if (scenario.holdAfterWrite) return "writes done at once: the guest's driver reports a write when the socket ABI has taken it all, on its next turn";
  const steps = scenario.steps.map((s) => ({ words: s.do.split(/\s+/), returns: s.returns, expect: s.expect ?? [] }));
  const reading = new Map(); // socket name -> whether the core wants it read, after the steps so far
  for (let i = 0; i < steps.length; i++) {
    const { words: [verb, name, arg], returns } = steps[i];
    if (verb === "open" && steps[i].words.includes("connected")) {
      return "a socket on a transport that is already open: the guest API cannot wrap a handle (Node's fd option)";
    }
    if (verb === "write" && arg === "0") {
      return "a zero-length write gives the transport nothing to take: the guest completes it at once (so a second one goes out at once too), where the vector holds it until `written`; write() answers true either way";
    }
    if (TRANSPORT_RESULTS.has(verb) && returns !== undefined && !["ok", "direct", "copy", "E_BAD_HANDLE"].includes(returns)) {
      return `a transport result the core refuses (${steps[i].words.join(" ")} -> ${returns}): the guest's driver reports only what it asked the transport for`;
    }
    if (verb === "connect" && steps.slice(0, i).some((s) => s.words[0] === "connect" && s.words[1] === name)) {
      return "connect() again on a socket: the guest API connects a socket once, in net.connect()";
    }
    if ((verb === "listen" || verb === "connect") && returns !== undefined && returns !== "ok") {
      return `${verb}() refused (${returns}): the guest API throws, which aborts an AssemblyScript program`;
    }
    if (verb === "listen") {
      const [next, nextName, code] = steps[i + 1]?.words ?? [];
      if (next === "server_fail" && nextName === name && code === "OK") return "a listen refused for its arguments: the guest API throws for bad arguments (ERR_SOCKET_BAD_PORT)";
      if (nextName !== name || (next !== "listening" && next !== "server_fail")) {
        return "the guest binds and listens in listen() itself (sys_listen): nothing can happen between listen() and 'listening'";
      }
    }
    if (verb === "read" && !reading.get(name)) {
      return `a read while the core does not want reading (${steps[i].words.join(" ")}): the guest waits for readable only while it reads`;
    }
    for (const record of steps[i].expect) {
      const [who, op] = record.split(" ");
      if (op === "read_start") reading.set(who, true);
      if (op === "read_stop") reading.set(who, false);
    }
  }
  return null;
}

/** The scenario as the guest does it: listen() binds at once, so 'listening' (or the bind's
 *  failure, which sys_listen then answers) comes with the listen step. */
function forGuest(scenario) {
  const steps = scenario.steps.map((s) => ({ ...s }));
  for (let i = 1; i < steps.length; i++) {
    const [verb, name, code] = steps[i].do.split(/\s+/);
    if (!steps[i - 1].do.startsWith(`listen ${name}`)) continue;
    if (verb === "server_fail") steps[i - 1].failBind = steps[i].failBind = code;
    else if (verb !== "listening") continue;
    steps[i - 1].expect = [...(steps[i - 1].expect ?? []), ...(steps[i].expect ?? [])];
    steps[i].expect = [];
  }
  return steps;
}


const replayable = scenarios.filter((s) => !unreplayable(s));
const guest = buildVectorsGuest();

// The scenarios the guest cannot replay, each for the reason unreplayable() gives: a scenario
// that newly falls out (or back in) fails here until this list says so.
const EXCLUDED = [
  "the half-open rule waits until the user has seen the end; writes before that go out",
  "a socket whose side is finished does not close before the user has seen the end",
  "a flooded paused socket keeps what the transport already read and stays stopped",
  "a zero-length write completes like any other",
  "a socket on an open descriptor starts open and reading",
  "a socket on the user's descriptor connects it when asked: reading waits for the connection",
  "connect() while connecting or connected connects the transport again, as node:net; the platform answers (EALREADY: the core's EUNKNOWN)",
  "illegal transport results are refused and change nothing",
  "data after the peer's FIN and after close is refused",
  "close while binding stops the bind: no listening, close without error",
  "listen twice is ERR_SERVER_ALREADY_LISTEN, while binding and once listening",
  "a listen call refused for its arguments leaves the server idle, with nothing to report",
  "writes the transport took at once stop counting at once; one 'drain' and their callbacks on the next tick, as Node's afterWrite",
];

test("every scenario replays through the WASI guest but the listed ones, which say why not", () => {
  const excluded = scenarios.filter(unreplayable);
  assert.deepEqual(excluded.map((s) => s.name), EXCLUDED, excluded.map((s) => `${s.name}: ${unreplayable(s)}`).join("\n"));
});

for (const scenario of replayable) {
  test(`WASI guest replays: ${scenario.name}`, () => {
    const steps = forGuest(scenario);
    const difference = judge(steps, runScenario(guest, steps), { writeCallbacks: false }); // the guest API has no per-write callbacks
    assert.equal(difference, null, difference ?? "");
  });
}
