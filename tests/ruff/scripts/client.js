// net-api.txt's client: connects to argv[2] (a port, or a path), prints what comes back.
var net = require('net');
var where = process.argv[2];
var client = net.connect(/^\d+$/.test(where) ? { port: Number(where) } : { path: where },
    function () { //'connect' listener
  console.log('connected to server!');
  client.write('world!\r\n');
});
client.on('data', function (data) {
  console.log(data.toString());
  client.end();
});
client.on('end', function () {
  console.log('disconnected from server');
});
