#!/usr/bin/env node
// wasm-net-wasi build PROGRAM.ts [--abi component|wamr|wasmedge ...] [--out DIR] [--node]
// Builds a WASI guest written against wasm-net's guest API (import from
// "wasm-net/host-bindings/wasi/net") for each ABI asked (default: all three) into DIR (default:
// build/ beside the program): PROGRAM.component.wasm (Wasmtime, jco), PROGRAM.wamr.wasm (WAMR's
// iwasm), PROGRAM.wasmedge.wasm (WasmEdge); --node also makes DIR/js/PROGRAM.mjs, the component
// transpiled by jco to run on Node (`node DIR/js/PROGRAM.mjs [args]`).
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ABIS, buildGuest, TOOLCHAIN } from "./wasi-build.mjs";

const usage = `usage: wasm-net-wasi build PROGRAM.ts [--abi ${ABIS.join("|")}]... [--out DIR] [--node]
  needs, in your project: ${TOOLCHAIN}`;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { abi: { type: "string", multiple: true }, out: { type: "string" }, node: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const [command, program, ...extra] = positionals;
const abis = values.abi?.flatMap((a) => a.split(",")) ?? ABIS;
const wrong = abis.filter((a) => !ABIS.includes(a));
if (command !== "build" || !program || extra.length || wrong.length) {
  console.error(`${wrong.length ? `unknown ABI ${wrong.join(", ")}\n` : ""}${usage}`);
  process.exit(2);
}

const source = resolve(program);
const outDir = resolve(values.out ?? join(dirname(source), "build"));
try {
  for (const abi of abis) {
    for (const file of await buildGuest({ source, abi, outDir, node: values.node === true })) console.log(file);
  }
} catch (error) {
  console.error(`wasm-net-wasi: ${error?.message ?? error}`);
  process.exit(1);
}
