// Compiled by tests/package.test.mjs in every module mode (ESM, nodenext ESM and CommonJS,
// commonjs with and without esModuleInterop), then run: default and named imports, one echo
// round trip, and the names classes and functions report.
import net, { createServer, Socket } from "wasm-net";
import type { AddressInfo } from "wasm-net";
import { inspect } from "node:util";

const server = createServer((c) => c.pipe(c));
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  const client = net.connect(port, "127.0.0.1", () => client.end("ping"));
  let reply = "";
  client.on("data", (d: Buffer) => { reply += d; });
  client.on("close", () => {
    server.close(() => console.log(JSON.stringify({
      reply,
      names: [net.Socket.name, Socket.name, net.Server.name, net.createServer.name, net.connect.name],
      inspected: inspect(client).replace(/^<ref \*\d+> /, "").split(" ")[0],
      isSocket: client instanceof Socket,
    })));
  });
});
