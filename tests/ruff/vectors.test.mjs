// The shared event-order vectors through the Ruff adapter, in the Ruff-compatible runtime, with
// a scripted uv (tests/ruff/scripts/vectors.js runs them and reports what happened); judged
// here exactly as the Node host's replay is (tests/node/vectors.test.mjs), step by step.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { judge } from "../vectors/host-expect.mjs";
import { installBundle, runRuff, haveRuntime } from "./ruff.mjs";

const vectorsFile = fileURLToPath(new URL("../vectors/sockets.json", import.meta.url));
const { scenarios } = JSON.parse(readFileSync(vectorsFile));

/** Why a scenario cannot be replayed through Ruff's uv, or null. */
function unreplayable(scenario) {
  if (scenario.holdEnd) return "holds the end back; the Ruff host confirms it when it emits 'end'";
  if (scenario.holdAfterWrite) return "writes done at once: uv reports every write from its loop";
  const steps = scenario.steps.map((s) => s.do.split(/\s+/));
  for (let i = 0; i < steps.length; i++) {
    const [verb, name] = steps[i];
    if (verb === "listen" && !(steps[i + 1]?.[0] === "listening" && steps[i + 1][1] === name)) {
      return "Ruff's uv binds and listens synchronously: nothing can happen between listen() and listening";
    }
    const last = (what) => steps.slice(0, i).findLastIndex(([v, n]) => v === what && n === name);
    if (verb === "accept" && last("close") > last("listen")) {
      return "after close() uv delivers no connection: the listening handle is closed";
    }
    if (verb === "server_fail" && !steps.slice(0, i).some(([v, n]) => v === "listening" && n === name)) {
      return "a bind failure: Ruff's uv reports it from listen() itself (covered by tests/ruff/api.test.mjs)";
    }
  }
  return null;
}

/** The scenario as the Ruff host sees it: 'listening' comes with listen() itself. */
function forRuff(scenario) {
  const steps = scenario.steps.map((s) => ({ ...s }));
  for (let i = 1; i < steps.length; i++) {
    if (steps[i].do.startsWith("listening ")) {
      steps[i - 1].expect = [...(steps[i - 1].expect ?? []), ...(steps[i].expect ?? [])];
      steps[i].expect = [];
    }
  }
  return steps;
}


const replayable = scenarios.filter((s) => !unreplayable(s));

test("the Ruff-compatible runtime is built (npm run build)", () => {
  assert.ok(haveRuntime, "build/out/ruff-host/ruff is missing: run npm run build (needs gcc, duktape-dev, libuv1-dev)");
});

for (const bundle of ["ruff", "ruff-lite"]) {
  test(`${bundle}: most scenarios replay through the adapter; the rest say why not`, () => {
    const excluded = scenarios.filter(unreplayable).map((s) => `${s.name}: ${unreplayable(s)}`);
    assert.ok(replayable.length >= 55, `only ${replayable.length} replayable; excluded:\n${excluded.join("\n")}`);
  });

  test(`${bundle}: every replayable scenario gives the same calls, events and bytes as the vectors say`, async () => {
    const run = runRuff(installBundle(bundle), "vectors.js", [vectorsFile], { timeout: 120_000 });
    const { stdout, stderr, code } = await run.output();
    assert.equal(code, 0, stderr);
    const results = new Map(stdout.trim().split("\n").map((line) => JSON.parse(line)).map((r) => [r.name, r.steps]));
    const failures = [];
    for (const scenario of replayable) {
      const difference = judge(forRuff(scenario), results.get(scenario.name) ?? []);
      if (difference) failures.push(`${scenario.name}: ${difference}`);
    }
    assert.deepEqual(failures, [], failures.join("\n\n"));
  });
}
