// The client example of net-api.txt, on wasm-net.
//   node examples/echo-client.cjs [port] [message]
var net = require("wasm-net");
var port = Number(process.argv[2] || 8124);
var message = process.argv[3] || "world!";

var client = net.connect({ port: port }, function () { // 'connect' listener
  console.log("connected to server!");
  client.write(message + "\r\n");
});
client.on("data", function (data) {
  console.log(data.toString());
  client.end();
});
client.on("end", function () {
  console.log("disconnected from server");
});
