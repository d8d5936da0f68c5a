// N QoS 1 deliveries through an MQTT broker (mqtt's client on node:net: one publisher keeping 64
// messages of 64 bytes in flight, one subscriber), for bench/node-instructions.mjs: a fixed
// amount of work, where bench/libs-client.mjs runs for a time.
//   node bench/mqtt-deliveries.mjs PORT N
import net from "node:net";
import mqtt from "mqtt";

const [port, n] = process.argv.slice(2).map(Number);
const connect = (clientId) => new Promise((resolve, reject) => {
  const client = new mqtt.MqttClient(() => net.connect({ port, host: "127.0.0.1", noDelay: true }), { clientId, protocolVersion: 4, reconnectPeriod: 0 });
  client.once("connect", () => resolve(client)).once("error", reject);
});
const subscriber = await connect("count-sub");
await subscriber.subscribeAsync("bench/#", { qos: 1 });
const publisher = await connect("count-pub");
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
