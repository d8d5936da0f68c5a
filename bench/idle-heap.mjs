// Heap per idle accepted connection, after GC: a server on node:net or wasm-net accepts N
// connections from a child process and holds them; (heapUsed with them − heapUsed before) / N,
// each after a full GC. The core's own memory (wasm) is not in the heap: npm run bench:memory.
//   node bench/idle-heap.mjs [connections, default 3000]     (each net in its own process)
import { spawn } from "node:child_process";
import { once } from "node:events";
import nodeNet from "node:net";
import { createRequire } from "node:module";

const [which, count] = process.argv[2] === "node" || process.argv[2] === "wasm" ? process.argv.slice(2) : [null, process.argv[2]];
const n = Number(count ?? 3000);
const wasmNet = createRequire(import.meta.url)(process.env.BENCH_WASM_MODULE || "../build/out/node/index.cjs");
const CLIENTS = `const net = require("node:net"); const [port, n] = process.argv.slice(1).map(Number); let open = 0;
for (let i = 0; i < n; i++) net.connect(port, "127.0.0.1", () => { if (++open === n) console.log("open"); }).on("error", () => {});
process.stdin.on("end", () => process.exit(0)).resume();`;

async function heapPerConnection(net) {
  const sockets = [];
  const server = net.createServer((socket) => sockets.push(socket));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const clients = spawn(process.execPath, ["-e", CLIENTS, String(server.address().port), String(n)], { stdio: ["pipe", "pipe", "inherit"] });
  await once(clients.stdout, "data");
  while (sockets.length < n) await new Promise((resolve) => setTimeout(resolve, 20));
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  clients.stdin.end();
  await once(clients, "exit");
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  return Math.round((after - before) / n);
}

if (which) {
  const net = which === "node" ? nodeNet : wasmNet;
  console.log(`${which === "node" ? "node:net" : "wasm-net"}: ${await heapPerConnection(net)} bytes of heap per idle accepted connection (${n} connections)`);
} else {
  for (const impl of ["node", "wasm"]) {
    const child = spawn(process.execPath, ["--expose-gc", process.argv[1], impl, String(n)], { stdio: ["ignore", "inherit", "inherit"] });
    await once(child, "exit");
  }
}
