// npm run build: everything (both core profiles, the Node host, the Ruff bundles, the Ruff test
// runtime, the WASI guests, the package's declarations), each step only when its sources are
// newer than what it made (build/fresh.mjs). Fails when a size budget (build/budgets.mjs) is exceeded.
//   node build/build.mjs [node|ruff|ruff-host|wasi|package ...] [--force]
//   node: what the Node host needs (net.wasm and the Node bundle): npm start builds only that
import { root } from "./fresh.mjs";

// each part once, in this order; a target is the parts it needs
// (each step's module is loaded only when it runs: npm start's up-to-date check stays quick)
const PARTS = {
  coreFull: async () => (await import("./cores.mjs")).buildCores(["full"]),
  coreLite: async () => (await import("./cores.mjs")).buildCores(["lite"]),
  node: async () => (await (await import("./node.mjs")).buildNode(), true),
  ruff: async () => (await import("./ruff.mjs")).buildRuff(),
  ruffHost: async () => ((await import("./ruff-host.mjs")).buildRuffHost(), true),
  wasi: async () => ((await (await import("./wasi.mjs")).buildWasi()), true),
  package: async () => ((await import("./package.mjs")).buildPackage(), true),
};
const STEPS = {
  node: ["coreFull", "node"],
  ruff: ["coreFull", "coreLite", "ruff"],
  "ruff-host": ["ruffHost"],
  wasi: ["wasi"],
  package: ["package"],
};

const asked = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const unknown = asked.filter((a) => !(a in STEPS));
if (unknown.length) {
  console.error(`build: unknown target ${unknown.join(", ")} (targets: ${Object.keys(STEPS).join(", ")})`);
  process.exit(2);
}
process.chdir(root);
try {
  const wanted = new Set((asked.length ? asked : Object.keys(STEPS)).flatMap((target) => STEPS[target]));
  let ok = true;
  for (const part of Object.keys(PARTS).filter((p) => wanted.has(p))) ok = (await PARTS[part]()) && ok;
  if (!ok) process.exit(1);
} catch (error) {
  // binaryen's glue prints its whole source for an uncaught exception: report errors plainly
  console.error(`build failed: ${error?.message ?? error}`);
  process.exit(1);
}
