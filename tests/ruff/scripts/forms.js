// The call forms of net-api.txt not made elsewhere, one after another, against a Node echo
// server on argv[2] (a port) and argv[3] (a unix socket path): each prints what it saw.
// Ruff Lite runs the forms it has (argv[4] === 'lite').
var net = require('net');
var port = Number(process.argv[2]), path = process.argv[3], lite = process.argv[4] === 'lite';

function roundTrip(name, socket, next) {
  var got = '';
  socket.on('connect', function () { socket.end(name); });
  socket.on('data', function (d) { got += d.toString(); });
  socket.on('close', function (hadError) { console.log(name + ' ' + got + ' ' + hadError); next(); });
}

var forms = [
  function (next) { roundTrip('createConnection(options)', net.createConnection({ port: port, host: '127.0.0.1' }), next); },
  function (next) { var s = new net.Socket(); roundTrip('socket.connect(path)', s, next); s.connect(path); },
  function (next) {
    var h = uv.new_tcp();
    uv.tcp_bind(h, '127.0.0.1', 0);
    var server = net.createServer(function (c) { c.pipe(c); });
    server.listen({ _handle: h }, function () {
      var address = server.address();
      var s = net.connect({ port: address.port, host: '127.0.0.1' });
      roundTrip('listen(handle)', s, function () {
        server.getConnections(function (err, n) { console.log('getConnections ' + err + ' ' + n); server.close(next); });
      });
    });
  },
  function (next) {
    var s = net.connect({ port: port, host: '127.0.0.1' }, function () {
      console.log('localPort ' + (s.localPort > 0) + (lite ? '' : ' localAddress ' + s.localAddress));
      s.write('c3a9', 'hex', function (e) { console.log('write(hex) cb ' + e); s.end(); });
    });
    var got = [];
    s.on('data', function (d) { for (var i = 0; i < d.length; i++) got.push(d[i]); });
    s.on('close', function () { console.log('echoed ' + got.join(',')); next(); });
  }
];
if (!lite) forms.push(
  function (next) { roundTrip('createConnection(port, host)', net.createConnection(port, '127.0.0.1'), next); },
  function (next) { roundTrip('createConnection(path)', net.createConnection(path), next); },
  function (next) { roundTrip('connect(path)', net.connect(path), next); },
  function (next) { var s = new net.Socket(); roundTrip('socket.connect(port, host)', s, next); s.connect(port, '127.0.0.1'); }
);

(function run(i) { if (i < forms.length) forms[i](function () { run(i + 1); }); else console.log('done'); })(0);
