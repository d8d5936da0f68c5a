// The WASI guests (host-bindings/wasi/): every program once per socket ABI (host-bindings/wasi/abi/README.md).
//   component: asc → core module (+ wasi:cli/run's `run` around the start function) → jco's
//              componentEmbed/componentNew with abi/component.wit → *.component.wasm, then
//              jco transpile for Node (build/out/wasi/js/NAME/, run by build/out/wasi/js/NAME.mjs)
//   wamr, wasmedge: asc → preview1 module (*.wamr.wasm, *.wasmedge.wasm), when their file exists.
// Run by build.mjs; alone: node build/wasi.mjs
import { spawnSync } from "node:child_process";
import binaryen from "binaryen"; // assemblyscript's own (it pins the exact version)
import { componentEmbed, componentNew, transpile } from "@bytecodealliance/jco";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build/out/wasi");
const WASI_VERSION = "0.2.12"; // the WIT of component.ts's imports, from jco's copy
const witDir = join(root, "node_modules/@bytecodealliance/jco/lib/wit/builtin", WASI_VERSION);

const programs = [
  { name: "echo", source: "host-bindings/wasi/examples/echo.ts" },
  { name: "client", source: "host-bindings/wasi/examples/client.ts" },
  { name: "floor-echo", source: "host-bindings/wasi/examples/floor-echo.ts" },
  { name: "probe", source: "tests/wasi/guests/probe.ts", test: true, only: "component" }, // tests/wasi
];
// WASI_ABIS=component,wamr narrows the build (for work on one ABI); by default every ABI file there is
const abis = (process.env.WASI_ABIS?.split(",") ?? ["component", "wamr", "wasmedge"])
  .filter((abi) => existsSync(join(root, `host-bindings/wasi/abi/${abi}.ts`)));

mkdirSync(join(out, "js"), { recursive: true });

/** Compiles one program against one ABI file; returns the core module's bytes. asc runs in a
 *  child process: in-process, asc keeps every --lib file it has seen for later compilations. */
function compile(program, abi) {
  const entries = [program.source];
  if (abi === "component") entries.push("host-bindings/wasi/abi/component-exports.ts");
  const file = join(out, `${program.name}.${abi}.core.wasm`);
  const result = spawnSync(process.execPath, [
    join(root, "node_modules/assemblyscript/bin/asc.js"),
    ...entries, "--baseDir", root, "--lib", `host-bindings/wasi/abi/${abi}.ts`, "--use", "abort=sys_abort",
    "--runtime", "incremental", "--exportStart", "_start", "--optimizeLevel", "3", "--shrinkLevel", "1",
    "--noAssert", "--outFile", file,
  ], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`asc failed for ${program.source} (${abi}):\n${result.stderr}${result.stdout}`);
  const bytes = readFileSync(file);
  rmSync(file);
  return bytes;
}

/** wasi:cli/run's `run: func() -> result`: the program's start function, then ok. */
function exportRun(core) {
  const module = binaryen.readBinary(core);
  module.setFeatures(binaryen.Features.All);
  const start = binaryen.getExportInfo(module.getExport("_start")).value;
  module.removeExport("_start");
  module.addFunction("wasi:cli/run#run", binaryen.none, binaryen.i32, [],
    module.block(null, [module.call(start, [], binaryen.none), module.i32.const(0)], binaryen.i32));
  module.addFunctionExport("wasi:cli/run#run", `wasi:cli/run@${WASI_VERSION}#run`);
  if (!module.validate()) throw new Error("the wrapped core module does not validate");
  const bytes = module.emitBinary();
  module.dispose();
  return bytes;
}

/** The guest's world and the wasi: packages it uses, as one WIT source (nested packages). */
function witSource() {
  const packages = ["wasi-io", "wasi-clocks", "wasi-sockets", "wasi-cli", "wasi-random", "wasi-filesystem"].map((dir) => {
    const text = readFileSync(join(witDir, dir, "package.wit"), "utf8");
    return text.replace(/^package ([^;]+);/m, "package $1 {") + "\n}\n";
  });
  return [readFileSync(join(root, "host-bindings/wasi/abi/component.wit"), "utf8"), ...packages].join("\n");
}

async function buildComponent(program, core) {
  const embedded = await componentEmbed({ binary: exportRun(core), witSource: witSource(), world: "wasm-net:guest/guest" });
  const component = await componentNew(embedded);
  const file = join(out, `${program.name}.component.wasm`);
  writeFileSync(file, component);
  // for Node: jco transpile, and a runner that calls wasi:cli/run
  const jsDir = join(out, "js", program.name);
  rmSync(jsDir, { recursive: true, force: true });
  const { files } = await transpile(component, { name: program.name, noTypescript: true, quiet: true });
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(jsDir, name)), { recursive: true });
    writeFileSync(join(jsDir, name), bytes);
  }
  writeFileSync(join(out, "js", `${program.name}.mjs`), [
    `// node build/out/wasi/js/${program.name}.mjs [args...]: the component through jco + preview2-shim`,
    `import { run } from "./${program.name}/${program.name}.js";`,
    "run.run();",
    "",
  ].join("\n"));
  return file;
}

async function main() {
  for (const program of programs) {
    if (!existsSync(join(root, program.source))) continue;
    for (const abi of abis) {
      if (program.only && program.only !== abi) continue;
      const core = compile(program, abi);
      const file = abi === "component" ? await buildComponent(program, core) : join(out, `${program.name}.${abi}.wasm`);
      if (abi !== "component") writeFileSync(file, core);
      if (!program.test) console.log(`wasi/${program.name}.${abi}.wasm`.padEnd(34) + `${String(statSync(file).size).padStart(7)} bytes`);
    }
  }
  const missing = ["wamr", "wasmedge"].filter((abi) => !abis.includes(abi));
  if (missing.length) console.log(`wasi: no ${missing.join(", ")} build (host-bindings/wasi/abi/<abi>.ts is missing)`);
}

// binaryen's glue prints its whole source for an uncaught exception: report errors plainly
try {
  await main();
} catch (error) {
  console.error(`wasi build failed: ${error?.message ?? error}`);
  process.exit(1);
}
