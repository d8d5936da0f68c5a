// Where the micro-benchmarks (core-micro.mjs, startup.mjs) put their figures: one file per day,
// bench/results/<YYYY-MM-DD>-core.md, beside the loopback run's <YYYY-MM-DD>.md. Each script owns
// one section of it, delimited by HTML comments, and replaces only that section when it runs
// again, so the two scripts can run in any order.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpus, release } from "node:os";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Writes `markdown` as section `name` of today's core results file; returns the file's path. */
export function writeSection(name, markdown, date = new Date()) {
  const day = date.toISOString().slice(0, 10);
  const file = join(root, "bench/results", `${day}-core.md`);
  const begin = `<!-- section ${name} -->`;
  const end = `<!-- end of section ${name} -->`;
  let text = existsSync(file)
    ? readFileSync(file, "utf8")
    : `# Micro-benchmarks ${day}: the core alone and start-up, wasm-net against node:net\n\n` +
      `Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), Linux ${release()}, Node ${process.version}.\n`;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const at = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (at >= 0 && stop > at) text = text.slice(0, at) + block + text.slice(stop + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  return file;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A figure with the digits that matter at its size, thousands separated. */
export function fmt(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "n/a";
  const a = Math.abs(v);
  const digits = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3;
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "median (min–max)" of samples. */
export function spread(xs) {
  return `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
}
