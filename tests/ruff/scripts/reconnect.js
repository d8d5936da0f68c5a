// net.Server() and net.Socket() without `new`, and a client reconnect loop on one Socket object
// (connect() again from its 'close' listener), as node:net and Ruff's own net allow. Forms
// Ruff Lite has too. Prints one line per connection, then done.
var net = require('net');
var server = net.Server(function (c) { c.end('hi ' + (++accepted)); });
var accepted = 0;
var lives = 0;
console.log('instances ' + (server instanceof net.Server) + ' ' + (net.Socket() instanceof net.Socket));
server.listen({ port: 0, host: '127.0.0.1' }, function () {
  var client = net.Socket();
  function connect() { client.connect({ port: server.address().port, host: '127.0.0.1' }); }
  client.on('data', function (d) { console.log('life ' + lives + ': ' + d.toString()); });
  client.on('close', function (hadError) {
    if (++lives < 3) return connect();
    console.log('done ' + hadError);
    server.close();
  });
  connect();
});
