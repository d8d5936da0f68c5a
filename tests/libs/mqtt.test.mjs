// MQTT: an aedes broker on the socket module's server and mqtt.js clients on its sockets, on
// node:net then on wasm-net: every message at QoS 0, 1 and 2 delivered once with its payload
// (checksummed), a retained message for a late subscriber, and the will of a client that vanishes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Aedes } from "aedes";
import mqtt from "mqtt";
import { createHash } from "node:crypto";
import { sendsBy } from "./write-counter.mjs";
import { closeServer, listen, onBoth, pattern, sameAsNode } from "./nets.mjs";

const sha = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 12);

async function startBroker(net) {
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle);
  const port = await listen(server);
  const close = async () => {
    await new Promise((resolve) => broker.close(resolve));
    await closeServer(server);
  };
  return { port, close };
}

/** A connected mqtt.js client whose stream is a socket of `net`. */
async function client(net, port, clientId, extra = {}) {
  const c = new mqtt.MqttClient(() => net.connect(port, "127.0.0.1"), { clientId, protocolVersion: 4, reconnectPeriod: 0, ...extra });
  await new Promise((resolve, reject) => c.once("connect", resolve).once("error", reject));
  return c;
}

const end = (c, force = false) => new Promise((resolve) => c.end(force, resolve));

test("mqtt: 300 messages at QoS 0, 1 and 2 through the broker, each delivered once and intact", async () => {
  const results = await onBoth(async (net) => {
    const broker = await startBroker(net);
    const subscriber = await client(net, broker.port, "sub");
    await subscriber.subscribeAsync("data/#", { qos: 2 });
    const publisher = await client(net, broker.port, "pub");
    const received = [];
    const all = new Promise((resolve) => subscriber.on("message", (topic, payload, packet) => {
      received.push(`${topic} q${packet.qos} ${payload.length} ${sha(payload)}`);
      if (received.length === 300) resolve();
    }));
    await Promise.all(Array.from({ length: 300 }, (_, i) =>
      publisher.publishAsync(`data/${String(i).padStart(3, "0")}`, pattern(i % 60 === 59 ? 256 * 1024 : (i * 131) % 3000, i), { qos: i % 3 })));
    await all;
    await end(publisher);
    await end(subscriber);
    await broker.close();
    return received.sort(); // QoS 2 deliveries may overtake: compare as a set of lines
  });
  sameAsNode(assert, results, (node) => assert.equal(new Set(node).size, 300));
});

test("mqtt: a retained message reaches a late subscriber; a vanished client's will is published", async () => {
  const results = await onBoth(async (net) => {
    const broker = await startBroker(net);
    const watcher = await client(net, broker.port, "watcher");
    await watcher.subscribeAsync("status/#", { qos: 1 });
    const seen = [];
    watcher.on("message", (topic, payload, packet) => seen.push(`${topic} ${payload} retain=${packet.retain}`));
    const willing = await client(net, broker.port, "willing", { will: { topic: "status/willing", payload: Buffer.from("gone"), qos: 1 } });
    await willing.publishAsync("status/config", "v1", { qos: 1, retain: true });
    const willArrived = new Promise((resolve) => watcher.on("message", (topic) => topic === "status/willing" && resolve()));
    willing.stream.destroy(); // vanishes without DISCONNECT: the broker publishes the will
    await willArrived;
    const late = await client(net, broker.port, "late");
    const retained = new Promise((resolve) => late.on("message", (topic, payload, packet) => resolve(`${topic} ${payload} retain=${packet.retain}`)));
    await late.subscribeAsync("status/config", { qos: 1 });
    const lateSaw = await retained;
    await end(willing, true);
    await end(late);
    await end(watcher);
    await broker.close();
    return { seen, lateSaw };
  });
  sameAsNode(assert, results, (node) => assert.equal(node.lateSaw, "status/config v1 retain=true"));
});

// mqtt-packet writes a packet field by field between cork() and uncork(): the broker's PUBLISH to
// a subscriber leaves as one send on node:net.
test("mqtt: the broker forwards a PUBLISH to its subscriber as one send", async () => {
  const results = await onBoth(async (net) => {
    const broker = await startBroker(net);
    const subscriber = await client(net, broker.port, "counted");
    await subscriber.subscribeAsync("count/#", { qos: 0 });
    const publisher = await client(net, broker.port, "counter");
    const brokerToSubscriber = () => sendsBy(broker.port, subscriber.stream.localPort);
    const before = brokerToSubscriber();
    const arrived = new Promise((resolve) => subscriber.once("message", (topic, payload) => resolve(payload.length)));
    await publisher.publishAsync("count/one", pattern(1000, 1), { qos: 0 });
    const length = await arrived;
    const sends = brokerToSubscriber() - before;
    await end(publisher);
    await end(subscriber);
    await broker.close();
    return { length, sends };
  });
  sameAsNode(assert, results, (node) => assert.equal(node.sends, 1));
});
