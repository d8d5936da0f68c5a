// Core memory per connection (issue 3): bytes the core's pool takes for idle connections, and
// whether memory freed by closed connections is reused. Prints figures; asserts nothing.
// Run: npm run build && npm run bench:memory
import { readFileSync } from "node:fs";
import { loadCore } from "../build/out/core.js";

const CONNECTIONS = 10_000;
const ROUNDS = 10;

for (const file of ["net.wasm", "net-lite.wasm"]) {
  const core = loadCore(readFileSync(new URL(`../build/out/${file}`, import.meta.url)));
  const e = core.exports;
  const ignore = () => {};
  const server = e.server_open(0);
  e.server_listen(server);
  e.server_handle_listening(server);
  core.drain(ignore);

  const before = e.memory_reserved();
  const ids = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    ids.push(e.server_handle_connection(server, 0));
    core.drain(ignore); // as a host does after every input
  }
  const idle = (e.memory_reserved() - before) / CONNECTIONS;

  const sizes = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const id of ids) {
      e.socket_destroy(id, 0);
      core.drain(ignore);
    }
    ids.length = 0;
    for (let i = 0; i < CONNECTIONS; i++) {
      const id = e.server_handle_connection(server, i);
      e.socket_resume(id);
      core.drain(ignore);
      ids.push(id);
    }
    sizes.push(e.memory_reserved());
  }
  console.log(`${file}: ${idle.toFixed(1)} bytes of core memory per idle connection (${CONNECTIONS} open)`);
  console.log(`${file}: core memory after each of ${ROUNDS} rounds of ${CONNECTIONS} close/open: ${sizes.join(" ")} bytes`);
  console.log(`${file}: module memory ${e.memory.buffer.byteLength} bytes`);
}
