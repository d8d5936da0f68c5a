// Both transports pass the same tests: the Node-host suites again, with the public-API
// transport forced (WASM_NET_TRANSPORT=stream), as on a runtime without Node's handles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const suites = readdirSync(here)
  .filter((f) => f.endsWith(".test.mjs") && f !== "fallback-transport.test.mjs" && f !== "types.test.mjs")
  .map((f) => `${here}${f}`);

test("every Node-host suite passes on the public-API transport too", () => {
  const env = { ...process.env, WASM_NET_TRANSPORT: "stream" };
  delete env.NODE_TEST_CONTEXT; // else the child runner talks the parent's internal protocol
  const run = spawnSync(process.execPath, ["--test", "--test-reporter=tap", ...suites], {
    env,
    encoding: "utf8",
    timeout: 240_000,
  });
  const summary = run.stdout.split("\n").filter((l) => /^# (tests|pass|fail)/.test(l)).join(", ");
  const failures = run.stdout.split("\n").filter((l) => /^\s*not ok/.test(l)).join("\n");
  assert.equal(run.status, 0, `${summary}\n${failures}\n${run.stderr.slice(-2000)}`);
  assert.match(summary, /# pass [1-9]\d*/);
});
