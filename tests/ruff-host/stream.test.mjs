// The Ruff-compatible runtime's built-in `stream` (readable-stream 2 from npm, bundled by
// build/ruff-stream.mjs): require('stream') works in Duktape, and a Duplex pipes through a
// Transform into a Writable with backpressure (scripts/stream-check.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const ruff = join(root, "build/out/ruff-host/ruff");

test("require('stream') in the Ruff runtime: a Duplex piping through a Transform", () => {
  if (!existsSync(ruff)) spawnSync(process.execPath, [join(root, "build/ruff-host.mjs")], { stdio: "inherit" });
  assert.ok(existsSync(ruff), `${ruff} is missing: install duktape-dev and libuv1-dev, then npm run build`);
  const run = spawnSync(ruff, [join(root, "tests/ruff-host/scripts/stream-check.js")], { encoding: "utf8", timeout: 20_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), "stream ok 4000");
});
