// pg (node-postgres) on the socket module's sockets against a real PostgreSQL, on node:net then
// on wasm-net: the same rows, a prepared query as one send (pg corks it), and pg's
// setNoDelay(true), which it calls before connect(), reaching the kernel.
// The server: tests/libs/postgres.sh (Debian's postgresql; .ci/run installs and starts it) on
// 127.0.0.1:$WASM_NET_PG_PORT (54329). Without one this test FAILS and says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import pg from "pg";
import { sendsBy } from "./write-counter.mjs";
import { kernelOptions } from "./sockopt.mjs";
import { onBoth, sameAsNode } from "./nets.mjs";

const PORT = Number(process.env.WASM_NET_PG_PORT ?? 54329);

const reachable = await new Promise((resolve) => {
  const probe = nodeNet.connect(PORT, "127.0.0.1");
  probe.setTimeout(5000, () => { probe.destroy(); resolve(false); });
  probe.once("connect", () => { probe.destroy(); resolve(true); }).once("error", () => resolve(false));
});
const NO_SERVER = `no PostgreSQL answers on 127.0.0.1:${PORT}: start one with \`bash tests/libs/postgres.sh\` ` +
  "(needs Debian's postgresql: apt-get install postgresql); .ci/run does both";

/** A connected pg client whose socket is a new Socket of `net` (pg calls its connect()). */
async function pgClient(net) {
  assert.ok(reachable, NO_SERVER);
  let socket;
  const client = new pg.Client({
    host: "127.0.0.1", port: PORT, user: "postgres", database: "postgres",
    stream: () => (socket = new net.Socket()),
  });
  await client.connect();
  return { client, socket };
}

test("pg: a PostgreSQL server answers on the test port", () => assert.ok(reachable, NO_SERVER));

test("pg: queries, parameters, 2000 rows, a 1 MiB value and a transaction give the same results", async () => {
  const results = await onBoth(async (net) => {
    const { client } = await pgClient(net);
    const out = {};
    out.simple = (await client.query("select 1 + 1 as two, 'wasm' || '-net' as name")).rows;
    out.params = (await client.query("select $1::int * 2 as n, $2::text as t, $3::bytea as b", [21, "héllo", Buffer.from([0, 1, 255])])).rows
      .map((r) => ({ ...r, b: r.b.toString("hex") }));
    const many = await client.query("select g as i, md5(g::text) as h from generate_series(1, 2000) g");
    out.many = { count: many.rowCount, last: many.rows.at(-1) };
    const big = "x".repeat(2 ** 20 - 7) + "the end";
    out.big = (await client.query("select length($1::text) as len, md5($1::text) as md5, right($1::text, 7) as tail", [big])).rows;
    await client.query("begin");
    await client.query("create temp table t (v int)");
    await client.query("insert into t select generate_series(1, 100)");
    out.sum = (await client.query("select sum(v)::int as s from t")).rows;
    await client.query("rollback");
    await client.end();
    return out;
  }, { limitMs: 60_000 });
  sameAsNode(assert, results, (node) => {
    assert.deepEqual(node.simple, [{ two: 2, name: "wasm-net" }]);
    assert.equal(node.many.count, 2000);
    assert.equal(node.big[0].len, 2 ** 20);
  });
});

test("pg: a prepared query leaves as one send (pg corks Parse/Bind/Describe/Execute/Sync)", async () => {
  const results = await onBoth(async (net) => {
    const { client, socket } = await pgClient(net);
    await client.query("select 1");
    const before = sendsBy(socket.localPort, PORT);
    const rows = (await client.query({ name: "double", text: "select $1::int * 2 as n", values: [4] })).rows;
    const sends = sendsBy(socket.localPort, PORT) - before;
    await client.end();
    return { rows, sends };
  });
  sameAsNode(assert, results, (node) => assert.equal(node.sends, 1));
});

test("pg: setNoDelay(true), which pg calls before connect(), is on in the kernel", async () => {
  const results = await onBoth(async (net) => {
    const { client, socket } = await pgClient(net);
    const { nodelay } = kernelOptions(socket.localPort, PORT);
    await client.end();
    return { nodelay };
  });
  sameAsNode(assert, results, (node) => assert.equal(node.nodelay, 1));
});
