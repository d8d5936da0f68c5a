// ioredis against a real Redis, on node:net then on wasm-net: the same replies (a 1 MiB value, a
// 5,000-command pipeline), pub/sub in order, a server-side kill then ioredis's reconnect with the
// same events, a BLPOP answered from another connection, QUIT and a refused connection, its
// pipelines as one send each, and its noDelay and keepAlive reaching the kernel.
// How wasm-net gets in: ioredis's public `Connector` option with its exported AbstractConnector;
// the connector below does what ioredis's StandaloneConnector does (createConnection on the next
// tick, the first error kept), with the given net's createConnection in place of node:net's.
// The server: tests/libs/redis.sh (Debian's redis-server; .ci/run installs and starts it) on
// 127.0.0.1:$WASM_NET_REDIS_PORT (63799). Without one this test FAILS and says so.
// Keys and channels carry a random id of this run and the net's name, and clients are killed by id
// only: stream-transport.test.mjs runs this file again, maybe at the same time.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import { createHash, randomUUID } from "node:crypto";
import { Redis, AbstractConnector } from "ioredis";
import { sendsBy } from "./write-counter.mjs";
import { kernelOptions } from "./sockopt.mjs";
import { closeServer, listen, onBoth, pattern, sameAsNode, sleep, within } from "./nets.mjs";

const PORT = Number(process.env.WASM_NET_REDIS_PORT ?? 63799);
const HOST = "127.0.0.1";
const EVENTS = ["connect", "ready", "close", "reconnecting", "end", "error", "wait"];

const reachable = await new Promise((resolve) => {
  const probe = nodeNet.connect(PORT, HOST);
  probe.setTimeout(5000, () => { probe.destroy(); resolve(false); });
  probe.once("connect", () => { probe.destroy(); resolve(true); }).once("error", () => resolve(false));
});
const NO_SERVER = `no Redis answers on ${HOST}:${PORT}: start one with \`bash tests/libs/redis.sh\` ` +
  "(needs Debian's redis-server: apt-get install redis-server); .ci/run does both";

/** An ioredis Connector class whose sockets come from `net`.createConnection. */
function connectorOn(net) {
  return class NetConnector extends AbstractConnector {
    constructor(options) {
      super(options.disconnectTimeout);
      this.options = options;
    }

    connect() {
      this.connecting = true;
      return new Promise((resolve, reject) => process.nextTick(() => {
        if (!this.connecting) return reject(new Error("Connection is closed."));
        this.stream = net.createConnection({ port: this.options.port, host: this.options.host });
        this.stream.once("error", (error) => { this.firstError = error; });
        resolve(this.stream);
      }));
    }
  };
}

/** Every client made here: one a failed case left open must not keep the run alive. */
const clients = new Set();
after(() => { for (const client of clients) if (client.status !== "end") client.disconnect(); });

/** An ioredis client on `net` (lazyConnect, not yet connected), its events logged in order into `client.events`. */
function newClient(net, options = {}) {
  const client = new Redis({ host: HOST, port: PORT, Connector: connectorOn(net), lazyConnect: true, ...options });
  clients.add(client);
  client.events = [];
  for (const name of EVENTS) {
    client.on(name, (arg) => client.events.push(arg === undefined ? name : `${name}:${arg?.code ?? arg}`));
  }
  return client;
}

/** newClient(), connected and ready, its socket checked to be `net`'s. */
async function redisOn(net, options = {}) {
  assert.ok(reachable, NO_SERVER);
  const client = newClient(net, options);
  await client.connect();
  assert.ok(client.stream instanceof net.Socket, "ioredis's socket is not the net under test's");
  return client;
}

const once = (emitter, event) => new Promise((resolve) => emitter.once(event, resolve));
const md5 = (data) => createHash("md5").update(data).digest("hex");
/** Names unique to this run and net, so concurrent runs of this file, or keys a failed run left, do not meet. */
const RUN = randomUUID();
const scope = (name) => `wasm-net-test:${RUN}:${name}:`;

test("redis: a Redis server answers on the test port", () => assert.ok(reachable, NO_SERVER));

