// Model-based testing of the socket and server machines: 2,000 random sequences of inputs
// (user calls, transport results, illegal inputs) through each core profile and through the
// reference model in this folder; every return value, record, byte and query must agree, and
// the core must never trap. `npm run fuzz -- --mode model` runs many more with a random seed.
//
//   node --test tests/model/model.test.mjs     (WASM_NET_SEED=n for another seed)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runSequences, runSequence, describeFailure, freshCore, coreDiffers, triggeredAlong } from "./sequences.mjs";
import { KNOWN_CORE_BUGS } from "./known-core-bugs.mjs";
import { seedFrom } from "../fuzz/random.mjs";

const SEQUENCES = 2_000;
const seed = seedFrom([], process.env, () => 0x5e9_0011);
// What a useful sample must contain at least this often, so a generator that stopped reaching
// deep states (backpressure, half-close, clean close, timeouts, drops) fails here.
const MUST_SEE = {
  send: 500, data: 1000, end: 500, finish: 300, drain: 100, timeout: 100, write_done: 1000, "closed 0": 200,
  "closed 1": 1000, connection: 1000, drop: 100, read_stop: 200, "server_closed 0": 100, "server_closed 1": 1000,
  after_end: 500, end_done: 1000, no_delay: 500, keep_alive: 500, "close 1": 100, late: 100,
  "write_done ERR_SOCKET_CLOSED_BEFORE_CONNECTION": 20,
  "returned EPIPE": 100, "returned ERR_STREAM_WRITE_AFTER_END": 500, "returned E_BAD_HANDLE": 1000,
  "returned ERR_SOCKET_CLOSED": 500, "returned ERR_INVALID_ARG_VALUE": 500, "returned copy false": 200,
  "returned ENOBUFS": 20, "returned ERR_STREAM_ALREADY_FINISHED": 20, "returned ERR_STREAM_DESTROYED": 30,
  "returned ERR_SOCKET_CONNECTING": 50, "connect while connecting": 30, "connect while open": 60,
};

for (const file of ["net.wasm", "net-lite.wasm"]) {
  const module = new WebAssembly.Module(readFileSync(new URL(`../../build/out/${file}`, import.meta.url)));

  test(`${file}: ${SEQUENCES.toLocaleString("en")} random sequences agree with the model (seed ${seed})`, (t) => {
    const { failure, totals } = runSequences(module, seed, SEQUENCES);
    t.diagnostic(`${totals.steps} steps, ${totals.records} records`);
    assert.equal(failure, null, failure ? describeFailure(failure) : "");
    const thin = Object.entries(MUST_SEE).filter(([kind, n]) => !((totals.seen[kind] ?? 0) >= n));
    assert.deepEqual(thin, [], `too few of these in the sample: ${JSON.stringify(totals.seen)}`);
  });

  for (const bug of KNOWN_CORE_BUGS) {
    test(`${file}: known core bug still there (remove it from known-core-bugs.mjs once fixed): ${bug.name}`, () => {
      const still = bug.steps ? coreDiffers(module, bug.steps) : bug.stillThere(freshCore(module));
      assert.ok(still, `the core no longer shows it: ${bug.why}`);
      if (bug.steps) assert.ok(triggeredAlong(bug), "its `triggers` lets every one of its own steps through");
    });
  }
}

test("a sequence is replayable from its seed alone", () => {
  const module = new WebAssembly.Module(readFileSync(new URL("../../build/out/net.wasm", import.meta.url)));
  const first = runSequence(module, 12345).stats;
  const again = runSequence(module, 12345).stats;
  assert.deepEqual(again, first);
  assert.ok(first.steps >= 10);
});
