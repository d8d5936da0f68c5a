// The Ruff-compatible test runtime (tests/ruff-host/): the `uv` binding against Node peers
// over loopback, and the globals and modules a Ruff script has. Scripts live in
// tests/ruff-host/scripts/; the binary is built by `npm run build` (or here if absent).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ruff = join(root, "build/out/ruff-host/ruff");
const scripts = join(root, "tests/ruff-host/scripts");
const LIMIT_MS = 20_000;

if (!existsSync(ruff)) spawnSync(process.execPath, [join(root, "build/ruff-host.mjs")], { stdio: "inherit" });
assert.ok(existsSync(ruff), `${ruff} is missing: install duktape-dev and libuv1-dev, then npm run build`);

// Runs a script to its end (killed after LIMIT_MS) and resolves with its exit and output.
function run(script, args = [], env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(ruff, [join(scripts, script), ...args.map(String)], {
      cwd: scripts,
      env: { ...process.env, ...env },
      timeout: LIMIT_MS,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

// Starts a server script; resolves once it prints "listening <address>".
function startServer(script, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(ruff, [join(scripts, script), ...args.map(String)], { cwd: scripts, timeout: LIMIT_MS });
    let stdout = "";
    let stderr = "";
    const exited = new Promise((done) => child.on("close", (code, signal) => done({ code, signal, stdout, stderr })));
    child.stderr.on("data", (d) => { stderr += d; });
    child.stdout.on("data", (d) => {
      stdout += d;
      const m = /^listening (\S+)$/m.exec(stdout);
      if (m && !child.address) {
        child.address = m[1];
        resolve({ child, address: m[1], exited, output: () => stdout });
      }
    });
    child.on("error", reject);
    exited.then((r) => { if (!child.address) reject(new Error(`${script} exited early: ${JSON.stringify(r)}`)); });
  });
}

// Starts a script; `line(re)` resolves with the first match in its stdout, `done` at exit.
function runStreaming(script, args = []) {
  const child = spawn(ruff, [join(scripts, script), ...args.map(String)], { cwd: scripts, timeout: LIMIT_MS });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const done = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  const line = (re) => new Promise((resolve, reject) => {
    const check = () => { const m = re.exec(stdout); if (m) resolve(m); };
    child.stdout.on("data", (d) => { stdout += d; check(); });
    done.then(() => reject(new Error(`${script} ended before ${re}: ${stdout}${stderr}`)));
  });
  return { line, done };
}

// Sends data over a Node client connection, ends it, and resolves with all bytes echoed back.
function echoThrough(connectArgs, data) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const socket = net.connect(...connectArgs, () => socket.end(data));
    socket.on("data", (c) => chunks.push(c));
    socket.on("end", () => resolve(Buffer.concat(chunks)));
    socket.on("error", reject);
  });
}

function listen(server, ...args) {
  return new Promise((resolve) => server.listen(...args, () => resolve(server.address().port)));
}

function jsonLines(text) {
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

test("uv echo server: 1 MiB of random bytes from a Node client come back intact", async () => {
  const { child, address } = await startServer("uv-echo.js", [0]);
  try {
    const data = randomBytes(1 << 20);
    const echoed = await echoThrough([Number(address), "127.0.0.1"], data);
    assert.equal(echoed.length, data.length);
    assert.ok(echoed.equals(data), "echoed bytes differ");
  } finally {
    child.kill();
  }
});

test("uv client against a Node server: names, echo of 1 MiB, EOF, shutdown, close", async () => {
  const data = randomBytes(1 << 20);
  let gotEnd;
  // the server's 'end' may come after the client process exited: wait for it, not for the exit
  const echoed = new Promise((resolve) => { gotEnd = resolve; });
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const chunks = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("end", () => { gotEnd(Buffer.concat(chunks)); socket.destroy(); });
    socket.end(data);
  });
  const port = await listen(server, 0, "127.0.0.1");
  try {
    const result = await run("uv-client.js", [port]);
    assert.equal(result.code, 0, result.stderr);
    const [request, names, flags, summary] = jsonLines(result.stdout);
    assert.deepEqual(request, { requestIsPlainBuffer: true });
    assert.deepEqual(names.peername, { family: "INET", port, address: "127.0.0.1" });
    assert.equal(names.sockname.family, "INET");
    assert.equal(names.sockname.address, "127.0.0.1");
    assert.ok(names.sockname.port > 0);
    assert.deepEqual(flags, { readable: true, writable: true });
    assert.deepEqual(summary, { received: data.length, events: ["connect:null", "eof", "shutdown:null", "close"] });
    const timeLimit = new Promise((_, reject) => setTimeout(() => reject(new Error("the Node server never got the end")), LIMIT_MS).unref());
    assert.ok((await Promise.race([echoed, timeLimit])).equals(data), "the Node server got different bytes back");
  } finally {
    server.close();
  }
});

