// Runs a guest of build/out/wasi/ as a component in a child process, on one of two runtimes:
// Node through jco + preview2-shim (the shim blocks its thread, so the peers in the test process
// stay live), or Wasmtime 49's C library (tests/wasmtime/run-component.py).
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import net from "node:net";

const built = (file) => fileURLToPath(new URL(`../../build/out/wasi/${file}`, import.meta.url));
const WASMTIME_HOST = fileURLToPath(new URL("../wasmtime/run-component.py", import.meta.url));
const LIMIT_MS = 20_000;

/** Why Wasmtime cannot run here (the host's own message: the command that fixes it), or null. */
function wasmtimeProblem() {
  const check = spawnSync("python3", [WASMTIME_HOST, "--check"], { encoding: "utf8" });
  if (check.error) return `python3 is needed to run Wasmtime's library (${check.error.message})`;
  return check.status === 0 ? null : check.stderr.trim() || `${WASMTIME_HOST} --check exited with ${check.status}`;
}

/** The runtimes every test of echo, client and probe runs on. `halfClose`: whether end() is a
 *  real half-close there (reading goes on). */
export const RUNTIMES = [
  { name: "jco", halfClose: false, command: (name) => [process.execPath, [built(`js/${name}.mjs`)]] },
  { name: "wasmtime", halfClose: true, problem: wasmtimeProblem, command: (name) => ["python3", [WASMTIME_HOST, built(`${name}.component.wasm`)]] },
];
const problems = new Map();

/** A running guest: its output so far, and waits for a line pattern or its exit (bounded).
 *  Throws, with the command that fixes it, if the runtime is missing. */
export function startGuest(runtime, name, args = []) {
  if (runtime.problem && !problems.has(runtime.name)) problems.set(runtime.name, runtime.problem());
  if (problems.get(runtime.name)) throw new Error(`${runtime.name} cannot run: ${problems.get(runtime.name)}`);
  const [command, first] = runtime.command(name);
  const child = spawn(command, [...first, ...args.map(String)], { stdio: ["ignore", "pipe", "pipe"] });
  const guest = { child, stdout: "", stderr: "", exited: null };
  const waiters = [];
  const check = () => {
    for (const w of waiters.splice(0)) {
      const match = w.pattern.exec(guest[w.stream]);
      if (match) w.resolve(match);
      else waiters.push(w);
    }
  };
  child.stdout.on("data", (d) => { guest.stdout += d; check(); });
  child.stderr.on("data", (d) => { guest.stderr += d; check(); });
  guest.exit = once(child, "exit").then(([code]) => { guest.exited = code; return code; });
  /** Resolves with the first match of `pattern` in stdout (or stderr); rejects after LIMIT_MS. */
  guest.waitFor = (pattern, stream = "stdout") => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in ${stream}: ${JSON.stringify(guest[stream])} (stderr ${JSON.stringify(guest.stderr)})`)), LIMIT_MS);
    waiters.push({ pattern, stream, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    check();
  });
  guest.stop = async () => {
    if (guest.exited === null) child.kill();
    await guest.exit;
  };
  return guest;
}

/** Starts a server guest on a free port and returns it once it says which port it bound. */
export async function startServerGuest(runtime, name, args = []) {
  const guest = startGuest(runtime, name, args);
  const [, port] = await guest.waitFor(/(?:server bound on port|listening) (\d+)/);
  guest.port = Number(port);
  return guest;
}

/** A free loopback port (bound, then released). */
export async function freePort() {
  const probe = net.createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Connects to the guest; collects what it sends until it ends, closes, or LIMIT_MS passes.
 *  `options`: more of net.connect's (allowHalfOpen…). */
export async function connectTo(port, options = {}) {
  const socket = net.connect({ port, host: "127.0.0.1", ...options });
  await once(socket, "connect");
  const chunks = [];
  socket.on("data", (d) => chunks.push(d));
  socket.received = () => Buffer.concat(chunks);
  socket.whenClosed = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connection not closed after ${LIMIT_MS} ms`)), LIMIT_MS);
    socket.on("close", () => { clearTimeout(timer); resolve(Buffer.concat(chunks)); });
  });
  socket.on("error", () => {}); // a reset is seen as 'close'; tests check the bytes
  return socket;
}

/** Resolves once `socket` has received at least `count` bytes (rejects after LIMIT_MS). */
export function receivedAtLeast(socket, count) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${socket.received().length} of ${count} bytes after ${LIMIT_MS} ms`)), LIMIT_MS);
    const check = () => {
      if (socket.received().length < count) return;
      clearTimeout(timer);
      socket.off("data", check);
      resolve(socket.received());
    };
    socket.on("data", check);
    check();
  });
}
