// The real-library servers of `npm run bench` (issue 15), fed by one net module's server:
//
//   node bench/servers/libs-server.mjs LIBRARY IMPL
//     LIBRARY: http - Node's http server (emit('connection', socket)), answers every request
//                     with a 64-byte body in two writes (write, then end: Node corks them into
//                     one send), keep-alive
//              ws   - a ws WebSocket server on that http server, echoing every message
//              mqtt - an aedes MQTT broker (net server → broker.handle)
//     IMPL:    node (node:net) or wasm (build/out/node/index.cjs, or $BENCH_WASM_MODULE)
//
// Prints "listening PORT" once listening; ends when its stdin closes.
import http from "node:http";
import nodeNet from "node:net";
import { createRequire } from "node:module";

const [library, impl] = process.argv.slice(2);
if (!["http", "ws", "mqtt"].includes(library) || !["node", "wasm"].includes(impl)) {
  console.error("usage: libs-server.mjs http|ws|mqtt node|wasm");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const net = impl === "node" ? nodeNet : require(process.env.BENCH_WASM_MODULE || "../../build/out/node/index.cjs");
const HALF = "x".repeat(32);

let onConnection;
if (library === "mqtt") {
  const { Aedes } = await import("aedes");
  const broker = await Aedes.createBroker();
  onConnection = broker.handle;
} else {
  const httpServer = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.setHeader("content-length", 64);
      res.write(HALF);
      res.end(HALF);
    });
  });
  httpServer.keepAliveTimeout = 60_000;
  if (library === "ws") {
    const { WebSocketServer } = await import("ws");
    const wss = new WebSocketServer({ server: httpServer });
    wss.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
  }
  onConnection = (socket) => httpServer.emit("connection", socket);
}

const server = net.createServer((socket) => {
  socket.on("error", () => {});
  onConnection(socket);
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
process.stdin.on("end", () => process.exit(0)).resume();
