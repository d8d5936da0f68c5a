// User-space cost of the write path as Node's http uses it: cork, nine short writes (strings,
// latin1 and utf8, as an HTTP/1.1 chunked response), uncork; a reading peer in the same process.
// Instruction counts under callgrind, for node:net and wasm-net side by side:
//
//   for impl in node wasm; do for n in 1000 5000; do
//     valgrind --tool=callgrind --callgrind-out-file=/dev/null node bench/corked-writes.cjs $impl $n 2>&1 | grep Collected
//   done; done
//
// per response = (Collected at 5000 - Collected at 1000) / 4000: start-up and warm-up cancel out.
"use strict";
const [impl, n] = [process.argv[2], Number(process.argv[3] ?? 10000)];
const net = impl === "node" ? require("node:net") : require(process.env.BENCH_WASM_MODULE || "../build/out/node/index.cjs");
const HEAD = "HTTP/1.1 200 OK\r\nDate: Tue, 01 Dec 2026 10:00:00 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n\r\n";
const PARTS = [[HEAD, "latin1"], ["20\r\n", "latin1"], ["x".repeat(32), "utf8"], ["\r\n", "latin1"],
  ["20\r\n", "latin1"], ["y".repeat(32), "utf8"], ["\r\n", "latin1"], ["0\r\n\r\n", "latin1"], ["", "latin1"]];
const peer = require("node:net").createServer((s) => s.resume()).listen(0, "127.0.0.1", () => {
  const socket = net.connect(peer.address().port, "127.0.0.1", () => {
    let sent = 0;
    const respond = () => {
      if (sent++ === n) process.exit(0);
      socket.cork();
      for (const [text, encoding] of PARTS) socket.write(text, encoding);
      socket.uncork();
      setImmediate(respond);
    };
    respond();
  });
});
