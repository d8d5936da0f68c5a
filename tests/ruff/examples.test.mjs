// examples/ruff/ (net-api.txt's echo server and client) run as written in the Ruff-compatible
// runtime, each bundle installed as the README says: ruff_modules/net/index.js beside them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runRuff } from "./ruff.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

function app(bundle) {
  const dir = mkdtempSync(join(tmpdir(), `wasm-net-example-${bundle}-`));
  mkdirSync(join(dir, "ruff_modules/net"), { recursive: true });
  copyFileSync(join(root, "build/out", bundle, "net.js"), join(dir, "ruff_modules/net/index.js"));
  for (const file of readdirSync(join(root, "examples/ruff"))) copyFileSync(join(root, "examples/ruff", file), join(dir, file));
  return dir;
}

for (const bundle of ["ruff", "ruff-lite"]) {
  test(`${bundle}: examples/ruff/echo-server.js and client.js talk to each other`, async () => {
    const dir = app(bundle);
    const server = runRuff(dir, "echo-server.js", [0]);
    try {
      const [, port] = await server.line(/server bound on port (\d+) \(wasm-net core\)\n/);
      const client = await runRuff(dir, "client.js", [port, "from ruff"]).output();
      assert.equal(client.code, 0, client.stderr);
      // the greeting and the echo arrive as one 'data' or two
      assert.match(client.stdout, /^connected to server!\nhello\r\n\n?from ruff\r\n\ndisconnected from server\n$/);
      await server.line(/client connected\nclient disconnected\n/);
    } finally {
      server.child.kill();
    }
  });
}
