// The shell's drain loop (host-bindings/shell/core.ts) on a queue written by hand: records
// go out in order, a call from inside a handler hands out what is queued at once, and the
// nesting stops at a fixed depth, the outer loops then going on in order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Core } from "../build/out/core.js";

const BASE = 64;

/** A core whose queue holds `count` records, op 17 and ids 1..count; nothing else. */
function queueOf(count) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const words = new Uint32Array(memory.buffer);
  words[0] = BASE; // base
  words[1] = count * 16; // length
  words[2] = 0; // consumed
  for (let i = 0; i < count; i++) words.set([17, i + 1, 0, 0], (BASE >> 2) + i * 4);
  return new Core({ memory, queue_header: () => 0 });
}

test("drain: every record once, oldest first", () => {
  const core = queueOf(5);
  const seen = [];
  core.drain((op, id) => seen.push([op, id]));
  assert.deepEqual(seen, [[17, 1], [17, 2], [17, 3], [17, 4], [17, 5]]);
  core.drain(() => assert.fail("a drained queue hands out nothing"));
});

test("drain: a call from inside a handler hands out the next records at once, in order", () => {
  const core = queueOf(3);
  const log = [];
  const handler = (op, id) => {
    log.push(`in ${id}`);
    if (id === 1) core.drain(handler); // a user's call inside record 1's listener
    log.push(`out ${id}`);
  };
  core.drain(handler);
  assert.deepEqual(log, ["in 1", "in 2", "out 2", "in 3", "out 3", "out 1"]);
});

test("drain: nesting stops at a fixed depth, and the outer loops go on in order", () => {
  const count = 1000;
  const core = queueOf(count);
  const order = [];
  let depth = 0, deepest = 0;
  const handler = (op, id) => {
    order.push(id);
    depth++;
    deepest = Math.max(deepest, depth);
    core.drain(handler); // every listener calls in
    depth--;
  };
  core.drain(handler);
  assert.deepEqual(order, Array.from({ length: count }, (_, i) => i + 1));
  assert.ok(deepest > 1, "calls from inside handlers nest");
  assert.ok(deepest <= 8, `nesting is bounded (deepest ${deepest})`);
});
