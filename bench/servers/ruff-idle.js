// Idle connections on the Ruff bundle: prints the Duktape heap (RUFFHOST_STATS=1 instrumentation
// of the test runtime) before the first connection and once COUNT are open, after a GC each.
// Usage: RUFFHOST_STATS=1 ruff ruff-idle.js COUNT; prints "listening PORT", then one JSON line.
var net = require('net');
var count = Number(process.argv[2]), open = 0, before = 0, sockets = [];
var server = net.createServer(function (c) {
  sockets.push(c);
  c.on('data', function (d) { c.write(d); });
  if (++open === count) {
    __ruffhost.gc();
    console.log(JSON.stringify({ connections: open, before: before, after: __ruffhost.heapBytes() }));
  }
});
server.listen(0, '127.0.0.1', function () {
  __ruffhost.gc();
  before = __ruffhost.heapBytes();
  console.log('listening ' + server.address().port);
});
