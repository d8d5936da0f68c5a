// npm run bench:startup (issue 5, "start-up"): the time to require this module, which loads and
// instantiates the core, against require('node:net'), each in a fresh child process.
//
// N fresh processes per variant, interleaved (rotated order). Two figures per process: the time
// of the require alone, taken inside the child with process.hrtime around it, and the whole
// process's wall time (spawn to exit, taken here). A baseline child that requires nothing gives
// the process's own cost, and one that only compiles and instantiates net.wasm shows the core's
// share. Prints figures, asserts nothing about them; exits non-zero if a child fails.
// Needs `npm run build` first. Writes the section "startup" of bench/results/<date>-core.md.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { root, writeSection, median, fmt, spread } from "./results-file.mjs";

const N = 20;
const started = new Date();
const moduleFile = join(root, "build/out/node/index.cjs");
const wasmFile = join(root, "build/out/net.wasm");

// Each child prints one JSON line: the measured milliseconds, and whether node's own net module
// was already loaded before the measured code ran (Node loads some built-ins at start-up).
const timed = (code) => `
const netLoaded = process.moduleLoadList.includes("NativeModule net");
const t0 = process.hrtime.bigint();
${code}
const t1 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ ms: Number(t1 - t0) / 1e6, netLoaded }));`;

const variants = [
  { name: "nothing (baseline)", code: timed("") },
  { name: "require('node:net')", code: timed(`require("node:net");`) },
  { name: "require(wasm-net)", code: timed(`require(${JSON.stringify(moduleFile)});`) },
  {
    name: "net.wasm alone (read, compile, instantiate)",
    code: timed(`new WebAssembly.Instance(new WebAssembly.Module(require("node:fs").readFileSync(${JSON.stringify(wasmFile)})), {});`),
  },
];

const samples = new Map(variants.map((v) => [v.name, { inside: [], wall: [], netLoaded: new Set() }]));
let failures = 0;
for (let round = 0; round < N; round++) {
  const k = round % variants.length;
  for (const v of [...variants.slice(k), ...variants.slice(0, k)]) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["-e", v.code], { encoding: "utf8", timeout: 30_000 });
    const wall = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0 || r.error) {
      failures++;
      console.error(`${v.name}: child failed (${r.error?.message ?? `exit ${r.status}`}) ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
      continue;
    }
    const out = JSON.parse(r.stdout);
    const s = samples.get(v.name);
    s.inside.push(out.ms);
    s.wall.push(wall);
    s.netLoaded.add(out.netLoaded);
  }
}

const header = ["child process", "measured code, ms (inside the child)", "whole process, ms (wall)"];
const table = variants.map((v) => {
  const s = samples.get(v.name);
  return [v.name, s.inside.length ? spread(s.inside) : "failed", s.wall.length ? spread(s.wall) : "failed"];
});
const widths = header.map((_, i) => Math.max(...[header, ...table].map((r) => [...r[i]].length)));
const line = (r) => r.map((c, i) => (i >= 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
console.log([line(header), widths.map((w) => "-".repeat(w)).join("  "), ...table.map(line)].join("\n"));

const get = (name, key) => median(samples.get(name)[key]);
const wasmName = "require(wasm-net)", nodeName = "require('node:net')", base = "nothing (baseline)";
const ratioInside = get(wasmName, "inside") / get(nodeName, "inside");
const extraWall = get(wasmName, "wall") - get(nodeName, "wall");
const netPreloaded = [...samples.get(nodeName).netLoaded];
const summary = [
  `require(wasm-net) takes ${fmt(get(wasmName, "inside"))} ms against ${fmt(get(nodeName, "inside"))} ms for require('node:net') (${ratioInside.toFixed(1)}×, medians).`,
  `Whole process: ${fmt(get(wasmName, "wall"))} ms against ${fmt(get(nodeName, "wall"))} ms (${extraWall >= 0 ? "+" : ""}${fmt(extraWall)} ms); a process that requires nothing: ${fmt(get(base, "wall"))} ms.`,
  `node:net was ${netPreloaded.length === 1 ? (netPreloaded[0] ? "already" : "not yet") : "sometimes"} loaded by Node's own start-up before the require.`,
];
for (const s of summary) console.log(s);

const command = process.env.npm_lifecycle_event === "bench:startup" ? "npm run bench:startup" : "node bench/startup.mjs";
const md = `## Start-up (\`${command}\`, ${started.toISOString()})

${N} fresh \`node -e\` processes per row, interleaved in rotated order; median (min–max). The first
column is process.hrtime around the measured code inside the child; the second is the child's
whole life, spawn to exit, as the parent sees it. wasm-net's require loads the Node host and
instantiates the core (build/out/node/index.cjs reads ../net.wasm synchronously).

| ${header.join(" | ")} |
|---|---:|---:|
${table.map((r) => `| ${r.join(" | ")} |`).join("\n")}

${summary.map((s) => `- ${s}`).join("\n")}
`;
const file = writeSection("startup", md, started);
console.log(`written: ${file.slice(root.length + 1)} (section startup)`);
if (failures) process.exit(1);
