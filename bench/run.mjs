// npm run bench (issue 5): the same servers on node:net and on wasm-net, back to back, loaded by
// one C load generator, on loopback. Never a timed test: it prints figures and asserts nothing
// about them (it exits non-zero only when a run fails: an error, a crash, a content mismatch).
//
//   node bench/run.mjs [--quick] [--only WORKLOAD[,WORKLOAD...]] [--reps N] [--peers] [--out FILE]
//
// WORKLOAD: bulk, pingpong (also run once pinned to CPU 0 with taskset), pipeline, churn, idle,
//   and the real-library rows (issue 15): http (Node's http server fed by the net module's server:
//   keep-alive requests/s and µs per request), ws (WebSocket echo: messages/s), mqtt (an aedes
//   broker: QoS 1 deliveries/s), loaded by bench/libs-client.mjs (Node's clients on node:net).
// --quick: small sizes (bulk 256 MiB, pingpong 20k, pipeline 3 s, churn 3 s, idle 2000, libraries 2 s).
// --peers: also run the servers on Bun and Deno (their own node:net), from the npm packages bun and
//   deno in a scratch folder outside the repository: $BENCH_PEERS_DIR, by default
//   <os tmpdir>/wasm-net-bench-peers (/tmp/wasm-net-bench-peers). Installed ones are used as they
//   are; missing ones are installed there first (`npm install bun deno`).
// --out FILE: write the results there instead of bench/results/<YYYY-MM-DD>.md (trial runs).
// Needs `npm run build` first (it reads build/out/node/index.cjs) and gcc (it builds the load
// generator into build/out/bench/). Writes bench/results/<YYYY-MM-DD>.md. The micro-benchmarks
// (npm run bench:core, npm run bench:startup) write beside it, to bench/results/<YYYY-MM-DD>-core.md.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { cpus, release, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const loadgenSrc = join(root, "bench/loadgen.c");
const loadgen = join(root, "build/out/bench/loadgen");
const serverJs = join(root, "bench/servers/server.cjs");
const libsServer = join(root, "bench/servers/libs-server.mjs");
const floorJs = join(root, "bench/servers/node-floor.cjs");
const libsClient = join(root, "bench/libs-client.mjs");
// BENCH_WASM_MODULE: another build of the Node host to run as wasm-net (the servers read it too)
const wasmModule = process.env.BENCH_WASM_MODULE ? resolve(process.env.BENCH_WASM_MODULE) : join(root, "build/out/node/index.cjs");
if (process.env.BENCH_WASM_MODULE) process.env.BENCH_WASM_MODULE = wasmModule;
const startedAt = new Date();

// ------------------------------------------------------------------------------------ options
const argv = process.argv.slice(2);
const opts = { quick: false, only: null, reps: 3, peers: false, out: null };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--quick") opts.quick = true;
  else if (a === "--peers") opts.peers = true;
  else if (a === "--only") opts.only = String(argv[++i] ?? "").split(",").filter(Boolean);
  else if (a.startsWith("--only=")) opts.only = a.slice(7).split(",").filter(Boolean);
  else if (a === "--reps") opts.reps = Number(argv[++i]);
  else if (a === "--out") opts.out = argv[++i] ?? fail("--out takes a file");
  else if (a === "--help" || a === "-h") {
    console.log("usage: node bench/run.mjs [--quick] [--only WORKLOAD[,...]] [--reps N] [--peers] [--out FILE]");
    process.exit(0);
  } else fail(`unknown option ${a}`);
}
const LIBRARIES = ["http", "ws", "mqtt"];
const WORKLOADS = ["bulk", "pingpong", "pipeline", "churn", "idle", ...LIBRARIES];
for (const w of opts.only ?? []) if (!WORKLOADS.includes(w)) fail(`unknown workload ${w}; one of ${WORKLOADS.join(", ")}`);
if (!Number.isInteger(opts.reps) || opts.reps < 1 || opts.reps > 20) fail("--reps takes 1..20");
const selected = WORKLOADS.filter((w) => !opts.only || opts.only.includes(w));

