// The WASI 0.2 component's echo on Node (jco transpile + preview2-shim): round trips per second
// of examples/echo.ts (core + driver) against floor-echo.ts (the same echo written directly on
// the socket ABI, no core: the floor of this runtime), each in its own child process, measured
// alternately by the same client (three rounds each; medians). Prints both and the ratio.
//   npm run build && node bench/wasi-echo.mjs [seconds per run, default 5] [connections, default 1]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import net from "node:net";

const seconds = Number(process.argv[2] || 5);
const connections = Number(process.argv[3] || 1);
const MESSAGE = Buffer.alloc(64, 0x61);
const HELLO = 7; // "hello\r\n" from both servers

async function startServer(name) {
  const child = spawn(process.execPath, [fileURLToPath(new URL(`../build/out/wasi/js/${name}.mjs`, import.meta.url)), "0"],
    { stdio: ["ignore", "pipe", "inherit"] });
  let text = "";
  for await (const chunk of child.stdout) {
    text += chunk;
    const match = /server bound on port (\d+)/.exec(text);
    if (match) return { child, port: Number(match[1]) };
  }
  throw new Error(`${name} exited before listening`);
}

/** One connection doing ping-pong until `deadline`; returns its round trips. */
async function pingPong(port, deadline) {
  const socket = net.connect(port, "127.0.0.1");
  socket.setNoDelay(true);
  await once(socket, "connect");
  let owed = HELLO; // bytes still expected before the next message goes out
  let trips = -1; //  the greeting is not a round trip
  await new Promise((resolve) => {
    socket.on("data", (data) => {
      owed -= data.length;
      if (owed > 0) return;
      trips++;
      if (performance.now() >= deadline) return resolve();
      owed = MESSAGE.length;
      socket.write(MESSAGE);
    });
  });
  socket.destroy();
  return trips;
}

async function measure(name) {
  const { child, port } = await startServer(name);
  try {
    // warm-up, then the measured run
    await Promise.all(Array.from({ length: connections }, () => pingPong(port, performance.now() + 1000)));
    const start = performance.now();
    const trips = await Promise.all(Array.from({ length: connections }, () => pingPong(port, start + seconds * 1000)));
    const elapsed = (performance.now() - start) / 1000;
    return trips.reduce((a, b) => a + b, 0) / elapsed;
  } finally {
    child.kill();
    await once(child, "exit");
  }
}

// alternate the two, three rounds each, and compare medians: the machine is shared
const ROUNDS = 3;
const results = { floor: [], echo: [] };
for (let round = 0; round < ROUNDS; round++) {
  results.floor.push(await measure("floor-echo"));
  results.echo.push(await measure("echo"));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const floor = median(results.floor);
const echo = median(results.echo);
const show = (xs) => xs.map((x) => x.toFixed(0)).join(", ");
console.log(`floor-echo (socket ABI only)  ${floor.toFixed(0).padStart(8)} round trips/s  (median of ${show(results.floor)})`);
console.log(`echo (core + driver)          ${echo.toFixed(0).padStart(8)} round trips/s  (median of ${show(results.echo)})`);
console.log(`ratio echo / floor            ${(echo / floor).toFixed(2)}x  (${connections} connection(s), ${seconds} s per run, 64-byte messages, Node ${process.version})`);
