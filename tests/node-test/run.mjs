// Runs Node v20.11.1's own test-net-* files (../shared/node-test beside the repository) as
// Node's runner does: one child process each, the file's `// Flags:` on its command line, a time
// limit each, two at a time. With a module under test, `net` in the test file is that module
// (redirect.cjs); test/common and the other built-ins keep Node's net.
//
//   node tests/node-test/run.mjs [--net=wasm|node] [--transport=handle|stream] [test-net-x.js ...]
//
// prints one line per file and the files whose outcome differs from expectations.json.
import { spawn } from "node:child_process";
import nodeNet from "node:net";
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { lookup } from "node:dns/promises";
import { tmpdir } from "node:os";
import { Writable } from "node:stream";
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
export const suiteRoot = join(repo, "..", "shared", "node-test");
const parallel = join(suiteRoot, "test", "parallel");
export const wasmNet = { cjs: join(repo, "build/out/node/index.cjs"), esm: join(repo, "build/out/node/index.mjs") };

export const TIME_LIMIT_MS = 30_000;
export const RUN_BUDGET_MS = 300_000;
const OUTPUT_KEPT = 6_000;

export function listTests() {
  return readdirSync(parallel).filter((f) => /^test-net-.*\.m?js$/.test(f)).sort();
}

// The same reading as test/common's parseTestFlags: the first `// Flags: --...` line.
export function flagsOf(source) {
  const match = /\/\/ Flags:\s+(--.*)/.exec(source.slice(0, 1500));
  return match ? match[1].trim().split(/\s+/) : [];
}

// test/common fails a file that leaves a global its list does not know. The list is Node 20's:
// on a later Node, whose own globals it lacks (Node 22's navigator), the check is off.
const FILES_NODE_MAJOR = 20;
const leakCheck = Number(process.versions.node.split(".")[0]) === FILES_NODE_MAJOR;

// One test file in a child. `net` is { cjs, esm } for a module under test, or null for node:net.
// `file` is a name in test/parallel or an absolute path.
export function runOne(file, { net = wasmNet, transport = "handle", thread = 0, scratch, timeLimit = TIME_LIMIT_MS } = {}) {
  const path = realpathSync(isAbsolute(file) ? file : join(parallel, file));
  const env = { ...process.env, TEST_THREAD_ID: String(thread), TEST_PARALLEL: "1", NODE_TEST_DIR: scratch };
  delete env.NODE_TEST_CONTEXT; // a node --test parent's protocol, not for these children
  if (!leakCheck) env.NODE_TEST_KNOWN_GLOBALS = "0";
  delete env.WASM_NET_TRANSPORT;
  if (transport === "stream") env.WASM_NET_TRANSPORT = "stream";
  if (net) {
    Object.assign(env, { WASM_NET_TEST_FILE: path, WASM_NET_UNDER_TEST: net.cjs, WASM_NET_UNDER_TEST_ESM: net.esm ?? net.cjs });
    env.NODE_OPTIONS = `--require "${join(here, "redirect.cjs")}" ${process.env.NODE_OPTIONS ?? ""}`.trim();
  }
  const args = [...flagsOf(readFileSync(path, "utf8")), path];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: suiteRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk) => {
      output = (output + chunk).slice(-OUTPUT_KEPT);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeLimit);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid); // whatever the test left running
      const skipped = /^1\.\.0 # Skipped/m.test(output);
      resolve({ file, pass: code === 0 && !timedOut, code, signal, timedOut, skipped, ms: Date.now() - started, output });
    });
  });
}

function killGroup(pid) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

// Every file, `jobs` at a time; each job has its own TEST_THREAD_ID (test/common's tmpdir).
// No file starts after `budget` ms: those left are failures, never silently dropped.
export async function runAll(files, { jobs = 2, budget = RUN_BUDGET_MS, onResult, ...options } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), "wasm-net-node-test-"));
  const queue = [...files];
  const results = [];
  const deadline = Date.now() + budget;
  const job = async (thread) => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const result = Date.now() < deadline
        ? await runOne(file, { ...options, thread, scratch })
        : { file, pass: false, notRun: true, ms: 0, output: "" };
      results.push(result);
      onResult?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: jobs }, (_, thread) => job(thread)));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return results.sort((a, b) => a.file.localeCompare(b.file));
}

