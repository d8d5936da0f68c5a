// net-api.txt's EADDRINUSE retry, with a short wait: listens on argv[2], retries until it binds.
var net = require('net');
var PORT = Number(process.argv[2]), HOST = '127.0.0.1', tries = 0;
var server = net.createServer(function (c) { c.end('bound after ' + tries + ' retries\n'); });
server.on('error', function (e) {
  if (e.code == 'EADDRINUSE' && tries++ < 100) {
    console.log('Address in use, retrying... ' + JSON.stringify({ code: e.code, errno: e.errno, syscall: e.syscall, address: e.address, port: e.port, message: e.message }));
    setTimeout(function () {
      server.close();
      server.listen(PORT, HOST);
    }, 100);
  }
});
server.on('listening', function () { console.log('server bound ' + JSON.stringify(server.address())); });
server.listen(PORT, HOST);
