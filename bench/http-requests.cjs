// N sequential keep-alive GET requests on one connection (node:net), for
// bench/node-instructions.mjs: a fixed amount of work, where bench/libs-client.mjs runs for a time.
//   node bench/http-requests.cjs PORT N
"use strict";
const net = require("node:net");
const [port, n] = process.argv.slice(2).map(Number);
const socket = net.connect(port, "127.0.0.1");
socket.setNoDelay(true);
let answered = 0;
let pending = "";
const ask = () => socket.write("GET / HTTP/1.1\r\nHost: bench\r\n\r\n");
socket.on("connect", ask);
socket.on("data", (chunk) => {
  pending += chunk;
  for (;;) {
    const headEnd = pending.indexOf("\r\n\r\n");
    if (headEnd < 0) return;
    const length = /content-length: (\d+)/i.exec(pending.slice(0, headEnd));
    const end = headEnd + 4 + (length ? Number(length[1]) : 0);
    if (pending.length < end) return;
    pending = pending.slice(end);
    if (++answered === n) return socket.end();
    ask();
  }
});
socket.on("close", () => process.exit(answered === n ? 0 : 1));
