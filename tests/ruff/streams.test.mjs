// The Ruff socket as a stream (a stream.Duplex of the runtime's own `stream`): one ES5 script
// (scripts/streams.js: 'data'/'end'/'finish'/'close' order, setEncoding across split characters,
// pause/resume, 'readable' and read(), pipe() out of the socket into a slow Writable and into it
// from a Readable, _writableState while the peer does not read and once it does) run under Node
// over node:net, the reference, and in the Ruff-compatible runtime over each bundle: the same
// lines, in the same order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { installBundle, runRuff } from "./ruff.mjs";

/** streams.js under Node, from a folder without a package.json (so it is CommonJS). */
function underNode(dir) {
  const child = spawn(process.execPath, ["--no-deprecation", join(dir, "streams.js")], { cwd: dir });
  let stdout = "", stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d) => { stdout += d; });
  child.stderr.setEncoding("utf8").on("data", (d) => { stderr += d; });
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  return new Promise((resolve) => child.on("close", (code) => { clearTimeout(timer); resolve({ stdout, stderr, code }); }));
}

const lines = (stdout) => stdout.trim().split("\n");
let reference;
async function nodeLines() {
  if (!reference) {
    reference = underNode(installBundle("ruff")).then((r) => {
      assert.equal(r.code, 0, r.stderr);
      return lines(r.stdout);
    });
  }
  return reference;
}

test("under Node (node:net and Node's stream, the reference) the script runs every case", async () => {
  const expected = await nodeLines();
  assert.equal(expected[expected.length - 1], "done");
  assert.ok(expected.length >= 20, expected.join("\n"));
});

for (const bundle of ["ruff", "ruff-lite"]) {
  test(`${bundle}: the socket behaves as node:net's as a stream (order, encoding, pause, read, pipe both ways, writable state)`, async () => {
    const { stdout, stderr, code } = await runRuff(installBundle(bundle), "streams.js", [], { timeout: 120_000 }).output();
    assert.deepEqual(lines(stdout), await nodeLines(), stderr);
    assert.equal(code, 0, stderr);
  });
}
