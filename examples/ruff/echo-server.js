// The echo server of net-api.txt for Ruff and Ruff Lite (ES5; only forms both offer).
// With the bundle installed as ruff_modules/net/index.js beside this file:
//   ruff echo-server.js [port]
var net = require('net');
var port = Number(process.argv[2] || 8124);

var server = net.createServer(function (c) { //'connection' listener
  console.log('client connected');
  c.on('end', function () {
    console.log('client disconnected');
  });
  c.write('hello\r\n');
  c.pipe(c);
});
server.on('error', function (e) {
  console.log('server error ' + e.code + ': ' + e.message);
});
server.listen({ port: port }, function () { //'listening' listener
  console.log('server bound on port ' + server.address().port + ' (wasm-net core)');
});
