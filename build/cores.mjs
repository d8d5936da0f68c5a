// The core, both profiles: assembly/index.ts → build/out/net.wasm, assembly/lite.ts →
// build/out/net-lite.wasm (asconfig.json's targets), each rebuilt only when assembly/ changed.
// Alone: node build/cores.mjs [full|lite]
import { statSync } from "node:fs";
import { join } from "node:path";
import { report } from "./budgets.mjs";
import { root, runIfMain, upToDate } from "./fresh.mjs";

const CORES = {
  full: { entry: "assembly/index.ts", file: "net.wasm", text: "net.wat" },
  lite: { entry: "assembly/lite.ts", file: "net-lite.wasm", text: "net-lite.wat" },
};

/** Builds the named profiles; false when one is over its budget. */
export async function buildCores(targets = Object.keys(CORES)) {
  let ok = true;
  for (const target of targets) {
    const core = CORES[target];
    const outputs = [`build/out/${core.file}`, `build/out/${core.text}`];
    const fresh = upToDate(outputs, ["assembly", "asconfig.json", "build/cores.mjs", "build/fresh.mjs"]);
    if (!fresh) {
      const { default: asc } = await import("assemblyscript/asc");
      const { error, stderr } = await asc.main(
        [core.entry, "--config", join(root, "asconfig.json"), "--target", target],
        { stdout: process.stdout, stderr: process.stderr },
      );
      if (error) throw new Error(`asc failed for ${core.entry}: ${error.message}\n${stderr.toString()}`);
    }
    ok = report(core.file, statSync(join(root, "build/out", core.file)).size, fresh ? "  (up to date)" : "") && ok;
  }
  return ok;
}

await runIfMain(import.meta.url, async () => {
  if (!(await buildCores(process.argv.slice(2).length ? process.argv.slice(2) : undefined))) process.exit(1);
});
