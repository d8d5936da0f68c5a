// npm run soak: a wasm-net echo server and 1,000 concurrent wasm-net clients for a set time
// (default 60 s), exchanging random-sized messages with random pauses on both sides, aborts
// from either side and a half-close to finish. Every byte is checked end to end: each
// connection's bytes follow a known pattern (checked on arrival, so a lost, doubled or
// reordered byte is caught where it happens) and a SHA-1 of all that was sent and all that
// came back is compared when the connection ends. Not part of npm test.
//
//   ulimit -n 4096 && npm run soak [-- --seconds 60 --connections 1000 --seed N --net node]
//
// Needs two descriptors per connection (client and server side, one process): the limit is
// checked and printed first. The core's memory is sampled through the run: its pool grows to
// the working set and then stays flat.
import { execFileSync } from "node:child_process";
import { createHash, randomInt } from "node:crypto";
import nodeNet from "node:net";
import { wasmNet, hostCore } from "../node/host-with-core.mjs";
import { randomSource, seedFrom } from "../fuzz/random.mjs";

const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const SECONDS = option("--seconds", 60);
const CONNECTIONS = option("--connections", 1000);
const seed = seedFrom(argv, process.env, () => randomInt(2 ** 32));
// --net node: the same run on node:net, as a baseline for what the system itself does
const net = argv.includes("--net") && argv[argv.indexOf("--net") + 1] === "node" ? nodeNet : wasmNet;
const r = randomSource(seed);

const limit = execFileSync("bash", ["-c", "ulimit -n"]).toString().trim();
console.log(`soak: ${net === nodeNet ? "node:net (baseline)" : "wasm-net"}, ${CONNECTIONS} connections for ${SECONDS} s, seed ${seed}; ulimit -n ${limit}`);
if (limit !== "unlimited" && Number(limit) < 2 * CONNECTIONS + 200) {
  console.error(`needs at least ${2 * CONNECTIONS + 200} file descriptors: run under \`ulimit -n 4096\``);
  process.exit(2);
}

// The byte at offset k of connection c's stream is PATTERN[(k + c) % 251]: any slice of the
// stream is a slice of PATTERN, so writes cost no copying and arrivals one compare each.
const PERIOD = 251;
const MAX_MESSAGE = 64 * 1024;
const PATTERN = Buffer.alloc(PERIOD + MAX_MESSAGE);
for (let i = 0; i < PATTERN.length; i++) PATTERN[i] = ((i % PERIOD) * 97 + 13) & 255;
const slice = (salt, offset, length) => PATTERN.subarray((offset + salt) % PERIOD, (offset + salt) % PERIOD + length);
/** Do `bytes` continue connection `salt`'s stream at `offset`? (Arrivals can exceed a message.) */
function continues(bytes, salt, offset) {
  for (let at = 0; at < bytes.length; at += MAX_MESSAGE) {
    const piece = bytes.subarray(at, at + MAX_MESSAGE);
    if (!piece.equals(slice(salt, offset + at, piece.length))) return false;
  }
  return true;
}

const totals = {
  started: 0, completed: 0, cut: 0, failed: 0, aborted: { client: 0, server: 0 }, halfCloses: 0, pauses: { client: 0, server: 0 },
  bytesSent: 0, bytesEchoed: 0, lost: 0, reordered: 0, checksumMismatch: 0, errors: {}, unexplained: [],
};
const abortedByServer = new Set();
const countError = (code) => { totals.errors[code] = (totals.errors[code] ?? 0) + 1; };
const later = (ms, fn) => setTimeout(fn, ms);

// ---- the server: echo, honouring backpressure, sometimes pausing, sometimes aborting ----

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on("error", (e) => countError(`server ${e.code}`));
  socket.on("data", (bytes) => {
    if (!socket.write(bytes)) {
      socket.pause();
      socket.once("drain", () => socket.resume());
    } else if (r.chance(0.01)) {
      totals.pauses.server++;
      socket.pause();
      later(r.int(20), () => socket.resume());
    }
    if (r.chance(0.0005)) {
      totals.aborted.server++;
      abortedByServer.add(socket.remotePort); // the client's local port: it knows its cut is on purpose
      socket.destroy();
    }
  });
  socket.on("end", () => socket.end()); // the client half-closed: finish after the echo
});

// ---- a client: a plan of messages, then a half-close; checks every byte that comes back ----

