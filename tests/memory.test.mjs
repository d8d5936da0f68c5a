// Core memory: an idle connection's cost and the reuse of memory freed by closed ones.
// Sizes, not timings: the pool's own count of the bytes it took from the heap.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadCore } from "../build/out/core.js";

const CONNECTIONS = 10_000;
const ignore = () => {};

function listeningCore(file) {
  const core = loadCore(readFileSync(new URL(`../build/out/${file}`, import.meta.url)));
  const server = core.exports.server_open(0);
  core.exports.server_listen(server);
  core.exports.server_handle_listening(server);
  core.drain(ignore);
  return { core, e: core.exports, server };
}

function acceptAll(core, server, n) {
  const ids = [];
  for (let i = 0; i < n; i++) {
    ids.push(core.exports.server_handle_connection(server, 0));
    core.drain(ignore);
  }
  return ids;
}

for (const file of ["net.wasm", "net-lite.wasm"]) {
  test(`${file}: 10,000 idle connections cost at most 256 bytes each`, () => {
    const { core, e, server } = listeningCore(file);
    const before = e.memory_reserved();
    const ids = acceptAll(core, server, CONNECTIONS);
    assert.equal(e.socket_count(), CONNECTIONS);
    assert.ok(ids.every((id) => id > 0));
    const perConnection = (e.memory_reserved() - before) / CONNECTIONS;
    assert.ok(perConnection <= 256, `${perConnection} bytes per idle connection`);
  });

  test(`${file}: 10 rounds of 10,000 open/close leave the core's memory flat`, () => {
    const { core, e, server } = listeningCore(file);
    const sizes = [];
    for (let round = 0; round < 10; round++) {
      const ids = acceptAll(core, server, CONNECTIONS);
      for (const id of ids) {
        e.socket_resume(id);
        e.socket_write(id, 100, 0); // each one owns a buffer for a while
        e.socket_handle_write_done(id, 0);
        e.socket_destroy(id, 0);
        core.drain(ignore);
      }
      assert.equal(e.socket_count(), 0);
      sizes.push(e.memory_reserved());
    }
    assert.deepEqual(sizes, Array(10).fill(sizes[0]), `memory per round: ${sizes}`);
  });

  test(`${file}: a paused socket's buffer is freed once delivered, and reused`, () => {
    const { core, e, server } = listeningCore(file);
    const [id] = acceptAll(core, server, 1);
    const sizes = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 4; i++) e.socket_handle_read(id, 4096, 0);
      e.socket_resume(id);
      core.drain(ignore);
      e.socket_pause(id);
      core.drain(ignore);
      sizes.push(e.memory_reserved());
    }
    assert.equal(e.socket_readable_length(id), 0);
    assert.deepEqual(sizes.slice(1), Array(4).fill(sizes[1]), `memory per round: ${sizes}`);
  });
}
