// write(string, encoding): the bytes on the wire are Buffer.from(string, encoding)'s, on both
// paths a string takes (written straight into the core's memory while writes queue or the socket
// is corked; handed to the transport at once otherwise), as node:net's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { onBoth, listen, closeServer, sameAsNode } from "../libs/nets.mjs";

const long = (unit, n) => unit.repeat(n);
const STRINGS = [
  ["", undefined], ["plain ascii", undefined], ["plain ascii", "utf8"], ["utf-8 spelled", "utf-8"],
  ["é, ü, 中文, 🙂 and a lone \ud800 surrogate", undefined], [long("é中🙂", 100), "utf8"],
  ["latin1 \u00e9\u00ff and \u0100\u20ac beyond a byte", "latin1"], ["binary \u00fe\u0141", "binary"],
  ["ascii \u00e9\u0100", "ascii"], [long("x", 127), "latin1"], [long("y", 128), "latin1"], [long("z", 129), "latin1"],
  [long("a", 5000), undefined], [long("\u00e9", 300), "latin1"], ["aGVsbG8=", "base64"], ["68656c6c6f", "hex"],
  ["ucs2 text", "ucs2"], ["UTF8 upper-case name", "UTF8"],
];
const EXPECTED = Buffer.concat(STRINGS.map(([text, encoding]) => Buffer.from(text, encoding)));

/** The strings written by a client of `net`, `corked` or not; what the server read. */
async function written(net, corked) {
  let received;
  const done = new Promise((resolve) => { received = resolve; });
  const server = net.createServer((socket) => {
    const chunks = [];
    socket.on("data", (d) => chunks.push(d)).on("end", () => { received(Buffer.concat(chunks)); socket.end(); });
  });
  const port = await listen(server);
  const client = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => client.once("connect", resolve));
  if (corked) client.cork();
  for (const [text, encoding] of STRINGS) client.write(text, encoding);
  if (corked) client.uncork();
  client.end();
  const bytes = await done;
  await closeServer(server);
  return bytes.toString("hex");
}

for (const corked of [false, true]) {
  test(`write(string, encoding) ${corked ? "while corked" : "one after another"}: Buffer.from's bytes, as node:net`, async () => {
    const results = await onBoth((net) => written(net, corked));
    sameAsNode(assert, results, (node) => assert.equal(node, EXPECTED.toString("hex")));
  });
}
