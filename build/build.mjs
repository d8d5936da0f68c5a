// npm run build: both core profiles, the host bindings, and the size budgets.
import asc from "assemblyscript/asc";
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build/out");
mkdirSync(out, { recursive: true });

// Release budgets of issue 3: the core must stay small enough for microcontroller-class hosts.
const cores = [
  { entry: "assembly/index.ts", target: "full", file: "net.wasm", budget: 32 * 1024 },
  { entry: "assembly/lite.ts", target: "lite", file: "net-lite.wasm", budget: 12 * 1024 },
];

let failed = false;
for (const core of cores) {
  const { error, stderr } = await asc.main(
    [core.entry, "--config", join(root, "asconfig.json"), "--target", core.target],
    { stdout: process.stdout, stderr: process.stderr },
  );
  if (error) {
    console.error(`asc failed for ${core.entry}: ${error.message}\n${stderr.toString()}`);
    process.exit(1);
  }
  const size = statSync(join(out, core.file)).size;
  const ok = size <= core.budget;
  failed ||= !ok;
  console.log(`${core.file.padEnd(14)} ${String(size).padStart(6)} bytes  (budget ${core.budget}) ${ok ? "ok" : "OVER BUDGET"}`);
}

await esbuild.build({
  entryPoints: { core: join(root, "host-bindings/shell/core.ts"), abi: join(root, "assembly/abi.ts") },
  outdir: out,
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2020",
  logLevel: "warning",
});

// The Node host: one CommonJS bundle (it reads ../net.wasm synchronously) and an ESM face.
await esbuild.build({
  entryPoints: [join(root, "host-bindings/node/index.ts")],
  outfile: join(out, "node/index.cjs"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  logLevel: "warning",
});
writeFileSync(join(out, "node/index.mjs"), [
  'import net from "./index.cjs";',
  "export default net;",
  "export const { createServer, connect, createConnection, Server, Socket, Stream, isIP, isIPv4, isIPv6 } = net;",
  "",
].join("\n"));

copyFileSync(join(root, "host-bindings/node/index.d.ts"), join(out, "node/index.d.ts"));
copyFileSync(join(root, "host-bindings/node/index.d.ts"), join(out, "node/index.d.mts"));

if (failed) process.exit(1);

// the other hosts' builds, each in its own file
await import("./ruff.mjs");
await import("./ruff-host.mjs");
await import("./wasi.mjs");
await import("./package.mjs");
