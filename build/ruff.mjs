// The Ruff bundles: the core's plain-JavaScript form (wasm2js of net.wasm / net-lite.wasm) and
// the Ruff adapter, lowered to ES5 for Duktape and minified into one CommonJS file each:
// build/out/ruff/net.js (full) and build/out/ruff-lite/net.js (Ruff Lite). Run after the cores.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build/out");
const wasm2js = join(root, "node_modules/.bin/wasm2js");

// Budgets of issue 7, for the minified bundles.
const bundles = [
  { core: "net.wasm", dir: "ruff", lite: false, budget: 160 * 1024 },
  { core: "net-lite.wasm", dir: "ruff-lite", lite: true, budget: 64 * 1024 },
];

/** wasm2js output as a module exporting `instantiate()`, with what Duktape lacks supplied
 *  locally (no global is touched): Math.fround, TypedArray fill and copyWithin. */
function plainCore(wasmFile) {
  const js = execFileSync(wasm2js, [
    // (no -O: wasm2js 116's optimizer aborts on net.wasm; the module is optimized already)
    join(out, wasmFile),
    "--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-mutable-globals",
  ], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const body = js
    .replace(/^export var .*$/gm, "")
    .replace(/^var retasmFunc = asmFunc\(\{\s*\}\);$/m, "")
    .replace("bufferView.fill(value, dest, dest + size);", "for (var i = 0; i < size; i++) bufferView[dest + i] = value;")
    .replace("bufferView.copyWithin(dest, source, source + size);", "bufferView.set(bufferView.subarray(source, source + size), dest);")
    .replace("var Math_fround = Math.fround;", "var Math_fround = Math.fround || function (x) { var f = new Float32Array(1); f[0] = x; return f[0]; };");
  if (/\bexport\b|\.fill\(|\.copyWithin\(/.test(body)) throw new Error(`wasm2js output of ${wasmFile} changed shape: update build/ruff.mjs`);
  return `export function instantiate() {\n${body}\nreturn asmFunc({});\n}\n`;
}

/** esbuild bundles (it cannot lower to ES5); TypeScript 5 lowers; esbuild minifies ES5 as is. */
async function bundle({ core, dir, lite, budget }) {
  mkdirSync(join(out, dir), { recursive: true });
  const coreFile = join(out, dir, "core.plain.js");
  writeFileSync(coreFile, plainCore(core));
  const bundled = await esbuild.build({
    entryPoints: [join(root, "host-bindings/ruff/index.ts")],
    bundle: true,
    write: false,
    format: "cjs",
    platform: "neutral",
    target: "es2017",
    external: ["events", "dns"],
    define: { __LITE__: String(lite) },
    footer: { js: "module.exports = module.exports.default;" },
    plugins: [{
      name: "wasm-net-core",
      setup(build) { build.onResolve({ filter: /^wasm-net-core$/ }, () => ({ path: coreFile })); },
    }],
    logLevel: "warning",
  });
  const es5 = ts.transpileModule(bundled.outputFiles[0].text, {
    fileName: "net.js",
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None, allowJs: true, removeComments: true },
  }).outputText;
  const { code } = await esbuild.transform(es5, { minify: true, target: "es5", format: "cjs", logLevel: "warning" });
  const file = join(out, dir, "net.js");
  writeFileSync(file, code);
  const ok = code.length <= budget;
  console.log(`${(dir + "/net.js").padEnd(18)} ${String(code.length).padStart(6)} bytes  (budget ${budget}) ${ok ? "ok" : "OVER BUDGET"}`);
  return ok;
}

let ok = true;
for (const b of bundles) ok = (await bundle(b)) && ok;
if (!ok) process.exit(1);
