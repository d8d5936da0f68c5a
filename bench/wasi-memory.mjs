// Does a long-running component guest leak? tests/wasi/guests/probe.ts in "memory" mode (an echo
// server; the guest collects its garbage between turns) serves N connections, 50 at a time, each
// sending 1 KiB and ending; the guest prints its linear memory and the core's pool after every
// 1000th close.
//   npm run build && node bench/wasi-memory.mjs [connections, default 10000]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import net from "node:net";

const total = Number(process.argv[2] || 10000);
const child = spawn(process.execPath, [fileURLToPath(new URL("../build/out/wasi/js/probe.mjs", import.meta.url)), "memory", "0"],
  { stdio: ["ignore", "pipe", "inherit"] });
let text = "";
child.stdout.on("data", (d) => { text += d; });
while (!/listening (\d+)/.test(text)) await once(child.stdout, "data");
const port = Number(/listening (\d+)/.exec(text)[1]);

const payload = Buffer.alloc(1024, 0x62);
async function one() {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("data", () => {});
  socket.on("error", () => {});
  await once(socket, "connect");
  socket.end(payload);
  await once(socket, "close");
}
const start = performance.now();
for (let done = 0; done < total; done += 50) await Promise.all(Array.from({ length: Math.min(50, total - done) }, one));
while ((text.match(/closed \d+/g) ?? []).length < Math.floor(total / 1000)) await once(child.stdout, "data");
child.kill();
console.log(text.trim());
console.log(`${total} connections in ${((performance.now() - start) / 1000).toFixed(1)} s`);
