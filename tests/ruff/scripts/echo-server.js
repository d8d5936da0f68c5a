// net-api.txt's echo server, made to echo (c.pipe(c)); listens on argv[2]: a port or a path.
var net = require('net');
var server = net.createServer(function (c) { //'connection' listener
  console.log('client connected');
  c.on('end', function () {
    console.log('client disconnected');
  });
  c.write('hello\r\n');
  c.pipe(c);
});
var where = process.argv[2];
server.listen(/^\d+$/.test(where) ? Number(where) : where, function () { //'listening' listener
  console.log('server bound ' + JSON.stringify(server.address()));
});
