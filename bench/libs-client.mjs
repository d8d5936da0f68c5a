// The load of the real-library rows of `npm run bench` (issue 15): Node's own clients on node:net
// against bench/servers/libs-server.mjs, the same for every server. Prints one JSON line.
//
//   node bench/libs-client.mjs http PORT SECONDS   {requests_per_s, latency_us}: 16 keep-alive
//        connections each asking one request at a time for SECONDS (requests/s), then one
//        connection alone for SECONDS/2 (mean µs per request)
//   node bench/libs-client.mjs ws PORT SECONDS     {messages_per_s}: 4 WebSockets, each keeping
//        32 messages of 64 bytes in flight to the echo, for SECONDS
//   node bench/libs-client.mjs mqtt PORT SECONDS   {deliveries_per_s}: one publisher keeping 64
//        QoS 1 messages of 64 bytes in flight, one subscriber counting deliveries, for SECONDS
// The clients' sockets have Nagle off (Node's http client and ws set it themselves), so what
// differs between two runs is the server side only.
import http from "node:http";

const [library, portArg, secondsArg] = process.argv.slice(2);
const port = Number(portArg);
const seconds = Number(secondsArg);
if (!["http", "ws", "mqtt"].includes(library) || !port || !(seconds > 0)) {
  console.error("usage: libs-client.mjs http|ws|mqtt PORT SECONDS");
  process.exit(2);
}
const now = () => Number(process.hrtime.bigint()) / 1e9;

/** Runs `loop(stillRunning)` on `count` lanes for `duration` s; resolves with the operations done. */
async function lanes(count, duration, loop) {
  const until = now() + duration;
  const counts = await Promise.all(Array.from({ length: count }, () => loop(() => now() < until)));
  return counts.reduce((a, b) => a + b, 0);
}

async function httpLoad() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const ask = () => new Promise((resolve, reject) => {
    http.get({ agent, port, host: "127.0.0.1", path: "/" }, (res) => {
      let length = 0;
      res.on("data", (d) => { length += d.length; }).on("end", () => (length === 64 ? resolve() : reject(new Error(`body of ${length} bytes`))));
    }).on("error", reject);
  });
  const sequential = async (running) => { let n = 0; while (running()) { await ask(); n++; } return n; };
  await lanes(16, 0.5, sequential); // warm-up: opens the connections
  let start = now();
  const requests = await lanes(16, seconds, sequential);
  const requestsPerS = requests / (now() - start);
  agent.destroy();
  const single = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const askOne = () => new Promise((resolve, reject) => {
    http.get({ agent: single, port, host: "127.0.0.1", path: "/" }, (res) => res.resume().on("end", resolve)).on("error", reject);
  });
  await askOne();
  start = now();
  let n = 0;
  while (now() - start < seconds / 2) { await askOne(); n++; }
  const latencyUs = ((now() - start) / n) * 1e6;
  single.destroy();
  return { requests_per_s: requestsPerS, latency_us: latencyUs, requests: requests + n };
}

async function wsLoad() {
  const { WebSocket } = await import("ws");
  const message = Buffer.alloc(64, 7);
  const start = now();
  const counts = await Promise.all(Array.from({ length: 4 }, () => new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    let echoed = 0;
    let stopAt = 0;
    ws.on("error", reject);
    ws.on("open", () => {
      stopAt = now() + seconds;
      for (let i = 0; i < 32; i++) ws.send(message);
    });
    ws.on("message", () => {
      echoed++;
      if (now() < stopAt) ws.send(message);
      else if (echoed % 32 === 0 || ws.bufferedAmount === 0) { ws.terminate(); resolve(echoed); }
    });
    ws.on("close", () => resolve(echoed));
  })));
  const messages = counts.reduce((a, b) => a + b, 0);
  return { messages_per_s: messages / (now() - start), messages };
}

async function mqttLoad() {
  const { mqttClients } = await import("./mqtt-clients.mjs");
  const { publisher, subscriber } = await mqttClients(port, "bench");
  let delivered = 0;
  subscriber.on("message", () => { delivered++; });
  const payload = Buffer.alloc(64, 1);
  const start = now();
  const published = await lanes(64, seconds, async (running) => {
    let n = 0;
    while (running()) { await publisher.publishAsync("bench/x", payload, { qos: 1 }); n++; }
    return n;
  });
  const elapsed = now() - start;
  while (delivered < published && now() - start < seconds + 5) await new Promise((r) => setTimeout(r, 10));
  await publisher.endAsync();
  await subscriber.endAsync();
  return { deliveries_per_s: delivered / elapsed, delivered, published };
}

const result = await { http: httpLoad, ws: wsLoad, mqtt: mqttLoad }[library]();
console.log(JSON.stringify({ library, ...result }));
process.exit(0);
