// The WASI 0.2 component's echo: round trips per second of examples/echo.ts (core + driver)
// against floor-echo.ts (the same echo written directly on the socket ABI, no core: the floor of
// the runtime), each in its own child process, measured alternately by the same client (three
// rounds each; medians). Prints both and the ratio. The runtime is Node through jco +
// preview2-shim, or with --wasmtime Wasmtime 49's C library (tests/wasmtime/run-component.py);
// there it also counts wasm operators per round trip (Wasmtime's fuel) in one more run of each.
// With --iwasm=PATH or --wasmedge=PATH, a WAMR or WasmEdge binary the user built runs the
// guests built for its socket ABI (build/out/wasi/NAME.wamr.wasm, NAME.wasmedge.wasm).
//   npm run build && node bench/wasi-echo.mjs [--wasmtime | --iwasm=PATH | --wasmedge=PATH] [seconds per run, default 5] [connections, default 1]
//   node bench/wasi-echo.mjs --fuel      the operator counts alone (Wasmtime; deterministic, seconds)
import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import net from "node:net";

const fuelOnly = process.argv.includes("--fuel");
const wasmtime = fuelOnly || process.argv.includes("--wasmtime");
const binary = (flag) => process.argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
const iwasm = binary("--iwasm");
const wasmedge = binary("--wasmedge");
const [seconds = 5, connections = 1] = process.argv.slice(2).filter((a) => !a.startsWith("--")).map(Number);
const MESSAGE = Buffer.alloc(64, 0x61);
const HELLO = 7; // "hello\r\n" from both servers
// Fuel is counted over round trips paced 1 ms apart: the guest is always waiting when the next
// message comes, so the count repeats to a few operators. Back to back, it moves by hundreds from
// run to run: Wasmtime's input-stream pollable answers ready once more after a short read (the
// read that would block clears it), and whether the next message is already there then is timing.
const FUEL_TRIPS = 2000;

const built = (file) => fileURLToPath(new URL(`../build/out/wasi/${file}`, import.meta.url));
const wasmtimeHost = fileURLToPath(new URL("../tests/wasmtime/run-component.py", import.meta.url));

function command(name, fuel) {
  if (iwasm) return [iwasm, ["--addr-pool=127.0.0.1/32", built(`${name}.wamr.wasm`), "0"]];
  if (wasmedge) return [wasmedge, [built(`${name}.wasmedge.wasm`), "0"]];
  if (!wasmtime) return [process.execPath, [built(`js/${name}.mjs`), "0"]];
  return ["python3", [wasmtimeHost, ...(fuel ? ["--fuel"] : []), built(`${name}.component.wasm`), "0"]];
}

async function startServer(name, fuel = false) {
  const [program, args] = command(name, fuel);
  const child = spawn(program, args, { stdio: ["ignore", "pipe", fuel ? "pipe" : "inherit"] });
  // stdout stays open and read to the end: a guest whose stdout is closed fails at its next print
  let text = "";
  const port = new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      text += chunk;
      const match = /server bound on port (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", () => reject(new Error(`${name} exited before listening (${program} ${args.join(" ")})`)));
  });
  return { child, port: await port };
}

/** A connected client that has had the greeting. */
async function open(port) {
  const socket = net.connect(port, "127.0.0.1");
  socket.setNoDelay(true);
  await once(socket, "connect");
  let owed = HELLO; // bytes still expected before the next message goes out
  let onReply = null;
  socket.on("data", (data) => {
    owed -= data.length;
    if (owed <= 0) onReply();
  });
  await new Promise((resolve) => { onReply = resolve; });
  /** Ping-pong until `deadline` (performance.now()) or `count` round trips; returns the trips. */
  socket.trips = ({ deadline = Infinity, count = Infinity, paced = false }) => new Promise((resolve, reject) => {
    socket.once("close", () => reject(new Error("the server closed the connection")));
    let trips = 0;
    const next = () => {
      owed = MESSAGE.length;
      socket.write(MESSAGE);
    };
    onReply = () => {
      trips++;
      if (trips >= count || performance.now() >= deadline) return resolve(trips);
      if (paced) setTimeout(next, 1);
      else next();
    };
    owed = MESSAGE.length;
    socket.write(MESSAGE);
  });
  return socket;
}

async function stop(child) {
  child.kill();
  await once(child, "exit");
}

async function measure(name) {
  const { child, port } = await startServer(name);
  try {
    const run = async (deadline) => {
      const sockets = await Promise.all(Array.from({ length: connections }, () => open(port)));
      const trips = await Promise.all(sockets.map((s) => s.trips({ deadline })));
      sockets.forEach((s) => s.destroy());
      return trips.reduce((a, b) => a + b, 0);
    };
    await run(performance.now() + 1000); // warm-up
    const start = performance.now();
    const trips = await run(start + seconds * 1000);
    return trips / ((performance.now() - start) / 1000);
  } finally {
    await stop(child);
  }
}

/** Wasm operators (Wasmtime fuel units) the server spends per round trip, on one connection. */
async function fuelPerTrip(name) {
  const { child, port } = await startServer(name, true);
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => { stderr += d; });
  const fuelNow = async () => {
    await sleep(50); // let the guest go back to waiting: the count is read then
    const before = stderr.length;
    child.kill("SIGUSR1");
    for (let i = 0; i < 100 && !/fuel \d+\n/.test(stderr.slice(before)); i++) await sleep(20);
    const line = /fuel (\d+)\n/.exec(stderr.slice(before));
    if (!line) throw new Error(`${name} printed no fuel count: ${stderr}`);
    return Number(line[1]);
  };
  try {
    const socket = await open(port);
    await socket.trips({ count: 1000 }); // warm-up
    const start = await fuelNow();
    const trips = await socket.trips({ count: FUEL_TRIPS, paced: true });
    const end = await fuelNow();
    socket.destroy();
    return (end - start) / trips;
  } finally {
    await stop(child);
  }
}

// alternate the two, three rounds each, and compare medians: the machine is shared
const ROUNDS = fuelOnly ? 0 : 3;
const results = { floor: [], echo: [] };
for (let round = 0; round < ROUNDS; round++) {
  results.floor.push(await measure("floor-echo"));
  results.echo.push(await measure("echo"));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (!fuelOnly) {
  const floor = median(results.floor);
  const echo = median(results.echo);
  const show = (xs) => xs.map((x) => x.toFixed(0)).join(", ");
  const runtime = iwasm ? `WAMR's ${iwasm}` : wasmedge ? `WasmEdge's ${wasmedge}`
    : wasmtime ? "Wasmtime 49 (C library, tests/wasmtime/run-component.py)" : `Node ${process.version} through jco`;
  console.log(`floor-echo (socket ABI only)  ${floor.toFixed(0).padStart(8)} round trips/s  (median of ${show(results.floor)})`);
  console.log(`echo (core + driver)          ${echo.toFixed(0).padStart(8)} round trips/s  (median of ${show(results.echo)})`);
  console.log(`ratio echo / floor            ${(echo / floor).toFixed(2)}x  (${connections} connection(s), ${seconds} s per run, 64-byte messages, ${runtime})`);
}
if (wasmtime) {
  const fuel = { floor: await fuelPerTrip("floor-echo"), echo: await fuelPerTrip("echo") };
  console.log(`wasm operators per round trip (fuel, ${FUEL_TRIPS} trips 1 ms apart on one connection): floor-echo ${fuel.floor.toFixed(0)}, ` +
    `echo ${fuel.echo.toFixed(0)} (${(fuel.echo / fuel.floor).toFixed(2)}x)`);
}
