// Builds one WASI guest program (AssemblyScript, written against wasm-net's guest API) for one
// socket ABI (host-bindings/wasi/abi/README.md). Used by the wasm-net-wasi command (a user's own
// program) and by build/wasi.mjs (the examples and test guests).
//   component: asc → core module → jco's componentEmbed with abi/component.wit, componentNew
//              with jco's WASI preview1 adapter (for wasi-shim's calls; it exports wasi:cli/run)
//              → NAME.component.wasm; with `node`, jco transpile for Node too (js/NAME/, run by
//              js/NAME.mjs)
//   wamr, wasmedge: asc → preview1 module NAME.ABI.wasm
// Every ABI takes the program's arguments, clock, output, exit and abort from wasi-shim.
// The tool chain is the caller's: assemblyscript, @assemblyscript/wasi-shim and (component)
// @bytecodealliance/jco, found from the working directory or from this package.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The package's root: asc's base directory, so an ABI file's "../assembly/…" imports resolve. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ABIS = ["component", "wamr", "wasmedge"];
const WASI_VERSION = "0.2.12"; // the WIT of component.ts's imports, from jco's copy
export const TOOLCHAIN = "npm install --save-dev assemblyscript@0.27.37 @assemblyscript/wasi-shim@0.1.0 @bytecodealliance/jco@1.35.0 @bytecodealliance/preview2-shim@0.26.1";

/** A package's folder: the first node_modules/NAME above the working directory or this package. */
function packageDir(name) {
  for (const start of [process.cwd(), packageRoot]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, "node_modules", name, "package.json"))) return join(dir, "node_modules", name);
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`${name} is not installed; a WASI guest build needs its tool chain:\n  ${TOOLCHAIN}`);
}

/** A package's main module (its package.json "exports" "." default, or "main"), imported. */
async function importPackage(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const dot = manifest.exports?.["."];
  const main = (typeof dot === "string" ? dot : dot?.default) ?? manifest.main ?? "index.js";
  return import(pathToFileURL(join(dir, main)).href);
}

/** Folders asc searches for packages ("@assemblyscript/wasi-shim", "wasm-net/…" in a user's program). */
function packagePaths() {
  const paths = [join(process.cwd(), "node_modules"), dirname(dirname(packageDir("@assemblyscript/wasi-shim")))];
  if (basename(dirname(packageRoot)) === "node_modules") paths.push(dirname(packageRoot));
  return [...new Set(paths)].filter((p) => existsSync(p));
}

/** asc in a child process (in-process, asc keeps every --lib file it has seen for later builds);
 *  returns the core module's bytes. */
function compile(source, abi, scratch) {
  const fromRoot = (file) => (isAbsolute(file) && !relative(packageRoot, file).startsWith("..") ? relative(packageRoot, file) : file);
  const entries = [fromRoot(source)];
  if (abi === "component") entries.push("host-bindings/wasi/abi/component-exports.ts");
  // --runtime minimal: no shadow stack, garbage collected between the loop's turns
  // (host-bindings/wasi/collect.ts). --shrinkLevel 0 (binaryen inlines the small calls):
  // interpreters pay for every call and operator; WAMR's fast interpreter runs the echo's round
  // trip in 12% fewer instructions (22,020 → 19,257 under callgrind) for 4 KiB more
  const result = spawnSync(process.execPath, [
    join(packageDir("assemblyscript"), "bin/asc.js"),
    ...entries, "--baseDir", packageRoot, ...packagePaths().flatMap((p) => ["--path", p]),
    "--lib", join(packageRoot, `host-bindings/wasi/abi/${abi}.ts`), "--use", "abort=sys_abort",
    "--runtime", "minimal", "--exportStart", "_start", "--optimizeLevel", "3", "--shrinkLevel", "0",
    "--noAssert", "--outFile", scratch,
  ], { cwd: packageRoot, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`asc failed for ${source} (${abi}):\n${result.stderr}${result.stdout}`);
  const bytes = readFileSync(scratch);
  rmSync(scratch);
  return bytes;
}

/** The guest's world and the wasi: packages it uses, as one WIT source (nested packages). */
function witSource(jco) {
  const witDir = join(jco, "lib/wit/builtin", WASI_VERSION);
  const packages = ["wasi-io", "wasi-clocks", "wasi-sockets", "wasi-cli", "wasi-random", "wasi-filesystem"].map((dir) => {
    const text = readFileSync(join(witDir, dir, "package.wit"), "utf8");
    return text.replace(/^package ([^;]+);/m, "package $1 {") + "\n}\n";
  });
  return [readFileSync(join(packageRoot, "host-bindings/wasi/abi/component.wit"), "utf8"), ...packages].join("\n");
}

/** Builds `source` for `abi` into `outDir`/NAME.ABI.wasm (NAME: the file's name, or `name`);
 *  `node`: a component is also transpiled for Node (outDir/js/NAME/, run by outDir/js/NAME.mjs).
 *  Returns the files written. */
export async function buildGuest({ source, abi, outDir, name = basename(source).replace(/\.ts$/, ""), node = false }) {
  if (!ABIS.includes(abi)) throw new Error(`unknown ABI ${abi} (one of ${ABIS.join(", ")})`);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.${abi}.wasm`);
  const core = compile(source, abi, join(outDir, `${name}.${abi}.core.wasm`));
  if (abi !== "component") {
    writeFileSync(file, core);
    return [file];
  }
  const jco = packageDir("@bytecodealliance/jco");
  const { componentEmbed, componentNew, transpile } = await importPackage(jco);
  const embedded = await componentEmbed({ binary: core, witSource: witSource(jco), world: "wasm-net:guest/guest" });
  // wasi-shim's preview1 calls (arguments, clock, output, exit) become wasi:cli and wasi:clocks
  // through the preview1 adapter; the adapter also exports wasi:cli/run, which calls _start
  const adapter = readFileSync(join(jco, "lib/wasi_snapshot_preview1.command.wasm"));
  writeFileSync(file, await componentNew(embedded, [["wasi_snapshot_preview1", adapter]]));
  if (!node) return [file];
  const jsDir = join(outDir, "js", name);
  rmSync(jsDir, { recursive: true, force: true });
  const { files } = await transpile(readFileSync(file), { name, noTypescript: true, quiet: true });
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(jsDir, path)), { recursive: true });
    writeFileSync(join(jsDir, path), bytes);
  }
  // jco's output is ES modules in .js files: say so, whatever the user's package.json says
  writeFileSync(join(outDir, "js", "package.json"), JSON.stringify({ type: "module" }) + "\n");
  const runner = join(outDir, "js", `${name}.mjs`);
  writeFileSync(runner, [
    `// node ${name}.mjs [args...]: the component through jco + preview2-shim`,
    `import { run } from "./${name}/${name}.js";`,
    "run.run();",
    "",
  ].join("\n"));
  return [file, runner];
}
