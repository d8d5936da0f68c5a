// The Ruff bundles: the core's plain-JavaScript form (wasm2js of net.wasm / net-lite.wasm) and
// the Ruff adapter, lowered to ES5 for Duktape and minified into one CommonJS file each:
// build/out/ruff/net.js (full) and build/out/ruff-lite/net.js (Ruff Lite). Run after the cores.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import ts from "typescript";
import { report } from "./budgets.mjs";
import { forDuktape } from "./ruff-duktape.mjs";
import { root, runIfMain, upToDate } from "./fresh.mjs";

const out = join(root, "build/out");
const wasm2js = join(root, "node_modules/.bin/wasm2js");
const wasmOpt = join(root, "node_modules/.bin/wasm-opt");

// (size budgets: build/budgets.mjs)
// inline: wasm-opt's -aimfs before wasm2js. Each call costs Duktape far more than the body of a
// small function; Ruff Lite inlines less, for its size budget
const bundles = [
  { core: "net.wasm", dir: "ruff", lite: false, inline: 40 },
  { core: "net-lite.wasm", dir: "ruff-lite", lite: true, inline: 20 },
];
const features = ["--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-mutable-globals"];

/** wasm2js output as a module exporting `instantiate()`, with what Duktape lacks supplied
 *  locally (no global is touched): Math.fround, TypedArray fill and copyWithin. */
function plainCore(wasmFile, inline) {
  const inlined = join(out, "tmp", wasmFile.replace(".wasm", ".inlined.wasm"));
  // (64-bit integers lowered to 32-bit pairs here, where the optimizer runs after the lowering,
  // rather than by wasm2js, which would leave every move of the pairs in)
  execFileSync(wasmOpt, [join(out, wasmFile), "-O3", "-aimfs", String(inline), "--flatten", "--i64-to-i32-lowering", "-O3", ...features, "-o", inlined], { stdio: "inherit" });
  // (no -O: wasm2js 116's optimizer aborts on net.wasm; wasm-opt optimized it)
  const js = execFileSync(wasm2js, [inlined, ...features], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const body = js
    .replace(/^export var .*$/gm, "")
    .replace(/^var retasmFunc = asmFunc\(\{\s*\}\);$/m, "")
    .replace("bufferView.fill(value, dest, dest + size);", "for (var i = 0; i < size; i++) bufferView[dest + i] = value;")
    .replace("bufferView.copyWithin(dest, source, source + size);", "bufferView.set(bufferView.subarray(source, source + size), dest);")
    .replace("var Math_fround = Math.fround;", "var Math_fround = Math.fround || function (x) { var f = new Float32Array(1); f[0] = x; return f[0]; };");
  if (/\bexport\b|\.fill\(|\.copyWithin\(/.test(body)) throw new Error(`wasm2js output of ${wasmFile} changed shape: update build/ruff.mjs`);
  return `export function instantiate() {\n${forDuktape(body).text}\nreturn asmFunc({});\n}\n`;
}

/** esbuild bundles (it cannot lower to ES5); TypeScript 5 lowers; esbuild minifies ES5 as is. */
async function bundle({ core, dir, lite, inline }) {
  const file = join(out, dir, "net.js");
  const sources = [`build/out/${core}`, "host-bindings", "assembly", "build/ruff.mjs", "build/ruff-duktape.mjs", "build/fresh.mjs"];
  // the core's plain form is an intermediate: outside the folder a Ruff app copies
  const coreFile = join(out, "tmp", `${dir}.core.plain.js`);
  if (upToDate([`build/out/${dir}/net.js`, `build/out/tmp/${dir}.core.plain.js`], sources)) {
    return report(`${dir}/net.js`, statSync(file).size, "  (up to date)");
  }
  mkdirSync(join(out, dir), { recursive: true });
  mkdirSync(join(out, "tmp"), { recursive: true });
  rmSync(join(out, dir, "core.plain.js"), { force: true }); // where earlier builds put it
  writeFileSync(coreFile, plainCore(core, inline));
  const bundled = await esbuild.build({
    entryPoints: [join(root, "host-bindings/ruff/index.ts")],
    bundle: true,
    write: false,
    format: "cjs",
    platform: "neutral",
    target: "es2017",
    external: ["events", "dns", "stream"],
    define: { __LITE__: String(lite) },
    // class and function names as written (net.Socket.name is "Socket"): esbuild names each
    // one explicitly here, so the renames of bundling and minifying below do not show
    keepNames: true,
    // constants inlined (the ABI's OP_ and flag names): Duktape looks a closure's outer variable
    // up by name at each use, a switch over 20 OP_ cases would look up each
    minifySyntax: true,
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
  writeFileSync(file, code);
  return report(`${dir}/net.js`, statSync(file).size);
}

/** Both bundles; false when one is over its budget. */
export async function buildRuff() {
  let ok = true;
  for (const b of bundles) ok = (await bundle(b)) && ok;
  return ok;
}

await runIfMain(import.meta.url, async () => {
  if (!(await buildRuff())) process.exit(1);
});
