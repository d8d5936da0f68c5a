// npm run bench:ruff — the Ruff bundle in the Ruff-compatible runtime (issue 7's budgets):
//   - echo round trips/s through the bundle against an echo written directly on `uv` in the
//     same runtime (the floor), with the load generator of npm run bench (pingpong, 64 bytes);
//     server and load generator pinned to one CPU with taskset where it exists (as the WASI
//     figures are taken): the ratio is then one of CPU work per round trip, not of two CPUs'
//     wake-up latencies, which swing with the machine's load (the floor ran 3,000 to 30,000
//     rt/s unpinned on one afternoon); --unpinned runs them where the kernel puts them;
//   - Duktape heap bytes per idle connection over 1,000 connections.
// npm run bench:ruff -- --callgrind: instead, the server's instructions per round trip under
// valgrind's callgrind, for both echoes (deterministic, where the wall clock of a shared machine
// is not): the difference between runs of 1,000 and 3,000 round trips, so startup cancels out.
// Needs npm run build (the bundles and build/out/ruff-host/ruff) and gcc (and valgrind).
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installBundle, RUFF } from "../tests/ruff/ruff.mjs";
import { perOperation, serverInstructions } from "./callgrind.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const loadgen = join(root, "build/out/bench/loadgen");
const ROUND_TRIPS = Number(process.env.WASM_NET_RUFF_ROUNDS ?? 20000);
const REPS = 3;
const PINNED = !process.argv.includes("--unpinned") && spawnSync("taskset", ["-c", "0", "true"]).status === 0;
/** `program args` as spawned: behind `taskset -c 0` when pinned. */
const pinned = (program, args) => (PINNED ? ["taskset", ["-c", "0", program, ...args]] : [program, args]);

if (!existsSync(loadgen)) {
  mkdirSync(dirname(loadgen), { recursive: true });
  const cc = spawnSync("gcc", ["-O2", "-o", loadgen, join(root, "bench/loadgen.c")], { stdio: "inherit" });
  if (cc.status !== 0) throw new Error("gcc failed to build the load generator");
}

const dir = installBundle("ruff");
for (const file of ["servers/ruff-echo.js", "servers/ruff-idle.js"]) copyFileSync(join(root, "bench", file), join(dir, file.split("/")[1]));
copyFileSync(join(root, "tests/ruff-host/scripts/uv-echo.js"), join(dir, "uv-echo.js"));

/** Starts a script in the runtime and resolves with the child and the port it printed. */
function start(script, args = [], env = {}) {
  const [program, argv] = pinned(RUFF, [join(dir, script), ...args.map(String)]);
  const child = spawn(program, argv, { cwd: dir, env: { ...process.env, ...env } });
  let out = "";
  child.stderr.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (d) => {
      out += d;
      const m = /listening (\d+)\n/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), output: () => out });
    });
    child.on("exit", (code) => reject(new Error(`${script} exited (${code}): ${out}`)));
  });
}

function runLoadgen(args, pin = false) {
  const [program, argv] = pin ? pinned(loadgen, args.map(String)) : [loadgen, args.map(String)];
  const run = spawnSync(program, argv, { encoding: "utf8", timeout: 120_000 });
  if (run.status !== 0) throw new Error(`loadgen ${args.join(" ")}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop());
}

async function pingpong(script) {
  const server = await start(script, [0]);
  try {
    const result = runLoadgen(["pingpong", server.port, ROUND_TRIPS], true);
    return result.rt_per_s;
  } finally {
    server.child.kill();
  }
}

/** Instructions the server executes over `rounds` round trips (and its startup), under callgrind. */
function instructions(script, rounds) {
  return serverInstructions({
    program: RUFF, args: [join(dir, script), "0"], cwd: dir, signal: "SIGTERM",
    load: (port) => runLoadgen(["pingpong", port, rounds]),
  });
}

if (process.argv.includes("--callgrind")) {
  const perRound = {};
  for (const [name, script] of [["floor", "uv-echo.js"], ["bundle", "ruff-echo.js"]]) {
    perRound[name] = Math.round(await perOperation((rounds) => instructions(script, rounds), 1000, 3000));
  }
  console.log(`callgrind, pingpong 64 B: uv floor ${perRound.floor} instructions per round trip, ruff/net.js ${perRound.bundle} (${(perRound.bundle / perRound.floor).toFixed(1)}x the floor's)`);
  process.exit(0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = { floor: [], bundle: [] };
for (let rep = 0; rep < REPS; rep++) {
  const order = rep % 2 ? ["bundle", "floor"] : ["floor", "bundle"];
  for (const which of order) samples[which].push(await pingpong(which === "floor" ? "uv-echo.js" : "ruff-echo.js"));
}
const floor = median(samples.floor), bundle = median(samples.bundle);
console.log(`pingpong (64 B, ${ROUND_TRIPS} round trips, median of ${REPS}${PINNED ? ", server and client on CPU 0" : ", unpinned"}): uv floor ${Math.round(floor)} rt/s, ruff/net.js ${Math.round(bundle)} rt/s, ratio ${(bundle / floor).toFixed(2)}x`);
console.log(`  samples: floor ${samples.floor.map(Math.round).join(", ")}; bundle ${samples.bundle.map(Math.round).join(", ")}`);

const CONNS = 1000;
const idle = await start("ruff-idle.js", [CONNS], { RUFFHOST_STATS: "1" });
const gen = spawn(loadgen, ["idle", String(idle.port), String(CONNS)], { stdio: ["pipe", "pipe", "inherit"] });
const heap = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("idle connections timed out")), 60_000);
  idle.child.stdout.on("data", () => {
    const m = /(\{"connections".*\})\n/.exec(idle.output());
    if (m) { clearTimeout(timer); resolve(JSON.parse(m[1])); }
  });
});
gen.stdin.end();
gen.kill();
idle.child.kill();
console.log(`idle: Duktape heap ${heap.before} B before, ${heap.after} B with ${heap.connections} connections: ${Math.round((heap.after - heap.before) / heap.connections)} B per connection`);
