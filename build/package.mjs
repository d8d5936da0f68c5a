// What package.json's exports need beyond the hosts' own builds: the declarations of the
// core loader and the ABI numbers ("wasm-net/core", "wasm-net/abi"), emitted by TypeScript from
// their sources so they cannot drift, and a CommonJS marker beside each Ruff bundle (the
// package is "type": "module", the bundles are CommonJS). Run by build.mjs; alone: node build/package.mjs
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import ts from "typescript";
import { root, runIfMain, upToDate } from "./fresh.mjs";

const out = join(root, "build/out");

export function buildPackage() {
  for (const dir of ["ruff", "ruff-lite"]) {
    mkdirSync(join(out, dir), { recursive: true });
    // main: a Ruff app holds the folder as ruff_modules/net and requires "net"
    writeFileSync(join(out, dir, "package.json"), JSON.stringify({ name: "net", main: "net.js", type: "commonjs" }) + "\n");
  }
  if (upToDate(["build/out/core.d.ts", "build/out/abi.d.ts"], ["host-bindings/shell/core.ts", "assembly", "build/package.mjs", "build/fresh.mjs"])) {
    console.log("package: core.d.ts, abi.d.ts up to date; ruff/package.json, ruff-lite/package.json");
    return;
  }

  const sources = { "core.ts": "core.d.ts", "abi.ts": "abi.d.ts" };
  const program = ts.createProgram([join(root, "host-bindings/shell/core.ts"), join(root, "assembly/abi.ts")], {
    declaration: true,
    emitDeclarationOnly: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ES2020,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2020.d.ts", "lib.dom.d.ts"],
    types: [],
    strict: true,
    skipLibCheck: true,
  });
  const emitted = [];
  const result = program.emit(undefined, (file, text) => {
    const name = sources[basename(file).replace(/\.d\.ts$/, ".ts")];
    if (!name) return;
    writeFileSync(join(out, name), text);
    emitted.push(name);
  });
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics);
  if (errors.length || emitted.length !== 2) {
    console.error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
    throw new Error(`package: declarations not emitted (got ${emitted.join(", ") || "none"})`);
  }
  console.log("package: core.d.ts, abi.d.ts, ruff/package.json, ruff-lite/package.json");
}

await runIfMain(import.meta.url, buildPackage);
