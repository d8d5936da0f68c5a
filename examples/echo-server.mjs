// The echo server of net-api.txt, on wasm-net, as an ES module (named imports).
//   node examples/echo-server.mjs [port]    (after npm run build; "wasm-net" is this package, by name)
import { createServer } from "wasm-net";

const port = Number(process.argv[2] || 8124);

const server = createServer((c) => { // 'connection' listener
  console.log("client connected");
  c.on("end", () => {
    console.log("client disconnected");
  });
  c.write("hello\r\n");
  c.pipe(c);
});
server.listen(port, () => { // 'listening' listener
  console.log(`server bound on port ${server.address().port} (wasm-net core)`);
});
