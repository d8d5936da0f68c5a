// Deterministic cost of the Node host: user-space instructions the server process executes per
// round trip (pingpong, 64 bytes), per HTTP keep-alive request (Node's http server fed by the
// net module's server) and per MQTT QoS 1 delivery (an aedes broker), for node:net and wasm-net
// side by side, counted by callgrind (valgrind).
// Instruction counts repeat within a few percent on this noisy machine where wall-clock figures
// swing 2x; the kernel's work (the same for both: the same system calls) is not counted.
//
//   npm run build && node bench/node-instructions.mjs [--only pingpong|http|mqtt]
//
// Each figure is (count after LONG operations - count after SHORT) / (LONG - SHORT): start-up
// and the JIT's warm-up cancel out. Needs valgrind and gcc (the load generator of npm run bench).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { perOperation, serverInstructions } from "./callgrind.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const loadgen = join(root, "build/out/bench/loadgen");
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;

if (!existsSync(loadgen)) {
  mkdirSync(dirname(loadgen), { recursive: true });
  if (spawnSync("gcc", ["-O2", "-o", loadgen, join(root, "bench/loadgen.c")], { stdio: "inherit" }).status !== 0) throw new Error("gcc failed");
}

const WORKLOADS = {
  pingpong: {
    server: (impl) => impl === "floor"
      ? [join(root, "bench/servers/node-floor.cjs"), "0"]
      : [join(root, "bench/servers/server.cjs"), "echo", impl, "0"],
    load: (port, n) => [loadgen, ["pingpong", port, n]],
    floor: true,
    short: 2000, long: 12000, unit: "round trip",
  },
  http: {
    server: (impl) => [join(root, "bench/servers/libs-server.mjs"), "http", impl],
    load: (port, n) => [process.execPath, [join(root, "bench/http-requests.cjs"), port, n]],
    // after 6,000 requests: V8 still compiles Node's http code (and ours) through the first few
    // thousand, which would count as a share of each request (about 22k instructions for
    // node:net between 2,000 and 6,000, 1k from 6,000 on)
    short: 6000, long: 16000, unit: "request",
  },
  mqtt: {
    server: (impl) => [join(root, "bench/servers/libs-server.mjs"), "mqtt", impl],
    load: (port, n) => [process.execPath, [join(root, "bench/mqtt-deliveries.mjs"), port, n]],
    short: 6000, long: 16000, unit: "delivery",
  },
};

/** Instructions of one server process that serves `n` operations and ends. */
function count(workload, impl, n) {
  const w = WORKLOADS[workload];
  return serverInstructions({
    // --single-threaded: the JIT compiles on the main thread, so when code gets optimized does
    // not depend on thread timing and the counts repeat
    program: process.execPath, args: ["--single-threaded", ...w.server(impl)],
    load: (port) => {
      const [program, args] = w.load(String(port), String(n));
      const run = spawnSync(program, args, { encoding: "utf8", timeout: 300_000 });
      if (run.status !== 0) throw new Error(`load failed: ${run.stderr}`);
    },
  });
}

console.log("| workload | node:net | wasm-net | wasm/node | platform floor |\n|---|---:|---:|---:|---:|");
for (const [name, w] of Object.entries(WORKLOADS)) {
  if (only && only !== name) continue;
  const per = {};
  for (const impl of w.floor ? ["node", "wasm", "floor"] : ["node", "wasm"]) {
    per[impl] = await perOperation((n) => count(name, impl, n), w.short, w.long);
  }
  const f = (x) => Math.round(x).toLocaleString("en-US");
  const floor = per.floor === undefined ? "—" : f(per.floor);
  console.log(`| ${name}: user-space instructions per ${w.unit} | ${f(per.node)} | ${f(per.wasm)} | ${(per.wasm / per.node).toFixed(2)}× | ${floor} |`);
}
