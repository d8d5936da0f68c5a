// Node's own test-net-* files on wasm-net, on both Node transports. Each file must pass, or be
// listed in expectations.json with why; a listed file that passes fails the run until it is
// taken off the list, so the list stays true.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { judge, listTests, loadExpectations, machineFacts, runAll, failureLine, suiteRoot } from "./run.mjs";

const transports = ["handle", "stream"];

test("Node's test-net-* files are beside the repository", () => {
  assert.ok(existsSync(suiteRoot), `${suiteRoot} is missing (CI puts shared/ beside the clone)`);
});

test("expectations.json names only files that exist, each with a kind and why", () => {
  const files = new Set(listTests());
  for (const [file, entry] of Object.entries(loadExpectations())) {
    assert.ok(files.has(file), `${file} is not one of the test files`);
    assert.ok(["internals", "machine", "bug"].includes(entry.kind), `${file}: kind ${entry.kind}`);
    assert.ok(entry.on.length > 0 && entry.on.every((t) => [...transports, "node"].includes(t)), `${file}: on ${entry.on}`);
    assert.ok(entry.why?.length > 10, `${file}: why`);
  }
});

for (const transport of transports) {
  test(`Node's test-net-* files on wasm-net, ${transport} transport`, async (t) => {
    const facts = await machineFacts();
    const started = Date.now();
    const results = await runAll(listTests(), { transport });
    const judged = judge(results, loadExpectations(), transport, facts);
    const passed = results.filter((r) => r.pass).length;
    t.diagnostic(`${passed} of ${results.length} pass in ${((Date.now() - started) / 1000).toFixed(1)} s (2 at a time)`);
    for (const r of judged) {
      await t.test(r.file, { todo: r.listed && !r.pass ? r.why : undefined }, () => {
        if (r.listed) assert.ok(!r.pass, `${r.file} passes now: take it off tests/node-test/expectations.json`);
        else assert.ok(r.pass, `${r.file}: ${failureLine(r)}\n${r.output.slice(-3000)}`);
      });
    }
  });
}
