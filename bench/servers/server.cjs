// The servers of `npm run bench` (issue 5), written once against the net API.
//
//   node bench/servers/server.cjs MODE IMPL PORT
//     MODE: echo  - every connection echoes what it reads (pipe, so backpressure is honoured)
//           sink  - counts the bytes of each connection; at its end writes the count in decimal
//                   and ends (allowHalfOpen, so the count goes out after the client's FIN)
//           churn - end() every connection at once
//     IMPL: node  - require('node:net') of the runtime running this file (Node, Bun, Deno)
//           wasm  - require('../../build/out/node/index.cjs'), this project's module, or the
//                   bundle at $BENCH_WASM_MODULE (to compare two builds of the Node host)
//     PORT: 0 picks a free port.
//
// Prints "listening PORT" on stdout once listening. Ends by itself when its stdin closes (the
// runner holds it open) or after BENCH_SERVER_MAX_SECONDS (default 1800), whichever comes first.
"use strict";

const [mode, impl, portArg] = process.argv.slice(2);
if (!["echo", "sink", "churn"].includes(mode) || !["node", "wasm"].includes(impl) || portArg === undefined) {
  console.error("usage: server.cjs echo|sink|churn node|wasm PORT");
  process.exit(2);
}
const net = impl === "node" ? require("node:net") : require(process.env.BENCH_WASM_MODULE || "../../build/out/node/index.cjs");

function ignore() {}

const handlers = {
  echo(c) {
    c.on("error", ignore);
    c.pipe(c);
  },
  sink(c) {
    let count = 0;
    c.on("error", ignore);
    c.on("data", (chunk) => { count += chunk.length; });
    c.on("end", () => { c.end(String(count)); });
  },
  churn(c) {
    c.on("error", ignore);
    c.end();
  },
};

const server = net.createServer({ allowHalfOpen: mode === "sink" }, handlers[mode]);
server.on("error", (err) => {
  console.error(`server error: ${err && err.stack || err}`);
  process.exit(1);
});
server.listen({ port: Number(portArg), host: "127.0.0.1", backlog: 1024 }, () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

const maxSeconds = Number(process.env.BENCH_SERVER_MAX_SECONDS || 1800);
setTimeout(() => {
  console.error(`server: ${maxSeconds} s lifetime reached, exiting`);
  process.exit(4);
}, maxSeconds * 1000).unref();
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
