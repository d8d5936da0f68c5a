// In the scratch project: the default import and named imports from ESM, one echo round trip,
// isIP, and the core alone (wasm-net/core with wasm-net/core/net.wasm and wasm-net/abi).
import net, { createServer, connect, isIP } from "wasm-net";
import { loadCore } from "wasm-net/core";
import { ABI_VERSION } from "wasm-net/abi";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

assert.equal(net.createServer, createServer);
assert.equal(net.connect, connect);
assert.equal(isIP("::1"), 6);
assert.equal(isIP("127.0.0.1"), 4);
assert.equal(isIP("localhost"), 0);

const server = createServer((c) => c.pipe(c)).listen(0, "127.0.0.1");
await once(server, "listening");
const client = connect({ port: server.address().port, host: "127.0.0.1" });
client.end("ping from import");
let reply = "";
for await (const chunk of client) reply += chunk;
assert.equal(reply, "ping from import");
await new Promise((resolve) => server.close(resolve));

const versions = ["wasm-net/core/net.wasm", "wasm-net/core/net-lite.wasm"].map((name) =>
  loadCore(readFileSync(fileURLToPath(import.meta.resolve(name)))).exports.abi_version());
assert.deepEqual(versions, [ABI_VERSION, ABI_VERSION]);
console.log(JSON.stringify({ reply, abi: ABI_VERSION, resolved: fileURLToPath(import.meta.resolve("wasm-net")) }));