const SIZES = opts.quick
  ? { bulkBytes: 256 * 2 ** 20, pingpongN: 20_000, pipeConns: 50, pipeDepth: 32, pipeSeconds: 3, churnParallel: 50, churnSeconds: 3, idleConns: 2_000, libSeconds: 2 }
  : { bulkBytes: 2 * 2 ** 30, pingpongN: 100_000, pipeConns: 50, pipeDepth: 32, pipeSeconds: 10, churnParallel: 50, churnSeconds: 10, idleConns: 10_000, libSeconds: 5 };

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const command = process.env.npm_lifecycle_event === "bench"
  ? `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`
  : `node ${relative(process.cwd(), fileURLToPath(import.meta.url)) || "bench/run.mjs"}${argv.length ? ` ${argv.join(" ")}` : ""}`;

// ------------------------------------------------------------------------------------ set-up
if (!existsSync(wasmModule)) fail(`${relative(root, wasmModule)} is missing: run npm run build first`);
const warnings = [];
if (process.env.BENCH_WASM_MODULE) warnings.push(`wasm-net is the build at BENCH_WASM_MODULE=${wasmModule}`);
{
  const built = statSync(wasmModule).mtimeMs;
  const newest = ["host-bindings", "assembly"]
    .flatMap((d) => readdirSync(join(root, d), { recursive: true }).map((f) => join(root, d, f)))
    .filter((f) => statSync(f).isFile() && /\.ts$/.test(f)) // (sources: npm run docs rewrites READMEs there)
    .reduce((m, f) => Math.max(m, statSync(f).mtimeMs), 0);
  if (newest > built) warnings.push("sources in host-bindings/ or assembly/ are newer than build/out/node/index.cjs: the wasm figures are of the last build");
}

mkdirSync(dirname(loadgen), { recursive: true });
{
  const cc = spawnSync("gcc", ["-O2", "-Wall", "-Wextra", "-o", loadgen, loadgenSrc], { encoding: "utf8", timeout: 60_000 });
  if (cc.error || cc.status !== 0) fail(`building the load generator failed: ${cc.error?.message ?? ""}${cc.stderr ?? ""}`);
  if (cc.stderr.trim()) console.error(cc.stderr.trim());
}

const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;
const hasTaskset = spawnSync("taskset", ["-c", "0", "true"], { stdio: "ignore" }).status === 0;
if (!hasTaskset && selected.includes("pingpong")) warnings.push("taskset not usable: the pinned pingpong was not run");

// Implementations: a server command line for a mode.
const impls = [
  { name: "node", label: "node:net", argv: (mode) => [process.execPath, serverJs, mode, "node", "0"], libArgv: (library) => [process.execPath, libsServer, library, "node"] },
  { name: "wasm", label: "wasm-net", argv: (mode) => [process.execPath, serverJs, mode, "wasm", "0"], libArgv: (library) => [process.execPath, libsServer, library, "wasm"] },
  // the least any JavaScript echo on Node can do (bench/servers/node-floor.cjs): bounds the ratios
  { name: "floor", label: "platform floor", argv: () => [process.execPath, floorJs, "0"], workloads: ["pingpong", "pipeline", "idle"] },
];
console.log(`bench: ${command}`);
console.log(`sizes: ${JSON.stringify(SIZES)}; ${opts.reps} repetitions in rotated order`);
for (const w of warnings) console.log(`warning: ${w}`);
const peerNotes = [];
if (opts.peers) for (const peer of installPeers()) impls.push(peer);