let nextSalt = 0;
function runClient(port) {
  const salt = nextSalt++ % PERIOD;
  const plan = Array.from({ length: r.between(1, 60) }, () =>
    r.chance(0.6) ? r.between(1, 200) : r.chance(0.8) ? r.between(201, 8192) : r.between(8193, MAX_MESSAGE));
  const willAbort = r.chance(0.03) ? r.int(plan.length) : -1;
  const sentHash = createHash("sha1");
  const receivedHash = createHash("sha1");
  let sent = 0, received = 0, broken = false, aborted = false;
  totals.started++;
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", (e) => countError(`client ${e.code}`));
    socket.on("data", (bytes) => {
      if (!broken && !continues(bytes, salt, received)) broken = true; // counted at close
      receivedHash.update(bytes);
      received += bytes.length;
      totals.bytesEchoed += bytes.length;
      if (r.chance(0.01)) {
        totals.pauses.client++;
        socket.pause();
        later(r.int(20), () => socket.resume());
      }
    });
    let next = 0;
    const sendSome = () => {
      if (socket.destroyed) return;
      while (next < plan.length) {
        if (next === willAbort) {
          aborted = true;
          totals.aborted.client++;
          return socket.destroy();
        }
        const bytes = slice(salt, sent, plan[next++]);
        sentHash.update(bytes);
        sent += bytes.length;
        totals.bytesSent += bytes.length;
        if (!socket.write(bytes)) return socket.once("drain", sendSome);
        if (r.chance(0.2)) return later(r.int(10), sendSome); // a pause between messages
      }
      totals.halfCloses++;
      socket.end();
    };
    socket.on("connect", sendSome);
    let localPort = 0;
    socket.on("connect", () => { localPort = socket.localPort; });
    socket.on("close", (hadError) => {
      if (broken) totals.reordered++;
      if (abortedByServer.delete(localPort)) aborted = true;
      if (aborted) {
        totals.cut++; // bytes still in flight at an abort are not counted as lost
      } else if (hadError) {
        totals.failed++;
        totals.unexplained.push(`failed: sent ${sent}, received ${received}`);
      } else if (received !== sent) {
        totals.lost += sent - received;
        totals.unexplained.push(`lost: sent ${sent}, received ${received}`);
      } else {
        totals.completed++;
        if (sentHash.digest("hex") !== receivedHash.digest("hex")) totals.checksumMismatch++;
      }
      resolve();
    });
  });
}

// ---- the run ----

// a backlog for 1,000 clients reconnecting at once (Node's default, 511, overflows and the kernel
// then resets connections it never handed over: failures of the system, not of either side)
const listening = new Promise((resolve) => server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve));
await listening;
const { port } = server.address();
const memory = [];
const sample = (label) => memory.push({ label, reserved: hostCore.memory_reserved(), pages: hostCore.memory.buffer.byteLength / 65536, sockets: hostCore.socket_count() });
sample("start");

const started = performance.now();
const deadline = started + SECONDS * 1000;
let live = 0, peak = 0;
const keepGoing = () => performance.now() < deadline;
const startOne = () => {
  live++;
  peak = Math.max(peak, live);
  runClient(port).then(() => {
    live--;
    if (keepGoing()) startOne();
  });
};
// ramp up in steps, so the listen backlog is not overrun
for (let i = 0; i < CONNECTIONS && keepGoing(); i++) {
  startOne();
  if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 5));
}
const sampler = setInterval(() => sample(`${Math.round((performance.now() - started) / 1000)} s`), 10_000);
// let the last connections finish (bounded), then report
while (performance.now() < deadline + 60_000 && (keepGoing() || live > 0)) await new Promise((resolve) => setTimeout(resolve, 100));
clearInterval(sampler);
sample("end");
const stillOpen = live;
server.close();
await new Promise((resolve) => (server.listening ? server.once("close", resolve) : resolve()));

const seconds = (performance.now() - started) / 1000;
console.log(`connections: ${totals.started} started (${peak} at once), ${totals.completed} completed with every byte back, ` +
  `${totals.cut} cut by an abort on purpose, ${totals.failed} failed otherwise, ${stillOpen} still open at the end`);
console.log(`bytes: ${totals.bytesSent.toLocaleString("en")} sent, ${totals.bytesEchoed.toLocaleString("en")} echoed back ` +
  `(${((totals.bytesSent + totals.bytesEchoed) / seconds / 2 ** 20).toFixed(1)} MiB/s both ways) in ${seconds.toFixed(1)} s`);
console.log(`faults injected: ${totals.aborted.client} client aborts, ${totals.aborted.server} server aborts, ` +
  `${totals.pauses.client} client pauses, ${totals.pauses.server} server pauses, ${totals.halfCloses} half-closes`);
console.log(`errors seen: ${JSON.stringify(totals.errors)}`);
console.log(`${totals.lost} lost, ${totals.reordered} reordered, ${totals.checksumMismatch} checksum mismatches`);
for (const line of totals.unexplained.slice(0, 10)) console.log(`  ${line}`);
console.log("core memory (pool bytes reserved, wasm pages, live sockets):");
for (const m of memory) console.log(`  ${m.label.padEnd(6)} ${String(m.reserved).padStart(10)} bytes  ${m.pages} pages  ${m.sockets} sockets`);
const half = memory[Math.floor(memory.length / 2)];
const end = memory.at(-1);
// The pool only grows, to the largest working set it has seen; a leak grows it all the time.
const growth = end.reserved - half.reserved;
const flat = growth <= end.reserved / 100;
console.log(`core memory: ${half.reserved} bytes at mid-run (${half.label}), ${end.reserved} at the end: ` +
  `${growth === 0 ? "no growth" : `grew ${growth} bytes (${((100 * growth) / end.reserved).toFixed(3)}%)`} in the second half ` +
  `(${flat ? "flat: at most 1%" : "GROWING"})`);
const ok = totals.lost === 0 && totals.reordered === 0 && totals.checksumMismatch === 0 && totals.failed === 0 &&
  stillOpen === 0 && end.sockets === 0 && flat;
console.log(ok ? "soak: ok" : "soak: FAILED");
process.exit(ok ? 0 : 1);
