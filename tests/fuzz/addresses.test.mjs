// isIP / isIPv4 / isIPv6 of wasm-net (Node host and core) against node:net on 200,000
// generated strings with a fixed seed (tests/fuzz/address-inputs.mjs), and the core's text for
// every valid one against net.SocketAddress. `npm run fuzz` runs the same with a random seed.
//
//   node --test tests/fuzz/addresses.test.mjs      (WASM_NET_SEED=n for another seed)
import { test } from "node:test";
import assert from "node:assert/strict";
import { runAddressDifferential } from "./address-differential.mjs";
import { seedFrom } from "./random.mjs";

const seed = seedFrom([], process.env, () => 0xadd7e55);

test(`200,000 generated strings: wasm-net answers as node:net does (seed ${seed})`, (t) => {
  const result = runAddressDifferential({ seed, count: 200_000 });
  t.diagnostic(`inputs by kind ${JSON.stringify(result.byKind)}; node:net families ${JSON.stringify(result.families)}`);
  assert.deepEqual(result.disagreements, [], `${result.disagreementCount} disagreements (first ones shown); replay with WASM_NET_SEED=${seed}`);
  // A sample without enough valid addresses of each family would prove little.
  assert.ok(result.families[4] >= 10_000 && result.families[6] >= 20_000 && result.families[0] >= 100_000,
    `sample too one-sided: ${JSON.stringify(result.families)}`);
  for (const kind of ["ipv4", "ipv6", "ipv4 mutated", "ipv6 mutated", "random", "embedded ipv4", "over-long"]) {
    assert.ok(result.byKind[kind] >= 2_000, `too few "${kind}" inputs: ${result.byKind[kind]}`);
  }
});