test("read_stop pauses read callbacks until read_start; next ticks drain after each one", async () => {
  const { address, exited } = await startServer("backpressure.js");
  const data = randomBytes(8 << 20);
  const socket = net.connect(Number(address), "127.0.0.1", () => socket.end(data));
  socket.resume();
  const result = await exited;
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trim().split("\n");
  assert.equal(lines[1], "paused");
  const summary = JSON.parse(lines[2]);
  assert.equal(summary.total, data.length);
  assert.equal(summary.readsWhilePaused, 0);
  assert.ok(summary.reads > 1, "all the data came in one read: the pause was not exercised");
  assert.equal(summary.maxTicksBehind, 1, "a next tick did not run before the following read callback");
});

test("shutdown is a half-close: Node sees 'end' after the data, then its reply reaches uv before EOF", async () => {
  let seen;
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (d) => { text += d; });
    socket.on("end", () => { seen = text; socket.end("ack"); });
  });
  const port = await listen(server, 0, "127.0.0.1");
  try {
    const result = await run("shutdown.js", [port]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(seen, "bye");
    assert.deepEqual(JSON.parse(result.stdout), {
      text: "ack",
      log: ["written:null", "shutdown:null:writable=false", "eof", "closed"],
    });
  } finally {
    server.close();
  }
});

test("uv.write keeps its data alive until the callback, even with no JS reference left", async () => {
  let peer;
  let receivedAll;
  const received = new Promise((resolve) => { receivedAll = resolve; });
  const server = net.createServer((socket) => {
    peer = socket;
    socket.pause();
    const chunks = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("end", () => receivedAll(Buffer.concat(chunks)));
  });
  const port = await listen(server, 0, "127.0.0.1");
  try {
    const script = runStreaming("write-lifetime.js", [port]);
    const [, queued] = await script.line(/^queued (\d+)$/m);
    assert.ok(Number(queued) > 0, "every write completed at once: nothing was left queued");
    peer.resume();
    const result = await script.done;
    assert.equal(result.code, 0, result.stderr);
    const bytes = await received;
    assert.equal(bytes.length, 8 << 20);
    for (let i = 0; i < 8; i++) {
      const part = bytes.subarray(i << 20, (i + 1) << 20);
      assert.ok(part.every((b) => b === i + 1), `megabyte ${i} was overwritten after its buffer was collected`);
    }
  } finally {
    server.close();
  }
});

test("errors: EADDRINUSE thrown by listen, ECONNREFUSED in the callback, bad arguments", async () => {
  const busy = net.createServer();
  const busyPort = await listen(busy, 0, "127.0.0.1");
  const gone = net.createServer();
  const freePort = await listen(gone, 0, "127.0.0.1");
  await new Promise((r) => gone.close(r));
  try {
    const result = await run("errors.js", [busyPort, freePort]);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout);
    assert.equal(out.bind, "ok", "libuv defers a TCP EADDRINUSE from bind to listen");
    assert.equal(out.listen, undefined);
    assert.deepEqual(out.thrown, { name: "Error", message: "EADDRINUSE: address already in use" });
    assert.deepEqual(out.refused, { name: "Error", message: "ECONNREFUSED: connection refused" });
    assert.equal(out.refusedIsError, true);
    assert.deepEqual(out.badHost, { name: "TypeError", message: "Invalid IP address or port" });
    assert.deepEqual(out.missingPort, { name: "TypeError", message: "Invalid argument type for port" });
    assert.deepEqual(out.nonBoolean, { name: "TypeError", message: "Invalid argument type for isenabled" });
    assert.deepEqual(out.writeUnconnected, { name: "Error", message: "EBADF: bad file descriptor" });
    assert.equal(out.errname, "EADDRINUSE");
    assert.deepEqual(out.isIp, [true, false, true, false]);
  } finally {
    busy.close();
  }
});

