// The client example of net-api.txt for Ruff and Ruff Lite (ES5; only forms both offer).
// With the bundle installed as ruff_modules/net/index.js beside this file:
//   ruff client.js [port] [message]
var net = require('net');
var port = Number(process.argv[2] || 8124);
var message = process.argv[3] || 'world!';

var client = net.connect({ port: port }, function () { //'connect' listener
  console.log('connected to server!');
  client.write(message + '\r\n');
});
client.on('data', function (data) {
  console.log(data.toString());
  client.end();
});
client.on('end', function () {
  console.log('disconnected from server');
});
client.on('error', function (e) {
  console.log('error ' + e.code + ': ' + e.message);
});
