// npm run fuzz: the long runs of the address differential and of the model-based tests, with a
// random seed that is printed first (give it back to replay the run).
//
//   npm run fuzz                                   both, 10,000,000 strings and 100,000 sequences per core
//   npm run fuzz -- --mode addresses --count 1000000
//   npm run fuzz -- --mode model --sequences 5000 --seed 123    (or WASM_NET_SEED=123)
//
// Exits 1 on the first model disagreement or after any address disagreement; an address
// disagreement is printed as a line for tests/vectors/make-addresses.mjs.

import { readFileSync } from "node:fs";
import { randomInt } from "node:crypto";
import { seedFrom } from "./random.mjs";
import { runAddressDifferential } from "./address-differential.mjs";
import { runSequences, describeFailure } from "../model/sequences.mjs";

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : fallback;
};
const mode = option("--mode", "all");
if (!["all", "addresses", "model"].includes(mode)) throw new Error(`--mode is all, addresses or model, not ${mode}`);
const seed = seedFrom(argv, process.env, () => randomInt(2 ** 32));
const count = Number(option("--count", 10_000_000));
const sequences = Number(option("--sequences", 100_000));

console.log(`npm run fuzz: mode ${mode}, seed ${seed} (replay: npm run fuzz -- --mode ${mode} --seed ${seed})`);
let failed = false;

if (mode !== "model") {
  const started = performance.now();
  const result = runAddressDifferential({
    seed, count, maxReported: 100,
    onProgress: (done) => process.stdout.write(`  addresses: ${done.toLocaleString("en")} / ${count.toLocaleString("en")}\r`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`addresses: ${count.toLocaleString("en")} strings in ${seconds} s, ${result.disagreementCount} disagreements`);
  console.log(`  inputs by kind ${JSON.stringify(result.byKind)}`);
  console.log(`  node:net families ${JSON.stringify(result.families)}`);
  for (const d of result.disagreements) {
    console.log(`  ${JSON.stringify(d)}`);
    console.log(`    vector: add("fuzz-found", ${JSON.stringify(d.input)}, "npm run fuzz, seed ${seed}, input ${d.index}");`);
  }
  failed ||= result.disagreementCount > 0;
}

if (mode !== "addresses") {
  for (const file of ["net.wasm", "net-lite.wasm"]) {
    const module = new WebAssembly.Module(readFileSync(new URL(`../../build/out/${file}`, import.meta.url)));
    const started = performance.now();
    const { failure, totals } = runSequences(module, seed, sequences);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`model, ${file}: ${totals.sequences.toLocaleString("en")} sequences, ${totals.steps.toLocaleString("en")} steps, ` +
      `${totals.records.toLocaleString("en")} records in ${seconds} s: ${failure ? "DISAGREEMENT" : "all agree"}`);
    if (failure) {
      console.log(describeFailure(failure));
      console.log(`  replay this sequence alone: npm run fuzz -- --mode model --sequences 1 --seed ${failure.seed}`);
      failed = true;
    }
  }
}

process.exit(failed ? 1 : 0);