test("pipe (unix socket) echo: 256 KiB from a Node client, then the server closes itself", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ruff-host-"));
  const path = join(dir, "echo.sock");
  try {
    const { address, exited } = await startServer("pipe-echo.js", [path]);
    assert.equal(address, path);
    const data = randomBytes(256 << 10);
    const echoed = await echoThrough([path], data);
    assert.ok(echoed.equals(data), "echoed bytes differ");
    const result = await exited;
    assert.equal(result.code, 0, result.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("timers: next ticks, Ruff's immediate batches, timeouts in order, intervals stop", async () => {
  const result = await run("timers.js");
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    log: ["main", "main-end", "tick:12", "imm1", "imm2", "imm3", "imm1-tick", "t1", "t1-tick", "t2:arg"],
    intervalTicks: 3,
  });
});

test("require: relative files, .json, package.json main, index.js, ruff_modules upward, net replacement", async () => {
  const result = await run("require-main.js");
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    relative: "plain",
    relativeJs: true,
    json: 42,
    folderMain: "pkg-main",
    folderIndex: "indexed",
    ruffModule: "mymod",
    nestedUpward: "mymod from fixtures/ruff_modules",
    net: true,
    events: "function",
    filename: "require-main.js",
    dirnameIsAbsolute: true,
    thisIsModule: true,
    resolve: "ruff_modules/mymod/index.js",
    missing: 'Cannot find module "nope-not-here"',
  });
});

test("events: EventEmitter semantics", async () => {
  const result = await run("events-check.js");
  assert.equal(result.stderr, "");
  assert.equal(result.stdout, "events ok\n");
  assert.equal(result.code, 0);
});

test("buffer: Ruff's Buffer shape and what uv.write accepts", async () => {
  const result = await run("buffer-check.js");
  assert.equal(result.stderr, "");
  assert.equal(result.stdout, "buffer ok\n");
  assert.equal(result.code, 0);
});

test("dns.lookup: localhost through getaddrinfo, literals synchronously, family 6 refused", async () => {
  const result = await run("dns-lookup.js");
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    order: ["literal", "sync-end", "localhost"],
    literal: [null, "127.0.0.1", 4],
    literal6: [null, "::1", 6],
    family6: "TypeError: Invalid argument: family must be 4",
    localhost: [null, "127.0.0.1", 4],
    all: [null, [{ address: "127.0.0.1", family: 4 }]],
  });
});

test("process.exit(code) and process.exitCode", async () => {
  const exit = await run("exit-code.js");
  assert.equal(exit.code, 3);
  assert.equal(exit.stdout, "before exit\nexit event 3\n");
  const natural = await run("exit-code-natural.js");
  assert.equal(natural.code, 5);
  assert.equal(natural.stdout, "timer ran\nexit event 5\n");
});

test("an uncaught exception prints its stack to stderr and exits 1", async () => {
  const inTimer = await run("throw-async.js");
  assert.equal(inTimer.code, 1);
  assert.equal(inTimer.stdout, "exit event 1\n");
  assert.match(inTimer.stderr, /^Error: boom from a timer\n\s+at explode \(.*throw-async\.js:5\)/);
  const inMain = await run("throw-sync.js");
  assert.equal(inMain.code, 1);
  assert.equal(inMain.stdout, "started\n");
  assert.match(inMain.stderr, /^TypeError: cannot read property 'property' of null\n/);
  assert.match(inMain.stderr, /throw-sync\.js:5\)/);
});

test("instrumentation: __ruffhost only with RUFFHOST_STATS=1; heap grows with handles and shrinks after close", async () => {
  const off = await run("heap-stats.js");
  assert.deepEqual(JSON.parse(off.stdout), { stats: false });
  const on = await run("heap-stats.js", [], { RUFFHOST_STATS: "1" });
  assert.equal(on.code, 0, on.stderr);
  const { stats, before, during, after } = JSON.parse(on.stdout);
  assert.equal(stats, true);
  assert.ok((during - before) / 1000 >= 200, `1000 TCP handles added only ${during - before} bytes`);
  assert.ok(during - after > (during - before) * 0.8, `closing them released only ${during - after} bytes`);
});
