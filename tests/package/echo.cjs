// In the scratch project: require('wasm-net') from CommonJS, one echo round trip over loopback.
const net = require("wasm-net");
const assert = require("node:assert/strict");

const server = net.createServer((c) => c.pipe(c));
server.listen(0, "127.0.0.1", () => {
  const client = net.connect(server.address().port, "127.0.0.1", () => client.end("ping from require"));
  let reply = "";
  client.on("data", (d) => { reply += d; });
  client.on("close", (hadError) => {
    assert.equal(hadError, false);
    assert.equal(reply, "ping from require");
    server.close(() => console.log(JSON.stringify({ reply, resolved: require.resolve("wasm-net") })));
  });
});
