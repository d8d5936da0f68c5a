// Running scripts in the Ruff-compatible test runtime (tests/ruff-host/), with one of our
// bundles installed the way a Ruff user installs a replacement net: the folder as ruff_modules/net.
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;
export const RUFF = join(root, "build/out/ruff-host/ruff");
export const haveRuntime = existsSync(RUFF);
// Without the runtime every test here fails at once, naming what to run (npm test installs the
// packages itself when it runs as root on Debian).
if (!haveRuntime) {
  throw new Error("build/out/ruff-host/ruff is missing: run `apt-get install -y gcc libc6-dev duktape-dev libuv1-dev && npm run build`");
}

/** A fresh folder holding tests/ruff/scripts/* and the bundle (`ruff` or `ruff-lite`) as `net`,
 *  installed as the README says: the folder build/out/BUNDLE/ copied as ruff_modules/net (its
 *  package.json's main names net.js). */
export function installBundle(bundle) {
  const dir = mkdtempSync(join(tmpdir(), `wasm-net-${bundle}-`));
  cpSync(join(root, "build/out", bundle), join(dir, "ruff_modules/net"), { recursive: true });
  const scripts = join(root, "tests/ruff/scripts");
  for (const file of readdirSync(scripts)) copyFileSync(join(scripts, file), join(dir, file));
  return dir;
}

/** Starts `script` in the runtime; `output()` resolves with stdout, stderr and the exit code. */
export function runRuff(dir, script, args = [], { env = {}, timeout = 60_000, extraPipe = false } = {}) {
  // extraPipe: the script's fd 3 is one end of a socket pair, the other `child.stdio[3]`
  const stdio = extraPipe ? ["pipe", "pipe", "pipe", "pipe"] : "pipe";
  const child = spawn(RUFF, [join(dir, script), ...args.map(String)], { cwd: dir, env: { ...process.env, ...env }, stdio });
  let stdout = "", stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d) => { stdout += d; });
  child.stderr.setEncoding("utf8").on("data", (d) => { stderr += d; });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeout);
  const done = new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal });
    });
    // the runtime could not start (ENOENT, EACCES): no 'close' follows
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ stdout, stderr: `${stderr}${error.message}\n`, code: null, signal: null });
    });
  });
  /** Resolves with the first stdout line matching `re` (its match), or rejects when the script ends. */
  const line = (re) => new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(stdout);
      if (m) { child.stdout.off("data", check); resolve(m); }
    };
    child.stdout.on("data", check);
    check();
    done.then(() => reject(new Error(`script ended before ${re}: ${stdout}\n${stderr}`)));
  });
  return { child, output: () => done, line };
}
