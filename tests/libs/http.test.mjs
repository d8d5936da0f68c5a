// Node's http server fed by the socket module's server (`emit('connection', socket)`) and Node's
// http client through its createConnection, keep-alive, on node:net then on wasm-net: the same
// statuses, headers, bodies (checksummed) and connection reuse.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { onBoth, pattern, sameAsNode } from "./nets.mjs";
import { BIG, sha, startServer } from "./http-server.mjs";

/** A keep-alive agent whose sockets come from `net`. */
function agentOn(net, maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  agent.createConnection = (options) => net.createConnection(options);
  return agent;
}

function request(agent, port, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, port, host: "127.0.0.1", method, path }, (res) => {
      const chunks = [];
      res.on("data", (d) => chunks.push(d)).on("end", () => {
        const bytes = Buffer.concat(chunks);
        const { date, ...headers } = res.headers;
        resolve({ status: res.statusCode, headers, length: bytes.length, sha: sha(bytes), reused: req.reusedSocket });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("http: ten keep-alive requests on one connection, bodies and reuse as on node:net", async () => {
  const results = await onBoth(async (net) => {
    const server = await startServer(net);
    const agent = agentOn(net, 1);
    const answers = [];
    answers.push(await request(agent, server.port, "GET", "/n/1"));
    answers.push(await request(agent, server.port, "POST", "/echo", pattern(1_000_000, 3)));
    answers.push(await request(agent, server.port, "GET", "/big"));
    answers.push(await request(agent, server.port, "GET", "/empty"));
    answers.push(await request(agent, server.port, "POST", "/echo", ""));
    for (let i = 3; i < 7; i++) answers.push(await request(agent, server.port, "GET", `/n/${i}`));
    answers.push(await request(agent, server.port, "HEAD", "/n/2")); // last: node's server closes after it
    agent.destroy();
    const connections = server.connections();
    await server.close();
    return { answers, connections };
  });
  sameAsNode(assert, results, (node) => {
    assert.equal(node.connections, 1);
    assert.equal(node.answers[1].headers["x-body-sha"], sha(pattern(1_000_000, 3)));
    assert.equal(node.answers[2].sha, sha(BIG));
  });
});

test("http: forty requests in parallel over four keep-alive connections", async () => {
  const results = await onBoth(async (net) => {
    const server = await startServer(net);
    const agent = agentOn(net, 4);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      i % 4 === 0
        ? request(agent, server.port, "POST", `/echo`, pattern(50_000 + i, i))
        : request(agent, server.port, "GET", `/n/${i}`)));
    agent.destroy();
    const connections = server.connections();
    await server.close();
    return { answers: answers.map(({ reused, ...a }) => a), connections };
  });
  sameAsNode(assert, results, (node) => assert.equal(node.connections, 4));
});

test("http: 'Connection: close' ends the connection after the answer", async () => {
  const results = await onBoth(async (net) => {
    const server = await startServer(net);
    const events = [];
    const answer = await new Promise((resolve, reject) => {
      const req = http.request({
        port: server.port, host: "127.0.0.1", path: "/n/close", headers: { connection: "close" },
        createConnection: (options) => {
          const socket = net.createConnection(options);
          for (const e of ["end", "close"]) socket.on(e, () => events.push(e));
          return socket;
        },
      }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (d) => { text += d; }).on("end", () => resolve({ text, connection: res.headers.connection }));
      });
      req.on("error", reject).end();
    });
    while (!events.includes("close")) await new Promise((resolve) => setTimeout(resolve, 5));
    await server.close();
    return { answer, events };
  });
  sameAsNode(assert, results, (node) => assert.deepEqual(node.events, ["close"])); // the client destroys it
});
