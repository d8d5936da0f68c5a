// The echo server of the Ruff benchmark, on the Ruff bundle (ES5, for the Ruff runtime).
// Usage: ruff ruff-echo.js [PORT]; prints "listening PORT" when ready.
var net = require('net');
var server = net.createServer(function (c) { c.pipe(c); });
server.listen(Number(process.argv[2] || 0), '127.0.0.1', function () {
  console.log('listening ' + server.address().port);
});