// ------------------------------------------------------------------------------------ /proc
function procCpuSeconds(pid) {
  const { user, system } = procCpuTimes(pid);
  return user + system;
}
function procCpuTimes(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields[0] is field 3 (state)
  return { user: Number(fields[11]) / CLK_TCK, system: Number(fields[12]) / CLK_TCK }; // utime (14), stime (15)
}
function procRssBytes(pid) {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}
const procFdCount = (pid) => readdirSync(`/proc/${pid}/fd`).length;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------------------------ processes
// A child whose stdout is read line by line, stderr kept (the tail), killed on a time limit.
function startChild(argvList, { pin = false, limitSeconds, name }) {
  const [cmd, ...args] = pin ? ["taskset", "-c", "0", ...argvList] : argvList;
  const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
  const state = { child, name, stderr: "", exited: false, code: null, signal: null, lines: [], waiters: [] };
  child.stdin.on("error", () => {});
  child.stderr.on("data", (d) => { state.stderr = (state.stderr + d).slice(-4000); });
  createInterface({ input: child.stdout }).on("line", (line) => {
    state.lines.push(line);
    for (const w of state.waiters.splice(0)) w();
  });
  state.done = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      Object.assign(state, { exited: true, code, signal });
      clearTimeout(state.timer);
      for (const w of state.waiters.splice(0)) w();
      resolve();
    });
    child.on("error", (err) => {
      Object.assign(state, { exited: true, code: -1, signal: null });
      state.stderr += `\n${err.message}`;
      for (const w of state.waiters.splice(0)) w();
      resolve();
    });
  });
  state.timer = setTimeout(() => {
    state.stderr += `\n(killed after ${limitSeconds} s)`;
    child.kill("SIGKILL");
  }, limitSeconds * 1000);
  return state;
}

// The next stdout line, or null once the child has exited with nothing more to read.
async function nextLine(state, timeoutSeconds) {
  const until = Date.now() + timeoutSeconds * 1000;
  while (state.lines.length === 0) {
    if (state.exited) return null;
    const left = until - Date.now();
    if (left <= 0) throw new Error(`${state.name}: no output within ${timeoutSeconds} s`);
    await new Promise((resolve) => {
      const t = setTimeout(resolve, left);
      state.waiters.push(() => { clearTimeout(t); resolve(); });
    });
  }
  return state.lines.shift();
}

function describeExit(state) {
  const how = state.signal ? `signal ${state.signal}` : `exit ${state.code}`;
  const tail = state.stderr.trim().split("\n").slice(-6).join(" | ");
  return `${state.name} ended (${how})${tail ? `: ${tail}` : ""}`;
}

async function stopServer(server) {
  if (!server.exited) {
    server.child.stdin.end(); // the server exits when its stdin closes
    const t = setTimeout(() => server.child.kill("SIGKILL"), 5000);
    await server.done;
    clearTimeout(t);
  }
}

// ------------------------------------------------------------------------------------ one run
const LOADGEN_ARGS = {
  bulk: () => ["bulk", SIZES.bulkBytes],
  pingpong: () => ["pingpong", SIZES.pingpongN],
  pipeline: () => ["pipeline", SIZES.pipeConns, SIZES.pipeDepth, SIZES.pipeSeconds],
  churn: () => ["churn", SIZES.churnParallel, SIZES.churnSeconds],
  idle: () => ["idle", SIZES.idleConns],
};
const SERVER_MODE = { bulk: "sink", pingpong: "echo", pipeline: "echo", churn: "churn", idle: "echo" };
const LIMIT_SECONDS = {
  bulk: () => 60 + SIZES.bulkBytes / 10e6,
  pingpong: () => 60 + SIZES.pingpongN / 2000,
  pipeline: () => 60 + SIZES.pipeSeconds,
  churn: () => 60 + SIZES.churnSeconds,
  idle: () => 120 + SIZES.idleConns / 100,
};

