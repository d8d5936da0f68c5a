// npm test: every suite, on a fresh clone after `npm ci` (or `npm ci && npm start`) with no other step.
//  1. what the suites need: Debian's packages for the Ruff-compatible test runtime, installed here
//     when missing and this is root with apt-get (otherwise the Ruff tests fail at once, naming the
//     command), then `node build/build.mjs` (incremental: only what is missing or out of date);
//  2. as-pect (tests/assembly/*.spec.ts);
//  3. each tests/**/*.test.mjs in its own `node --test`, killed past its time limit
//     (TEST_FILE_TIMEOUT seconds, default 300), so no file can hang the run;
//  4. the totals over every file, last: node --test's summary lines and "N passed, N failed".
// `node tests/run.mjs FILE...` runs only those test files (steps 1 and 3).
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { RUFF_HOST_INSTALL, RUFF_HOST_PACKAGES, ruffHostMissing } from "../build/ruff-host.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const LIMIT_S = Number(process.env.TEST_FILE_TIMEOUT ?? 300);
const run = (command, args, options) => spawnSync(command, args, { stdio: "inherit", cwd: root, ...options }).status ?? 1;

function ensureRuffHostPackages() {
  const missing = ruffHostMissing();
  if (!missing.length) return;
  const canInstall = process.getuid?.() === 0 && spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!canInstall) {
    console.log(`npm test: ${missing.join(", ")} not found and this is not root with apt-get: the Ruff tests will fail.\n` +
      `  Run: sudo ${RUFF_HOST_INSTALL}   (then npm test again)`);
    return;
  }
  console.log(`npm test: installing Debian's ${RUFF_HOST_PACKAGES.join(", ")} for the Ruff-compatible test runtime (tests/ruff-host/): ${missing.join(", ")} not found`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => run("apt-get", ["install", "-y", "-qq", ...RUFF_HOST_PACKAGES], { env, stdio: ["ignore", "ignore", "inherit"] });
  // a fresh machine may have no package lists yet
  if (install() !== 0 && (run("apt-get", ["update", "-qq"], { env }) !== 0 || install() !== 0)) {
    console.log(`npm test: the install failed: the Ruff tests will fail. Run: ${RUFF_HOST_INSTALL}`);
  }
}

/** One test file in its own node --test, its output passed through; resolves with its counts. */
function runFile(file) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--test", "--test-reporter=spec", file], {
      cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true, // its own process group, killed whole
    });
    let output = "";
    child.stdout.on("data", (d) => { output += d; process.stdout.write(d); });
    child.stderr.on("data", (d) => process.stderr.write(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
    }, LIMIT_S * 1000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const count = (name) => Number(new RegExp(`^ℹ ${name} (\\d+)$`, "m").exec(output)?.[1] ?? 0);
      const counts = { tests: count("tests"), pass: count("pass"), fail: count("fail"), cancelled: count("cancelled"), skipped: count("skipped"), todo: count("todo") };
      const failed = timedOut || code !== 0;
      if (timedOut) console.log(`✖ ${file}: killed after ${LIMIT_S} s, its time limit (TEST_FILE_TIMEOUT)`);
      else if (failed && counts.fail + counts.cancelled === 0) console.log(`✖ ${file}: exit ${code}`);
      else console.log(`── ${file}: ${counts.pass} passed, ${counts.fail} failed in ${Math.round((Date.now() - started) / 1000)} s`);
      resolve({ file, failed, timedOut, ...counts });
    });
  });
}

const asked = process.argv.slice(2);
ensureRuffHostPackages();
if (run(process.execPath, ["build/build.mjs"]) !== 0) {
  console.error("npm test: the build failed (above); no test ran");
  process.exit(1);
}

const aspect = asked.length ? 0 : run("npx", ["--no-install", "asp", "--summary"]);
const files = asked.length ? asked.map((f) => relative(root, join(process.cwd(), f)))
  : readdirSync(join(root, "tests"), { recursive: true }).filter((f) => f.endsWith(".test.mjs")).sort().map((f) => `tests/${f}`);

const results = [];
for (const file of files) results.push(await runFile(file));

const sum = (key) => results.reduce((n, r) => n + r[key], 0);
const failedFiles = results.filter((r) => r.failed);
// the totals of a whole run, for the README's figures (docs/figures.mjs)
if (!asked.length) writeFileSync(join(root, "build/out/test-summary.json"), JSON.stringify({
  date: new Date().toISOString().slice(0, 10), node: process.version, files: results.length,
  tests: sum("tests"), pass: sum("pass"), fail: sum("fail"), skipped: sum("skipped"), todo: sum("todo"),
  failedFiles: failedFiles.map((r) => r.file),
}, null, 2) + "\n");
console.log(`\nnpm test: ${results.length} test files, each under ${LIMIT_S} s`);
if (failedFiles.length) console.log(`failed files:\n${failedFiles.map((r) => `  ${r.file}${r.timedOut ? " (time limit)" : ""}`).join("\n")}`);
if (aspect !== 0) console.log(`as-pect failed (exit ${aspect})`);
for (const key of ["tests", "pass", "fail", "cancelled", "skipped", "todo"]) console.log(`ℹ ${key} ${sum(key)}`);
// a file that failed without a failing test (it did not load, or was killed) counts as one failure
const failures = sum("fail") + sum("cancelled") + failedFiles.filter((r) => r.fail + r.cancelled === 0).length + (aspect !== 0 ? 1 : 0);
console.log(`${sum("pass")} passed, ${failures} failed, ${sum("skipped") + sum("todo")} skipped`);
process.exit(failures ? 1 : 0);
