// N QoS 1 deliveries through an MQTT broker (mqtt's client on node:net: one publisher keeping 64
// messages of 64 bytes in flight, one subscriber), for bench/node-instructions.mjs: a fixed
// amount of work, where bench/libs-client.mjs runs for a time.
//   node bench/mqtt-deliveries.mjs PORT N
import { mqttClients } from "./mqtt-clients.mjs";

const [port, n] = process.argv.slice(2).map(Number);
const { publisher, subscriber } = await mqttClients(port, "count");
let delivered = 0;
const all = new Promise((resolve) => subscriber.on("message", () => { if (++delivered === n) resolve(); }));
const payload = Buffer.alloc(64, 1);
let published = 0;
await Promise.all(Array.from({ length: 64 }, async () => {
  while (published < n) { published++; await publisher.publishAsync("bench/x", payload, { qos: 1 }); }
}));
await all;
await publisher.endAsync();
await subscriber.endAsync();