// A real-library row: the library's server on the implementation, bench/libs-client.mjs as the load.
async function runLibraryOnce(library, impl, pin) {
  const limitSeconds = 60 + SIZES.libSeconds * 3;
  const server = startChild(impl.libArgv(library), { pin, limitSeconds: limitSeconds + 30, name: `${impl.name} ${library} server` });
  let client = null;
  try {
    const first = await nextLine(server, 30);
    const m = first && /^listening (\d+)$/.exec(first);
    if (!m) throw new Error(first === null ? describeExit(server) : `${impl.name} server said: ${first}`);
    const pid = server.child.pid;
    const cpu0 = procCpuSeconds(pid);
    client = startChild([process.execPath, libsClient, library, m[1], String(SIZES.libSeconds)], { pin, limitSeconds, name: `${library} client` });
    const line = await nextLine(client, limitSeconds + 5);
    const cpu = procCpuSeconds(pid) - cpu0;
    await client.done;
    if (client.code !== 0 || line === null) throw new Error(describeExit(client));
    if (server.exited) throw new Error(describeExit(server));
    const result = JSON.parse(line);
    const metrics = library === "http" ? { rps: result.requests_per_s, latencyUs: result.latency_us }
      : library === "ws" ? { msgps: result.messages_per_s }
      : { dps: result.deliveries_per_s };
    return { metrics, raw: { ...result, server_cpu_s: cpu } };
  } finally {
    if (client && !client.exited) { client.child.kill("SIGKILL"); await client.done; }
    await stopServer(server);
    clearTimeout(server.timer);
  }
}

// Returns { metrics: {key: value}, raw } or throws.
async function runOnce(workload, impl, pin) {
  const server = startChild(impl.argv(SERVER_MODE[workload]), { pin, limitSeconds: LIMIT_SECONDS[workload]() + 60, name: `${impl.name} server` });
  let client = null;
  try {
    const first = await nextLine(server, 30);
    const m = first && /^listening (\d+)$/.exec(first);
    if (!m) throw new Error(first === null ? describeExit(server) : `${impl.name} server said: ${first}`);
    const port = m[1];
    const pid = server.child.pid;
    const rss0 = procRssBytes(pid);
    const fd0 = procFdCount(pid);
    const args = workload === "idle" ? [] : ["--sync"];
    client = startChild([loadgen, ...args, ...LOADGEN_ARGS[workload]().map(String).toSpliced(1, 0, port)], {
      pin, limitSeconds: LIMIT_SECONDS[workload](), name: "loadgen",
    });
    let cpu0 = null, cpu1 = null, rss1 = null, fdReady = null, result = null;
    for (;;) {
      const line = await nextLine(client, LIMIT_SECONDS[workload]() + 5);
      if (line === null) break;
      let msg;
      try { msg = JSON.parse(line); } catch { throw new Error(`loadgen printed: ${line}`); }
      if (msg.phase === "start") {
        cpu0 = procCpuTimes(pid);
        client.child.stdin.write("\n");
      } else if (msg.phase === "end") {
        cpu1 = procCpuTimes(pid);
        client.child.stdin.write("\n");
      } else if (msg.ready) {
        // Every connection is up on the client's side; wait until the server has accepted them
        // all (its descriptor count), let it settle, then read its RSS.
        const until = Date.now() + 30_000;
        while (procFdCount(pid) < fd0 + SIZES.idleConns && Date.now() < until) await sleep(50);
        fdReady = procFdCount(pid);
        if (fdReady < fd0 + SIZES.idleConns) throw new Error(`server holds ${fdReady - fd0} of ${SIZES.idleConns} connections after 30 s`);
        await sleep(500);
        rss1 = procRssBytes(pid);
        client.child.stdin.write("\n");
      } else if (msg.workload) {
        result = msg;
      }
    }
    await client.done;
    if (client.code !== 0) throw new Error(describeExit(client));
    if (server.exited) throw new Error(describeExit(server));
    if (!result) throw new Error("loadgen printed no result");
    const user = cpu1 !== null && cpu0 !== null ? cpu1.user - cpu0.user : null;
    const cpu = user !== null ? user + cpu1.system - cpu0.system : null;
    const metrics = {};
    switch (workload) {
      case "bulk":
        metrics.mbps = result.mb_per_s;
        metrics.cpuPerMB = (cpu * 1e6) / (result.bytes / 1e6);
        break;
      case "pingpong":
        metrics.rtps = result.rt_per_s;
        metrics.cpuPerRt = (cpu * 1e6) / result.round_trips;
        metrics.userPerRt = (user * 1e6) / result.round_trips;
        break;
      case "pipeline":
        metrics.msgps = result.msgs_per_s;
        metrics.cpuPerMsg = (cpu * 1e9) / result.messages;
        metrics.userPerMsg = (user * 1e9) / result.messages;
        break;
      case "churn":
        metrics.connps = result.conns_per_s;
        metrics.cpuPerConn = (cpu * 1e6) / result.connections;
        break;
      case "idle":
        metrics.rssPerConn = (rss1 - rss0) / result.conns;
        metrics.connectSeconds = result.connect_seconds;
        break;
    }
    return { metrics, raw: { ...result, server_cpu_s: cpu, rss_before: rss0, rss_ready: rss1 } };
  } finally {
    if (client && !client.exited) { client.child.kill("SIGKILL"); await client.done; }
    await stopServer(server);
    clearTimeout(server.timer);
  }
}

