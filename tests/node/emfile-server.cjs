// A child process for faults.test.mjs: an echo server (node:net or wasm-net, argv[2]) that can
// be made to run out of file descriptors. Run it under a small `ulimit -n`. It reads commands
// on stdin ("fill": open /dev/null until EMFILE; "free": close those; "exit") and reports
// what happens as JSON lines on stdout.
const fs = require("node:fs");
const readline = require("node:readline");
const net = process.argv[2] === "wasm" ? require("../../build/out/node/index.cjs") : require("node:net");

const report = (event) => process.stdout.write(JSON.stringify(event) + "\n");
const held = [];

const server = net.createServer((c) => {
  report({ event: "connection" });
  c.on("data", (bytes) => c.write(bytes));
  c.on("end", () => c.end());
  c.on("error", (error) => report({ event: "socket error", code: error.code }));
});
server.on("error", (error) => report({ event: "server error", code: error.code, syscall: error.syscall, message: error.message }));
server.listen(0, "127.0.0.1", () => report({ event: "listening", port: server.address().port }));

readline.createInterface({ input: process.stdin }).on("line", (command) => {
  if (command === "fill") {
    try {
      for (let i = 0; i < 100000; i++) held.push(fs.openSync("/dev/null", "r"));
      report({ event: "filled", error: "never ran out" });
    } catch (error) {
      report({ event: "filled", code: error.code, held: held.length });
    }
  } else if (command === "free") {
    while (held.length) fs.closeSync(held.pop());
    report({ event: "freed" });
  } else if (command === "exit") {
    server.close(() => process.exit(0));
  }
});
