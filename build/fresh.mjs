// Incremental builds: a step runs only when one of its outputs is missing or older than the
// newest of its inputs (files, or folders taken whole). `node build/build.mjs --force` (or
// WASM_NET_FORCE_BUILD=1) rebuilds everything.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const force = process.env.WASM_NET_FORCE_BUILD === "1" || process.argv.includes("--force");

/** The newest modification time under `path` (0 when it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let time = 0;
  for (const entry of readdirSync(path)) time = Math.max(time, newest(join(path, entry)));
  return time;
}

/** True when every output exists and is at least as new as every input (paths from the root). */
export function upToDate(outputs, inputs) {
  if (force) return false;
  const at = (p) => join(root, p);
  if (!outputs.every((o) => existsSync(at(o)))) return false;
  const oldestOutput = Math.min(...outputs.map((o) => statSync(at(o)).mtimeMs));
  return oldestOutput >= Math.max(...inputs.map((i) => newest(at(i))));
}

/** Runs `main` when `moduleUrl` is the script node was started with (node build/X.mjs alone). */
export async function runIfMain(moduleUrl, main) {
  if (process.argv[1] && fileURLToPath(moduleUrl) === process.argv[1]) await main();
}