// ------------------------------------------------------------------------------------ peers
function installPeers() {
  const dir = process.env.BENCH_PEERS_DIR || join(tmpdir(), "wasm-net-bench-peers");
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, "package.json"))) writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
  const out = [];
  const have = (name) => existsSync(join(dir, "node_modules", name, "package.json"));
  if (!have("bun") || !have("deno")) {
    console.log(`installing bun and deno with npm into ${dir} ...`);
    const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "bun", "deno"], { cwd: dir, encoding: "utf8", timeout: 600_000 });
    if (r.status !== 0) {
      const why = `${r.error?.message ?? ""} ${(r.stderr || "").trim().split("\n").slice(-5).join(" | ")}`.trim();
      peerNotes.push(`npm install bun deno failed (exit ${r.status}): ${why}`);
    }
  }
  const candidates = {
    bun: () => findBinary(dir, "bun", ["node_modules/bun/bin/bun.exe", "node_modules/.bin/bun"]),
    deno: () => findBinary(dir, "deno", ["node_modules/.bin/deno"]),
  };
  for (const [name, find] of Object.entries(candidates)) {
    const bin = find();
    if (!bin) { peerNotes.push(`${name}: no runnable binary after npm install`); continue; }
    const version = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 30_000 }).stdout.trim().split("\n")[0];
    peerNotes.push(`${name}: ${version} (${bin})`);
    out.push({
      name, label: name,
      argv: name === "deno"
        ? (mode) => [bin, "run", "--allow-all", serverJs, mode, "node", "0"]
        : (mode) => [bin, serverJs, mode, "node", "0"],
    });
  }
  return out;
}

// A native executable (not a script wrapper, whose pid would not be the server's): the first of
// the candidates, or an ELF file named `name` somewhere under the platform packages.
function findBinary(dir, name, candidates) {
  const isElf = (f) => { try { return readFileSync(f).subarray(0, 4).toString("latin1") === "\x7fELF"; } catch { return false; } };
  const runs = (f) => spawnSync(f, ["--version"], { stdio: "ignore", timeout: 30_000 }).status === 0;
  for (const c of candidates) {
    const f = join(dir, c);
    if (existsSync(f) && isElf(f) && runs(f)) return f;
  }
  const nm = join(dir, "node_modules");
  if (!existsSync(nm)) return null;
  for (const f of readdirSync(nm, { recursive: true })) {
    const path = join(nm, f);
    if ((f.endsWith(`/${name}`) || f.endsWith(`/${name}.exe`)) && !f.includes(".bin/") && isElf(path) && runs(path)) return path;
  }
  return null;
}

