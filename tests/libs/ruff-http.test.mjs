// HTTP/1.1 keep-alive over the Ruff bundle's sockets (build/out/ruff/net.js in the Ruff-compatible
// runtime), from ES5 scripts that use their sockets as Ruff's own http does: pipe() into a
// stream.Writable parser, socket._writableState.needDrain before writing more. The server
// (ruff/http-server.js) is asked by Node's http client with a keep-alive agent; the client
// (ruff/http-client.js) asks the server script. Answers, bodies and connection reuse are checked.
// The same scripts under Node (node:net, Node's stream) are the control: they must pass there.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pattern, within } from "./nets.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const RUFF = join(root, "build/out/ruff-host/ruff");
const BUNDLE = join(root, "build/out/ruff/net.js");
const sha = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);

/** The bytes /big should carry: byte i is (i * 31 + 7) & 255. */
function bigBody() {
  const bytes = Buffer.alloc(2 * 2 ** 20);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 255;
  return bytes;
}

/** Starts an ES5 script in the Ruff runtime over the bundle (`ruff`), or under Node over node:net (`node`). */
function startScript(where, script, scriptArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), "wasm-net-ruff-http-"));
  copyFileSync(join(root, "tests/libs/ruff", script), join(dir, script));
  if (where === "ruff") {
    mkdirSync(join(dir, "ruff_modules/net"), { recursive: true });
    copyFileSync(BUNDLE, join(dir, "ruff_modules/net/index.js"));
  }
  const [command, ...args] = where === "ruff" ? [RUFF] : [process.execPath, "--no-deprecation"];
  return spawn(command, [...args, join(dir, script), ...scriptArgs.map(String)], { cwd: dir });
}

/** The server script, started; `port` resolves once it listens. */
function startServer(where) {
  const child = startScript(where, "http-server.js");
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  const port = new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (d) => {
      stdout += d;
      const m = /^listening (\d+)$/m.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    exited.then((r) => reject(new Error(`the server ended (${JSON.stringify(r)}): ${stdout}${stderr}`)));
  });
  return { child, port, exited, stderr: () => stderr };
}

/** Runs the client script to its end against `port`: { code, signal, stdout, stderr }. */
function runClient(where, port) {
  const child = startScript(where, "http-client.js", [port]);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d) => { stdout += d; });
  child.stderr.setEncoding("utf8").on("data", (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return within(60_000, `the client script (${where})`, exited).finally(() => child.kill("SIGKILL"));
}

/** The client script (`where`) against the server script under Node. */
async function clientExchange(where) {
  const server = startServer("node");
  try {
    const result = await runClient(where, await server.port);
    assert.equal(result.code, 0, `the client script failed: ${result.stderr.split("\n").slice(0, 3).join(" | ")}`);
    assert.equal(result.stdout.trim(), `client ok 13 ${10 * "answer to GET /n/0".length + 2 ** 20 + 2 ** 21 + "answer to GET /last".length}`);
    await within(10_000, "the server's exit", server.exited);
  } finally {
    server.child.kill("SIGKILL");
  }
}

function request(agent, port, method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, port, host: "127.0.0.1", method, path, headers }, (res) => {
      const chunks = [];
      res.on("error", reject);
      res.on("data", (d) => chunks.push(d)).on("end", () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode, connection: res.headers["x-connection"], length: bytes.length, sha: sha(bytes), text: bytes.length < 100 ? bytes.toString() : undefined });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function keepAliveExchange(where) {
  const server = startServer(where);
  try {
    const died = server.exited.then((r) => {
      throw new Error(`the server ended during the exchange (${JSON.stringify(r)}): ${server.stderr()}`);
    });
    await within(60_000, `the keep-alive exchange with the server (${where})`, Promise.race([died, (async () => {
      const port = await server.port;
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const answers = [];
      for (let i = 0; i < 10; i++) answers.push(await request(agent, port, "GET", `/n/${i}`));
      const upload = pattern(256 * 1024, 5);
      const echo = await request(agent, port, "POST", "/echo", upload);
      const big = await request(agent, port, "GET", "/big");
      const last = await request(agent, port, "GET", "/last", undefined, { connection: "close" });
      agent.destroy();
      assert.deepEqual(answers.map((a) => a.text), answers.map((_, i) => `answer to GET /n/${i}`));
      assert.deepEqual({ length: echo.length, sha: echo.sha }, { length: upload.length, sha: sha(upload) });
      assert.deepEqual({ length: big.length, sha: big.sha }, { length: 2 * 2 ** 20, sha: sha(bigBody()) });
      assert.equal(last.text, "answer to GET /last");
      // keep-alive: one connection carried every request
      assert.deepEqual(new Set([...answers, echo, big, last].map((a) => a.connection)), new Set(["1"]));
    })().catch(async (error) => {
      // the server's own words (an uncaught exception) say more than the client's 'aborted'
      await within(2000, "exit", server.exited).catch(() => {});
      throw new Error(`${error.message}; the server's stderr: ${server.stderr().split("\n").slice(0, 3).join(" | ")}`);
    })]));
    const { code } = await within(10_000, "the server's exit", server.exited);
    assert.equal(code, 0, server.stderr());
  } finally {
    server.child.kill("SIGKILL");
  }
}

test("the ES5 keep-alive server under Node, on node:net and Node's stream (the control)", () => keepAliveExchange("node"));

test("the ES5 keep-alive client under Node, on node:net and Node's stream (the control)", () => clientExchange("node"));

test("Ruff: the ES5 HTTP/1.1 keep-alive server that pipes its sockets and reads _writableState", async () => {
  assert.ok(existsSync(RUFF) && existsSync(BUNDLE), "build/out/ruff-host/ruff and build/out/ruff/net.js are missing: npm run build");
  await keepAliveExchange("ruff");
});

test("Ruff: the ES5 HTTP/1.1 keep-alive client that pipes its socket and reads _writableState", async () => {
  assert.ok(existsSync(RUFF) && existsSync(BUNDLE), "build/out/ruff-host/ruff and build/out/ruff/net.js are missing: npm run build");
  await clientExchange("ruff");
});