// expectations.json: { "<file>": { "on": [targets], "kind": ..., "why": ..., "unless"?: ... } }.
// A target is "handle" or "stream" (wasm-net's two Node transports) or "node" (node:net itself).
export function loadExpectations() {
  return JSON.parse(readFileSync(join(here, "expectations.json"), "utf8"));
}

// Conditions an entry is waived on ("unless"): facts of this machine and Node, checked per run.
export async function machineFacts() {
  const localhostIPv6 = await lookup("localhost", { family: 6 }).then(() => true, () => false);
  let writeMessage = "";
  try {
    new Writable().write(true);
  } catch (error) {
    writeMessage = error.message;
  }
  return {
    "localhost-has-ipv6": localhostIPv6,
    "node-20.11-write-message": writeMessage.includes("an instance of Buffer or Uint8Array"),
    "node-has-set-simultaneous-accepts": typeof nodeNet._setSimultaneousAccepts === "function",
  };
}

export function expectedToFail(entry, target, facts) {
  return Boolean(entry && entry.on.includes(target) && !(entry.unless && facts[entry.unless]));
}

// Each result judged against the list: a listed test must fail, an unlisted one must pass.
export function judge(results, expectations, target, facts) {
  return results.map((result) => {
    const entry = expectations[result.file];
    const listed = expectedToFail(entry, target, facts);
    const verdict = result.pass === !listed ? "as expected" : listed ? "passes but is listed" : "fails";
    return { ...result, listed, why: listed ? entry.why : undefined, verdict };
  });
}

// A few words of why a file failed: its first error, the lines an assertion diff adds, and
// the line of the test file it was thrown at.
export function failureLine(result) {
  if (result.notRun) return "not run: the run's time budget was spent";
  if (result.timedOut) return `time limit (${TIME_LIMIT_MS / 1000} s) reached`;
  const lines = result.output.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("at "));
  const first = lines.findIndex((l) => /^(\w*Error\b|Error \[|Mismatched)/.test(l));
  let message = first < 0 ? (lines.at(-1) ?? "") : lines[first];
  if (message.endsWith(":")) message += " " + lines.slice(first + 1, first + 4).join(" ");
  const where = new RegExp(`${result.file.replace(/\./g, "\\.")}:(\\d+)`).exec(result.output);
  return `${message.slice(0, 240)}${where ? ` (line ${where[1]})` : ""}`;
}

async function main() {
  const options = Object.fromEntries(process.argv.slice(2).filter((a) => a.startsWith("--")).map((a) => [...a.slice(2).split("="), true].slice(0, 2)));
  const named = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const target = options.net === "node" ? "node" : (options.transport ?? "handle");
  const files = named.length ? named : listTests();
  const started = Date.now();
  const results = await runAll(files, {
    net: target === "node" ? null : wasmNet,
    transport: target,
    jobs: Number(options.jobs ?? 2),
    onResult: (r) => console.log(`${r.pass ? "pass" : "FAIL"} ${String(r.ms).padStart(6)} ms  ${r.file}${r.skipped ? " (skipped)" : ""}${r.pass ? "" : `  ${failureLine(r)}`}`),
  });
  const judged = judge(results, loadExpectations(), target, await machineFacts());
  const passed = results.filter((r) => r.pass).length;
  console.log(`\n${target}: ${passed} of ${results.length} pass, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const wrong = judged.filter((r) => r.verdict !== "as expected");
  for (const r of wrong) console.log(`${r.verdict}: ${r.file}${r.pass ? "" : `  ${failureLine(r)}`}`);
  if (options.verbose) for (const r of results.filter((r) => !r.pass)) console.log(`\n=== ${r.file}\n${r.output}`);
  process.exitCode = wrong.length ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