// ------------------------------------------------------------------------------------ the runs
// Rows of the table: [workload label, metric key, metric label, unit-format, better].
const ROWS = {
  bulk: [["bulk", "mbps", "MB/s", "high"], ["bulk", "cpuPerMB", "server CPU µs/MB", "low"]],
  pingpong: [["pingpong", "rtps", "round trips/s", "high"], ["pingpong", "cpuPerRt", "server CPU µs/round trip", "low"]],
  pingpong1: [["pingpong 1 CPU", "rtps", "round trips/s", "high"], ["pingpong 1 CPU", "cpuPerRt", "server CPU µs/round trip", "low"],
    ["pingpong 1 CPU", "userPerRt", "of which user space (the rest is the kernel's)", "low"]],
  pipeline: [["pipeline", "msgps", "messages/s", "high"], ["pipeline", "cpuPerMsg", "server CPU ns/message", "low"],
    ["pipeline", "userPerMsg", "of which user space (the rest is the kernel's)", "low"]],
  churn: [["churn", "connps", "connections/s", "high"], ["churn", "cpuPerConn", "server CPU µs/connection", "low"]],
  idle: [["idle", "rssPerConn", "server RSS bytes/connection", "low"]],
  http: [["http keep-alive", "rps", "requests/s (16 connections)", "high"], ["http keep-alive", "latencyUs", "µs per request (1 connection)", "low"]],
  ws: [["WebSocket echo", "msgps", "messages/s", "high"]],
  mqtt: [["MQTT (aedes)", "dps", "QoS 1 deliveries/s", "high"]],
};

const results = {}; // key (workload or pingpong1) -> impl name -> [{metrics, raw} | {error}]
const runLog = [];
async function record(key, workload, impl, pin) {
  const t = Date.now();
  let entry;
  try {
    entry = LIBRARIES.includes(workload) ? await runLibraryOnce(workload, impl, pin) : await runOnce(workload, impl, pin);
  } catch (err) {
    entry = { error: err.message };
  }
  ((results[key] ??= {})[impl.name] ??= []).push(entry);
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  const what = entry.error ? `FAILED: ${entry.error}` : Object.entries(entry.metrics).map(([k, v]) => `${k}=${fmt(v)}`).join(" ");
  const line = `${key.padEnd(10)} ${impl.name.padEnd(5)} ${what} (${secs} s)`;
  runLog.push(line);
  console.log(`  ${line}`);
}

for (const n of peerNotes) console.log(`peers: ${n}`);

/** Every repetition of `workload` on every server that runs it, in rotated order. */
async function repetitions(key, workload, pin) {
  const servers = impls.filter((impl) => (LIBRARIES.includes(workload) ? impl.libArgv : !impl.workloads || impl.workloads.includes(workload)));
  for (let rep = 0; rep < opts.reps; rep++) {
    const k = rep % servers.length;
    for (const impl of [...servers.slice(k), ...servers.slice(0, k)]) await record(key, workload, impl, pin);
  }
}

for (const workload of selected) {
  console.log(`${workload}:`);
  await repetitions(workload, workload, false); // (the library rows: Node only)
  if (workload === "pingpong" && hasTaskset) {
    console.log("pingpong, server and client pinned to CPU 0:");
    await repetitions("pingpong1", workload, true);
  }
}
const elapsed = (Date.now() - startedAt.getTime()) / 1000;

// ------------------------------------------------------------------------------------ report
function fmt(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "n/a";
  const a = Math.abs(v);
  const digits = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3;
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
function cell(entries, metric) {
  if (!entries || entries.length === 0) return { text: "—", median: null };
  const vals = entries.filter((e) => !e.error).map((e) => e.metrics[metric]).filter(Number.isFinite);
  const failed = entries.filter((e) => e.error).length;
  if (vals.length === 0) return { text: failed ? `failed (${failed}/${entries.length})` : "n/a", median: null };
  const med = median(vals);
  let text = fmt(med);
  if (vals.length > 1) text += ` (${fmt(Math.min(...vals))}–${fmt(Math.max(...vals))})`;
  if (failed) text += ` [${failed} failed]`;
  return { text, median: med };
}

const others = impls.filter((i) => i.name !== "node");
const header = ["workload", "metric", ...impls.map((i) => `${i.label} median (min–max)`), ...others.map((i) => `${i.name}/node`)];
const table = [];
for (const key of [...selected.flatMap((w) => (w === "pingpong" && hasTaskset ? ["pingpong", "pingpong1"] : [w]))]) {
  for (const [label, metric, metricLabel, better] of ROWS[key]) {
    const cells = impls.map((i) => cell(results[key]?.[i.name], metric));
    const n = cells[0].median;
    const ratios = cells.slice(1).map((c) => (c.text === "—" ? "—" : n && c.median !== null ? `${(c.median / n).toFixed(2)}×` : "n/a"));
    table.push([label, `${metricLabel}, ${better === "high" ? "higher" : "lower"} is better`, ...cells.map((c) => c.text), ...ratios]);
  }
}

function textTable(rows) {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => [...r[i]].length)));
  const line = (r) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
