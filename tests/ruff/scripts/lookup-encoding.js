// connect() through dns.lookup: the default host ('localhost') with its 'lookup' event, a
// name that does not resolve, and setEncoding('utf8') across a split multi-byte character.
var net = require('net');
var port = Number(process.argv[2]);
var socket = net.connect(port);
socket.on('lookup', function (err, address, family, host) {
  console.log('lookup ' + JSON.stringify([err, address, family, host]));
});
socket.setEncoding('utf8');
var text = '';
socket.on('data', function (d) { text += d; console.log('chunk ' + typeof d + ' ' + d.length); });
socket.on('end', function () {
  console.log('text ' + text);
  var bad = net.connect(port, 'no-such-host.invalid');
  bad.on('lookup', function (err) { console.log('bad lookup ' + (err && err.code)); });
  bad.on('error', function (e) {
    console.log('bad error ' + JSON.stringify({ code: e.code, syscall: e.syscall, hostname: e.hostname, message: e.message }));
  });
  bad.on('close', function (hadError) { console.log('bad close ' + hadError); });
});