test("redis: SET/GET, INCR, a 1 MiB value and a 5,000-command pipeline give the same replies", async () => {
  const results = await onBoth(async (net, name) => {
    const client = await redisOn(net, { keyPrefix: scope(name) });
    const out = {};
    out.set = await client.set("greeting", "héllo wasm-net");
    out.get = await client.get("greeting");
    out.incr = [await client.incr("counter"), await client.incr("counter"), await client.incrby("counter", 40)];
    const big = pattern(2 ** 20, 7);
    out.bigSet = await client.set("big", big);
    const back = await client.getBuffer("big");
    out.big = { length: back.length, md5: md5(back), strlen: await client.strlen("big") };
    const pipeline = client.pipeline();
    for (let i = 0; i < 5000; i++) {
      if (i % 2) pipeline.incrby("sum", i); else pipeline.set(`k${i}`, `v${i}`);
    }
    const replies = await pipeline.exec();
    out.pipeline = {
      count: replies.length,
      errors: replies.filter(([error]) => error).length,
      md5: md5(JSON.stringify(replies.map(([, reply]) => reply))),
      last: replies.at(-1)[1],
      k4998: await client.get("k4998"),
    };
    await client.del("greeting", "counter", "big", "sum", ...Array.from({ length: 2500 }, (_, i) => `k${2 * i}`));
    out.quit = await client.quit();
    return out;
  }, { limitMs: 60_000 });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.get, "héllo wasm-net");
    assert.deepEqual(node.incr, [1, 2, 42]);
    assert.deepEqual(node.big, { length: 2 ** 20, md5: md5(pattern(2 ** 20, 7)), strlen: 2 ** 20 });
    assert.deepEqual({ count: node.pipeline.count, errors: node.pipeline.errors, last: node.pipeline.last }, { count: 5000, errors: 0, last: 2500 ** 2 });
  });
});

test("redis: a subscriber receives 2,000 published messages, in order, binary ones intact", async () => {
  const results = await onBoth(async (net, name) => {
    const channel = `${scope(name)}news`;
    const subscriber = await redisOn(net);
    const publisher = await redisOn(net);
    const received = [];
    const all = new Promise((resolve) => subscriber.on("messageBuffer", (from, message) => {
      received.push(message);
      if (received.length === 2000) resolve();
    }));
    const subscribed = await subscriber.subscribe(channel);
    const pipeline = publisher.pipeline();
    for (let i = 0; i < 2000; i++) pipeline.publish(channel, i % 100 === 0 ? pattern(4096, i + 1) : `message ${i}`);
    const counts = (await pipeline.exec()).map(([, count]) => count);
    await within(20_000, "2000 messages", all);
    const expected = Array.from({ length: 2000 }, (_, i) => (i % 100 === 0 ? pattern(4096, i + 1) : Buffer.from(`message ${i}`)));
    const out = {
      subscribed,
      receivers: [...new Set(counts)],
      inOrder: received.every((message, i) => message.equals(expected[i])),
      md5: md5(Buffer.concat(received)),
    };
    await subscriber.quit();
    await publisher.quit();
    return out;
  });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.subscribed, 1);
    assert.deepEqual(node.receivers, [1]);
    assert.equal(node.inOrder, true);
  });
});

test("redis: killed by the server (CLIENT KILL ID), ioredis reconnects with the same events and the next command succeeds", async () => {
  const results = await onBoth(async (net, name) => {
    const client = await redisOn(net, { keyPrefix: scope(name) });
    const admin = await redisOn(net);
    const id = await client.client("ID");
    const closed = once(client, "close");
    const killed = await admin.client("KILL", "ID", id);
    await closed;
    const reply = await client.set("after", "reconnect"); // from the offline queue, once ready again
    const out = { killed, reply, get: await client.get("after"), newId: (await client.client("ID")) !== id };
    await client.del("after");
    const ended = once(client, "end");
    await client.quit();
    await admin.quit();
    await ended;
    return { ...out, events: client.events };
  });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.killed, 1);
    assert.equal(node.get, "reconnect");
    assert.equal(node.newId, true);
    assert.deepEqual(node.events, ["wait", "connect", "ready", "close", "reconnecting:50", "connect", "ready", "close", "end"]);
  });
});