const mdTable = [
  `| ${header.join(" | ")} |`,
  `|${header.map((_, i) => (i >= 2 ? "---:" : "---")).join("|")}|`,
  ...table.map((r) => `| ${r.join(" | ")} |`),
].join("\n");

const failures = Object.entries(results).flatMap(([key, byImpl]) =>
  Object.entries(byImpl).flatMap(([name, es]) => es.filter((e) => e.error).map((e) => `${key} on ${name}: ${e.error}`)));

console.log("");
console.log(textTable(table));
console.log("");
console.log(`${elapsed.toFixed(0)} s in all.`);
for (const f of failures) console.log(`failed: ${f}`);

const git = (args) => spawnSync("git", args, { cwd: root, encoding: "utf8" }).stdout?.trim() ?? "";
const gccVersion = spawnSync("gcc", ["--version"], { encoding: "utf8" }).stdout?.split("\n")[0] ?? "?";
const date = startedAt.toISOString().slice(0, 10);
const md = `# Benchmark ${date}: node:net and wasm-net on loopback

Command: \`${command}\` (after \`npm run build\`), started ${startedAt.toISOString()}, ${elapsed.toFixed(0)} s in all.

Machine: ${cpus().length} CPUs (nproc; ${cpus()[0]?.model ?? "?"}), Linux ${release()}, Node ${process.version}, ${gccVersion}, CLK_TCK ${CLK_TCK}.
Commit: ${git(["rev-parse", "--short", "HEAD"])}${git(["status", "--porcelain", "--", "assembly", "host-bindings", "bench"]) ? " with uncommitted changes" : ""}.
${opts.quick ? "Quick sizes" : "Full sizes"}: bulk ${SIZES.bulkBytes} bytes in 64 KiB writes; pingpong ${SIZES.pingpongN} round trips of 64 bytes; pipeline ${SIZES.pipeConns} connections × ${SIZES.pipeDepth} messages of 64 bytes in flight for ${SIZES.pipeSeconds} s; churn ${SIZES.churnParallel} parallel for ${SIZES.churnSeconds} s; idle ${SIZES.idleConns} connections; the libraries (http, ws, mqtt) ${SIZES.libSeconds} s each (see bench/libs-client.mjs).
${opts.reps} repetitions per workload in rotated order, a fresh server process per run; the pinned pingpong (server and load generator on CPU 0 with \`taskset -c 0\`) as many times.
${warnings.map((w) => `\nWarning: ${w}\n`).join("")}${peerNotes.length ? `\nPeers: ${peerNotes.join("; ")}.\n` : ""}
${mdTable}

Server CPU is utime+stime of the server process from \`/proc/<pid>/stat\` (resolution 1/CLK_TCK s)
over the measured window only (the load generator stops at each end of it until the figure is
read); user space is utime alone, the only part a net module's own code adds to (the system calls
are the same for all three servers). The platform floor (bench/servers/node-floor.cjs) echoes
straight on Node's libuv handles, with no stream and no rules: no JavaScript net module does less.
Idle RSS is VmRSS after every connection is accepted minus VmRSS before the first one,
divided by the connections. MB is 10^6 bytes. Ratios are of medians.
${failures.length ? `\n## Failed runs\n\n${failures.map((f) => `- ${f}`).join("\n")}\n` : ""}
## Runs, in order

\`\`\`
${runLog.join("\n")}
\`\`\`
`;
const outFile = opts.out ? resolve(opts.out) : join(root, "bench/results", `${date}.md`);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(`${outFile}.tmp`, md);
renameSync(`${outFile}.tmp`, outFile);
console.log(`written: ${relative(process.cwd(), outFile)}`);
process.exit(failures.length ? 1 : 0);
