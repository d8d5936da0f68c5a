// User-space cost of the write path as Node's http and mqtt-packet use it: cork, short writes,
// uncork; a reading peer in the same process. `strings`: nine strings, latin1 and utf8, as an
// HTTP/1.1 chunked response; `buffers`: six Buffers of 1 to 64 bytes, as mqtt-packet writes a
// PUBLISH. Instruction counts under callgrind, for node:net and wasm-net side by side:
//
//   for impl in node wasm; do for n in 10000 30000; do
//     valgrind --tool=callgrind --callgrind-out-file=/dev/null node --single-threaded bench/corked-writes.cjs $impl $n buffers 2>&1 | grep Collected
//   done; done
//
// per response = (Collected at 30000 - Collected at 10000) / 20000: start-up and V8's warm-up
// (its compiler runs through the first few thousand) cancel out.
"use strict";
const [impl, n, kind = "strings"] = [process.argv[2], Number(process.argv[3] ?? 10000), process.argv[4]];
const net = impl === "node" ? require("node:net") : require(process.env.BENCH_WASM_MODULE || "../build/out/node/index.cjs");
const HEAD = "HTTP/1.1 200 OK\r\nDate: Tue, 01 Dec 2026 10:00:00 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n\r\n";
const STRINGS = [[HEAD, "latin1"], ["20\r\n", "latin1"], ["x".repeat(32), "utf8"], ["\r\n", "latin1"],
  ["20\r\n", "latin1"], ["y".repeat(32), "utf8"], ["\r\n", "latin1"], ["0\r\n\r\n", "latin1"], ["", "latin1"]];
const BUFFERS = [Buffer.from([0x32]), Buffer.from([75]), Buffer.from([0, 7]), Buffer.from("bench/x"), Buffer.from([0, 1]),
  Buffer.alloc(64, 1)].map((bytes) => [bytes, undefined]);
const PARTS = kind === "buffers" ? BUFFERS : STRINGS;
const peer = require("node:net").createServer((s) => s.resume()).listen(0, "127.0.0.1", () => {
  const socket = net.connect(peer.address().port, "127.0.0.1", () => {
    let sent = 0;
    const respond = () => {
      if (sent++ === n) process.exit(0);
      socket.cork();
      for (const [chunk, encoding] of PARTS) socket.write(chunk, encoding);
      socket.uncork();
      setImmediate(respond);
    };
    respond();
  });
});