test("redis: a blocked BLPOP is answered when another connection pushes, and QUIT ends the client", async () => {
  const results = await onBoth(async (net, name) => {
    const list = `${scope(name)}queue`;
    const waiter = await redisOn(net);
    const pusher = await redisOn(net);
    const waiterId = await waiter.client("ID");
    const popped = waiter.blpop(list, 10);
    for (let i = 0; i < 500 && !(await pusher.client("LIST", "ID", waiterId)).includes("cmd=blpop"); i++) await sleep(10);
    const pushed = await pusher.rpush(list, "first", "second");
    const [key, value] = await within(10_000, "BLPOP", popped);
    const out = { popped: [key === list, value], left: await pusher.lrange(list, 0, -1) };
    await pusher.del(list);
    const ended = once(waiter, "end");
    out.quit = [await waiter.quit(), await pusher.quit()];
    await ended;
    return { ...out, pushed, status: waiter.status, events: waiter.events };
  });
  sameAsNode(assert, results, (node) => {
    assert.deepEqual(node.popped, [true, "first"]);
    assert.deepEqual(node.left, ["second"]);
    assert.deepEqual(node.quit, ["OK", "OK"]);
    assert.equal(node.status, "end");
    assert.deepEqual(node.events, ["wait", "connect", "ready", "close", "end"]);
  });
});

test("redis: a refused connection fails with ECONNREFUSED, the same events, and no retry when retryStrategy says so", async () => {
  const results = await onBoth(async (net) => {
    const server = nodeNet.createServer();
    const closedPort = await listen(server);
    await closeServer(server);
    const client = newClient(net, { port: closedPort, retryStrategy: () => null });
    let errorEvent;
    client.on("error", (e) => { errorEvent = { code: e.code, syscall: e.syscall, address: e.address, message: e.message.replace(String(closedPort), "PORT") }; });
    const ended = once(client, "end");
    const connectRejects = await client.connect().then(() => "resolved", (e) => e.message);
    await ended;
    return { connectRejects, errorEvent, events: client.events, status: client.status };
  });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.connectRejects, "Connection is closed.");
    assert.deepEqual(node.errorEvent, { code: "ECONNREFUSED", syscall: "connect", address: HOST, message: `connect ECONNREFUSED ${HOST}:PORT` });
    assert.deepEqual(node.events, ["wait", "error:ECONNREFUSED", "close", "end"]);
  });
});

test("redis: a 5,000-command pipeline and 100 auto-pipelined commands each leave as one send; 100 plain commands as many as on node:net", async () => {
  const results = await onBoth(async (net, name) => {
    const client = await redisOn(net, { keyPrefix: scope(name), enableAutoPipelining: true });
    await client.ping();
    const port = client.stream.localPort;
    let before = sendsBy(port, PORT);
    const pipeline = client.pipeline();
    for (let i = 0; i < 5000; i++) pipeline.incr("n");
    const last = (await pipeline.exec()).at(-1)[1];
    const pipelineSends = sendsBy(port, PORT) - before;
    before = sendsBy(port, PORT);
    const auto = await Promise.all(Array.from({ length: 100 }, (_, i) => client.echo(`echo ${i}`)));
    const autoSends = sendsBy(port, PORT) - before;
    const plainClient = await redisOn(net); // no auto-pipelining: a write per command
    before = sendsBy(plainClient.stream.localPort, PORT);
    const plain = await Promise.all(Array.from({ length: 100 }, (_, i) => plainClient.echo(`plain ${i}`)));
    const plainSends = sendsBy(plainClient.stream.localPort, PORT) - before;
    await plainClient.quit();
    await client.del("n");
    await client.quit();
    const echoes = auto.every((reply, i) => reply === `echo ${i}`) && plain.every((reply, i) => reply === `plain ${i}`);
    return { last, pipelineSends, echoes, autoSends, plainSends };
  });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.last, 5000);
    assert.equal(node.pipelineSends, 1);
    assert.equal(node.echoes, true);
    assert.equal(node.autoSends, 1);
    assert.ok(node.plainSends > 1, "without auto-pipelining each command is its own write");
  });
});

test("redis: ioredis's noDelay and keepAlive options reach the kernel", async () => {
  const results = await onBoth(async (net) => {
    const out = {};
    for (const [label, options] of Object.entries({
      defaults: {},
      "noDelay false, keepAlive 30000": { noDelay: false, keepAlive: 30_000 },
    })) {
      const client = await redisOn(net, options);
      out[label] = kernelOptions(client.stream.localPort, PORT);
      await client.quit();
    }
    return out;
  });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.defaults.nodelay, 1);
    assert.equal(node.defaults.keepalive, 1);
    assert.deepEqual(node["noDelay false, keepAlive 30000"], { nodelay: 0, keepalive: 1, keepidle: 30 });
  });
});
