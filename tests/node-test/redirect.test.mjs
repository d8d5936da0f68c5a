// The conformance run tests wasm-net only if `net` in each test file is the module under test
// and nothing else is: proven with stand-ins for the module and for a test file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { listTests, runAll, runOne } from "./run.mjs";

const fixture = (name) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const broken = { cjs: fixture("broken-net.cjs") };
const marked = { cjs: fixture("marked-net.cjs") };

async function whoAnswers(probe, net) {
  const scratch = mkdtempSync(join(tmpdir(), "wasm-net-redirect-"));
  try {
    const result = await runOne(fixture(probe), { net, scratch, timeLimit: 20_000 });
    assert.equal(result.pass, true, result.output);
    return JSON.parse(result.output.trim().split("\n").at(-1));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

test("require('net') and require('node:net') in the test file, and only there, are the module under test", async () => {
  const underTest = "module under test";
  assert.deepEqual(await whoAnswers("probe.cjs", marked), { net: underTest, nodeNet: underTest, helper: "node" });
  assert.deepEqual(await whoAnswers("probe.cjs", null), { net: "node", nodeNet: "node", helper: "node" });
});

test("import of 'net' / 'node:net' in an ES-module test file, and only there, is the module under test", async () => {
  const underTest = "module under test";
  assert.deepEqual(await whoAnswers("probe.mjs", marked), { net: underTest, nodeNet: underTest, helper: "node", required: underTest });
  assert.deepEqual(await whoAnswers("probe.mjs", null), { net: "node", nodeNet: "node", helper: "node", required: "node" });
});

test("with a broken module under test, every one of Node's test files fails, and on that module", async () => {
  const files = listTests();
  assert.ok(files.length >= 139, `${files.length} test files`);
  const results = await runAll(files, { net: broken });
  const passed = results.filter((r) => r.pass).map((r) => r.file);
  const otherwise = results.filter((r) => !r.pass && !r.output.includes("broken-net.cjs: the conformance redirect")).map((r) => r.file);
  assert.deepEqual(passed, [], "these files never used the module under test");
  assert.deepEqual(otherwise, [], "these files failed, but not on the broken module");
});
