// The Node example programs of examples/ (net-api.txt's echo server and client, CommonJS and
// ES modules), run as written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import net from "node:net";

const example = (name) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));

/** Everything a child printed so far, and a way to wait until it printed `pattern` (10 s cap). */
function output(child) {
  let text = "";
  const waiters = [];
  child.stdout.on("data", (chunk) => {
    text += chunk;
    for (const w of waiters.splice(0)) if (!w.pattern.test(text)) waiters.push(w); else w.resolve(text);
  });
  return (pattern) => new Promise((resolve, reject) => {
    if (pattern.test(text)) return resolve(text);
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${text}`)), 10_000);
    waiters.push({ pattern, resolve: (t) => { clearTimeout(timer); resolve(t); } });
  });
}

for (const kind of ["cjs", "mjs"]) test(`echo-server.${kind} and echo-client.${kind} talk to each other`, async () => {
  const probe = net.createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const port = String(probe.address().port);
  await new Promise((resolve) => probe.close(resolve));

  const server = spawn(process.execPath, [example(`echo-server.${kind}`), port]);
  const serverOutput = output(server);
  try {
    assert.match(await serverOutput(/server bound/), new RegExp(`server bound on port ${port}`));
    const client = spawn(process.execPath, [example(`echo-client.${kind}`), port, "world!"]);
    let clientOutput = "";
    client.stdout.on("data", (d) => { clientOutput += d; });
    const [code] = await once(client, "exit");
    assert.equal(code, 0);
    assert.match(clientOutput, /^connected to server!\nhello\r?\n/);
    assert.match(clientOutput, /disconnected from server\n$/);
    assert.match(await serverOutput(/client disconnected/), /client connected\nclient disconnected/);
  } finally {
    server.kill();
  }
});
