// The Node host and the JavaScript core loader: build/out/node/index.cjs (one CommonJS bundle,
// it reads ../net.wasm), index.mjs (its ESM face), the declarations; build/out/core.js and
// abi.js ("wasm-net/core", "wasm-net/abi"). Rebuilt only when their sources changed.
// Alone: node build/node.mjs
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root, runIfMain, upToDate } from "./fresh.mjs";

const out = join(root, "build/out");
const SOURCES = ["host-bindings", "assembly", "build/node.mjs", "build/fresh.mjs"];
const NAMES = ["createServer", "connect", "createConnection", "Server", "Socket", "Stream", "isIP", "isIPv4", "isIPv6",
  "getDefaultAutoSelectFamily", "setDefaultAutoSelectFamily", "getDefaultAutoSelectFamilyAttemptTimeout",
  "setDefaultAutoSelectFamilyAttemptTimeout"];

export async function buildNode() {
  const outputs = ["core.js", "abi.js", "node/index.cjs", "node/index.mjs", "node/index.d.ts", "node/index.d.mts"];
  if (upToDate(outputs.map((f) => `build/out/${f}`), SOURCES)) {
    console.log("node/index.cjs, core.js, abi.js: up to date");
    return;
  }
  const esbuild = await import("esbuild");
  mkdirSync(join(out, "node"), { recursive: true });
  await esbuild.build({
    entryPoints: { core: join(root, "host-bindings/shell/core.ts"), abi: join(root, "assembly/abi.ts") },
    outdir: out,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2020",
    keepNames: true,
    logLevel: "warning",
  });
  await esbuild.build({
    entryPoints: [join(root, "host-bindings/node/index.ts")],
    outfile: join(out, "node/index.cjs"),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    // class and function names as written (net.Socket.name is "Socket", not a bundler's rename)
    keepNames: true,
    // esbuild marks the exports __esModule; TypeScript's and Babel's interop then take
    // `default` from them: it is the module itself, as the declarations say
    footer: { js: "module.exports.default = module.exports;" },
    logLevel: "warning",
  });
  writeFileSync(join(out, "node/index.mjs"), [
    'import net from "./index.cjs";',
    "export default net;",
    `export const { ${NAMES.join(", ")} } = net;`,
    "",
  ].join("\n"));
  copyFileSync(join(root, "host-bindings/node/index.d.ts"), join(out, "node/index.d.ts"));
  copyFileSync(join(root, "host-bindings/node/index.d.ts"), join(out, "node/index.d.mts"));
  console.log("node/index.cjs, core.js, abi.js: built");
}

await runIfMain(import.meta.url, buildNode);
