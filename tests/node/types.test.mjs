// The shipped .d.ts: the documented API type-checks, and misuses fail, as with @types/node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = (file) => spawnSync(process.execPath, [
  "node_modules/typescript/bin/tsc", "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext",
  "--target", "es2022", "--types", "node", "--skipLibCheck", file,
], { cwd: root, encoding: "utf8" });

test("code using the documented API type-checks against the shipped declarations", () => {
  const result = tsc("tests/node/types/use.ts");
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test("misuses fail to type-check: a non-number port, a listener of the wrong type", () => {
  const result = tsc("tests/node/types/misuse.ts");
  assert.notEqual(result.status, 0);
  assert.match(result.stdout, /misuse\.ts\(4,/);
  assert.match(result.stdout, /misuse\.ts\(5,/);
});
