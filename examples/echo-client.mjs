// The client example of net-api.txt, on wasm-net, as an ES module (the default import).
//   node examples/echo-client.mjs [port] [message]
import net from "wasm-net";

const port = Number(process.argv[2] || 8124);
const message = process.argv[3] || "world!";

const client = net.connect({ port }, () => { // 'connect' listener
  console.log("connected to server!");
  client.write(`${message}\r\n`);
});
client.on("data", (data) => {
  console.log(data.toString());
  client.end();
});
client.on("end", () => {
  console.log("disconnected from server");
});
