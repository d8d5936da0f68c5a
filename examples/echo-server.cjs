// The echo server of net-api.txt, on wasm-net (the wasm core, on Node).
//   node examples/echo-server.cjs [port]    (after npm run build)
var net = require("wasm-net");
var port = Number(process.argv[2] || 8124);

var server = net.createServer(function (c) { // 'connection' listener
  console.log("client connected");
  c.on("end", function () {
    console.log("client disconnected");
  });
  c.write("hello\r\n");
  c.pipe(c);
});
server.listen(port, function () { // 'listening' listener
  console.log("server bound on port " + server.address().port + " (wasm-net core)");
});
