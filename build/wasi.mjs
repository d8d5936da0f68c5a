// The WASI guests: every example of host-bindings/wasi/examples/ once per socket ABI
// (host-bindings/wasi/abi/README.md), and the test guests of TEST_GUESTS below, into
// build/out/wasi/ (components also transpiled for Node: build/out/wasi/js/NAME.mjs). Each build
// goes through bin/wasi-build.mjs, as a user's program does (npx wasm-net-wasi build), and runs
// only when its sources changed. The package ships the examples' builds only ("files": the test
// guests' are excluded by name; a user's program is built in the user's own folder).
// Alone: node build/wasi.mjs; WASI_ABIS=component,wamr narrows the build (for work on one ABI).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ABIS, buildGuest } from "../bin/wasi-build.mjs";
import { root, runIfMain, upToDate } from "./fresh.mjs";

const out = join(root, "build/out/wasi");
const EXAMPLES = "host-bindings/wasi/examples";
/** Guests for tests/wasi only (their builds are not shipped: package.json "files" names them). */
const TEST_GUESTS = [{ name: "probe", source: "tests/wasi/guests/probe.ts", abis: ["component"] }];

function programs() {
  const examples = readdirSync(join(root, EXAMPLES)).filter((f) => f.endsWith(".ts")).sort()
    .map((f) => ({ name: f.slice(0, -3), source: `${EXAMPLES}/${f}`, abis: ABIS, shipped: true }));
  return [...examples, ...TEST_GUESTS.filter((g) => existsSync(join(root, g.source)))];
}

/** The sources of every guest: the guest API, its ABI files, the core, the build itself. */
const COMMON = ["host-bindings/wasi", "assembly", "build/wasi.mjs", "bin/wasi-build.mjs", "build/fresh.mjs"];

export async function buildWasi() {
  const abis = process.env.WASI_ABIS?.split(",") ?? ABIS;
  for (const program of programs()) {
    for (const abi of program.abis.filter((a) => abis.includes(a))) {
      const file = `build/out/wasi/${program.name}.${abi}.wasm`;
      const outputs = abi === "component" ? [file, `build/out/wasi/js/${program.name}.mjs`] : [file];
      const fresh = upToDate(outputs, [program.source, ...COMMON]);
      if (!fresh) await buildGuest({ source: join(root, program.source), abi, outDir: out, name: program.name, node: true });
      if (program.shipped) {
        console.log(`wasi/${program.name}.${abi}.wasm`.padEnd(30) + ` ${String(statSync(join(root, file)).size).padStart(7)} bytes${fresh ? "  (up to date)" : ""}`);
      }
    }
  }
}

await runIfMain(import.meta.url, buildWasi);
