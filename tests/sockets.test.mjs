// Replays the event-order vectors (tests/vectors/sockets.json) against both core profiles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadCore } from "../build/out/core.js";
import { replay } from "./vectors/replay.mjs";

const vectors = JSON.parse(readFileSync(new URL("./vectors/sockets.json", import.meta.url)));

for (const file of ["net.wasm", "net-lite.wasm"]) {
  const wasm = readFileSync(new URL(`../build/out/${file}`, import.meta.url));
  for (const scenario of vectors.scenarios) {
    test(`${file}: ${scenario.name}`, () => {
      // a fresh core per scenario, so ids and memory start the same for every host
      const difference = replay(loadCore(wasm), scenario);
      assert.equal(difference, null, difference ?? "");
    });
  }
}
