// The real-library judges again with wasm-net on its public-API transport
// (WASM_NET_TRANSPORT=stream), as on a runtime without Node's libuv handles: a todo stays a todo
// there, every other case must pass on both transports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const suites = readdirSync(here)
  .filter((f) => f.endsWith(".test.mjs") && f !== "stream-transport.test.mjs" && !f.startsWith("ruff-"))
  .sort()
  .map((f) => `${here}${f}`);

test("every real-library judge passes on wasm-net's public-API transport too", () => {
  const env = { ...process.env, WASM_NET_TRANSPORT: "stream" };
  delete env.NODE_TEST_CONTEXT; // else the child runner talks the parent's internal protocol
  const run = spawnSync(process.execPath, ["--test", "--test-reporter=tap", ...suites], { env, encoding: "utf8", timeout: 300_000 });
  const summary = run.stdout.split("\n").filter((l) => /^# (tests|pass|fail|todo)/.test(l)).join(", ");
  const failures = run.stdout.split("\n").filter((l) => /^\s*not ok/.test(l) && !/# TODO/.test(l)).join("\n");
  assert.equal(run.status, 0, `${summary}\n${failures}\n${run.stderr.slice(-2000)}`);
  assert.match(summary, /# pass [1-9]\d*/);
});
