// The WAMR and WasmEdge builds cannot run here (neither runtime installs from the registries), so
// their socket bindings are checked the other way: every import a build makes must be a function
// the runtime provides under that name with exactly that type, as read from the runtime's source
// (tests/wasi/socket-abis.mjs). A wrong type is a link failure on the runtime.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { basename } from "node:path";
import asc from "assemblyscript/asc";
import { SOCKET_ABIS, typeText, wamrSignatureType, wasmedgeBodyType } from "./socket-abis.mjs";
import { functionImports } from "./wasm-imports.mjs";

const path = (relative) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const PREVIEW1 = "wasi_snapshot_preview1";

/** abi-entry.ts (calls every sys_* once) built with the ABI file as --lib, as build/wasi.mjs does. */
async function buildEntry(abiFile) {
  const outputs = {};
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main([
    "tests/wasi/abi-entry.ts",
    "--baseDir", path("."), // as build/wasi.mjs: an ABI file's "../assembly/…" imports start from its ~lib/ name
    "--config", "tests/wasi/abi-entry.asconfig.json", // not the core's asconfig.json at the root
    "--lib", path(abiFile),
    "--outFile", "entry.wasm",
  ], { stdout: asc.createMemoryStream(), stderr, writeFile: (name, contents) => { outputs[name] = contents; } });
  // asc.main keeps every --lib file in its module-wide library table: forget this one, or the
  // next build in this process would compile both ABI files (duplicate sys_* globals).
  delete asc.libraryFiles[basename(abiFile, ".ts")];
  assert.equal(error, null, `asc failed for ${abiFile}: ${error?.message}\n${stderr.toString()}`);
  return outputs["entry.wasm"];
}

/** The "//   name   (types) -> result   source line" rows of an ABI file's header comment. */
function headerTable(file) {
  const rows = {};
  for (const line of readFileSync(path(file), "utf8").split("\n")) {
    const row = /^\/\/ {3}(\w+)\s+(\([^)]*\) -> \w+)\s+(.*\S)\s*$/.exec(line);
    if (row) rows[row[1]] = { type: row[2], checked: row[3] };
  }
  return rows;
}

/** Every import of `bytes` against one ABI's table: [] when each is provided with its exact type. */
function mismatches(bytes, abi) {
  return functionImports(bytes).flatMap((imp) => {
    const expected = imp.module === PREVIEW1 ? abi.imports[imp.name] : undefined;
    if (!expected) return [`${imp.module}.${imp.name} ${typeText(imp)}: not provided`];
    return typeText(imp) === expected.type ? [] : [`${imp.name}: imports ${typeText(imp)}, runtime has ${expected.type}`];
  });
}

const entries = {};
for (const [name, abi] of Object.entries(SOCKET_ABIS)) {
  test(`${name}: the header table of ${abi.file} is the table of socket-abis.mjs`, () => {
    assert.deepEqual(headerTable(abi.file), abi.imports);
  });

  test(`${name}: each import's type is what the quoted source line declares`, () => {
    const declared = abi.checkedAs === "wamr-signature"
      ? (row) => wamrSignatureType(/"(\([^"]*)"/.exec(row.checked)[1])
      : (row) => wasmedgeBodyType(row.checked);
    for (const [import_, row] of Object.entries(abi.imports)) {
      assert.equal(declared(row), row.type, import_);
    }
  });

  test(`${name}: a build calling every sys_* imports exactly the table's functions with their types`, async () => {
    const bytes = await buildEntry(abi.file);
    entries[name] = bytes;
    const imports = functionImports(bytes);
    assert.deepEqual(mismatches(bytes, abi), []);
    const names = imports.map((imp) => imp.name).sort();
    assert.deepEqual(names, Object.keys(abi.imports).sort(), "an import of the table is unused, or one is imported twice");
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => `${e.kind} ${e.name}`);
    assert.ok(exports.includes("function _start") && exports.includes("memory memory"), exports.join(", "));
  });
}

test("the two ABIs share names with other signatures, so neither build links on the other runtime", async () => {
  const { wamr, wasmedge } = SOCKET_ABIS;
  const differ = Object.keys(wamr.imports)
    .filter((name) => name in wasmedge.imports && wamr.imports[name].type !== wasmedge.imports[name].type)
    .sort();
  assert.deepEqual(differ, ["sock_accept", "sock_bind", "sock_connect", "sock_open"]);
  const wamrBuild = entries.wamr ?? (await buildEntry(wamr.file));
  const wasmedgeBuild = entries.wasmedge ?? (await buildEntry(wasmedge.file));
  for (const name of differ) {
    assert.ok(mismatches(wamrBuild, wasmedge).some((m) => m.startsWith(`${name}:`)), `WAMR build's ${name} would link on WasmEdge`);
    assert.ok(mismatches(wasmedgeBuild, wamr).some((m) => m.startsWith(`${name}:`)), `WasmEdge build's ${name} would link on WAMR`);
  }
});

// The programs npm run build makes for each ABI (build/wasi.mjs), once that script exists: the
// examples must be there, and every preview1 module it made must link on its runtime.
if (existsSync(path("build/wasi.mjs"))) {
  const built = existsSync(path("build/out/wasi")) ? readdirSync(path("build/out/wasi")) : [];
  for (const [name, abi] of Object.entries(SOCKET_ABIS)) {
    test(`build/out/wasi has the examples for ${name}`, () => {
      for (const program of ["echo", "client"]) {
        assert.ok(built.includes(`${program}.${name}.wasm`), `build/out/wasi/${program}.${name}.wasm is missing: run npm run build`);
      }
    });
    for (const file of built.filter((f) => f.endsWith(`.${name}.wasm`))) {
      test(`build/out/wasi/${file} imports only what ${name} provides, with the same types`, () => {
        assert.deepEqual(mismatches(readFileSync(path(`build/out/wasi/${file}`)), abi), []);
      });
    }
  }
}
