// Runs a guest of build/out/wasi/ as a component on Node (jco transpile + preview2-shim) in a
// child process: the shim blocks its thread, so the peers in the test process stay live.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import net from "node:net";

const runner = (name) => fileURLToPath(new URL(`../../build/out/wasi/js/${name}.mjs`, import.meta.url));
const LIMIT_MS = 20_000;

/** A running guest: its output so far, and waits for a line pattern or its exit (bounded). */
export function startGuest(name, args = []) {
  const child = spawn(process.execPath, [runner(name), ...args.map(String)], { stdio: ["ignore", "pipe", "pipe"] });
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
export async function startServerGuest(name, args = []) {
  const guest = startGuest(name, args);
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

/** Connects to the guest; collects what it sends until it ends, closes, or LIMIT_MS passes. */
export async function connectTo(port) {
  const socket = net.connect(port, "127.0.0.1");
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
