// Ruff Lite's API only (net-api.txt's "Ruff Lite available"): createServer, listen(options),
// connect(options), write(data, cb), end, destroy, localPort, address(), connections,
// getConnections, maxConnections and the events; then listen(port, host) and connect(port,
// host), which Ruff Lite's own net takes too; prints what happened, step by step.
var net = require('net');
console.log('exports ' + Object.keys(net).sort().join(','));
var server = net.createServer({ allowHalfOpen: false }, function (c) {
  server.getConnections(function (err, n) { console.log('connections ' + n + ' ' + server.connections); });
  c.on('data', function (d) { c.write(d, function () { console.log('server wrote ' + d.length); }); });
  c.on('end', function () { console.log('server end'); });
  c.on('close', function (hadError) { console.log('server socket close ' + hadError); server.close(); });
});
server.maxConnections = 5;
server.on('close', function () { console.log('server close'); });
server.listen({ port: 0, host: '127.0.0.1' }, function () {
  var address = server.address();
  console.log('listening ' + address.family + ' ' + (address.port > 0));
  var client = net.connect({ port: address.port, host: '127.0.0.1' }, function () {
    console.log('connect localPort ' + (client.localPort > 0));
    client.write('ping', function () { console.log('client wrote'); });
  });
  client.on('data', function (d) { console.log('client data ' + d.toString()); client.end(); });
  client.on('end', function () { console.log('client end'); });
  client.on('close', function (hadError) { console.log('client close ' + hadError); positional(); });
});

function positional() {
  var other = net.createServer(function (c) { c.end('positional'); other.close(); });
  other.listen(0, '127.0.0.1', function () {
    var client = net.connect(other.address().port, '127.0.0.1', function () { console.log('positional connect'); });
    client.on('data', function (d) { console.log('positional data ' + d.toString()); });
  });
}
