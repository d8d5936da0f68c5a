// A connect nobody answers: prints the error as Node shows it, then 'close'.
var net = require('net');
var socket = net.connect(Number(process.argv[2]), '127.0.0.1');
socket.on('error', function (e) {
  console.log('error ' + JSON.stringify({ code: e.code, errno: e.errno, syscall: e.syscall, address: e.address, port: e.port, message: e.message }));
});
socket.on('close', function (hadError) { console.log('close ' + hadError); });
