// Nothing of ours on the user's names (issue 13): every name a user might set — the adapter's
// internal names of the past among them — set on the server and both sockets, and defined as
// methods of a Socket subclass; an echo must still work. Forms Ruff Lite has too. Prints the
// echo and the user's values, which must be untouched.
var net = require('net');
var NAMES = ['id', 'name', 'raw', 'transport', 'callbacks', 'error', 'timer', 'ended', 'finished', 'gone',
  'max', 'shell', 'host', 'face', 'options', 'readBytes', 'finalBytes', 'writeMark', 'readMark', 'listener',
  'closedByCall', 'isListening', 'target', 'pauseOnConnect', 'onConnection', 'attach', 'accept', 'failed',
  'onRecord', 'onClosed', 'armTimer', 'disarmTimer', 'transportRead', 'transportEof', 'transportError',
  'transportWritten', 'transportShutdown', 'transportConnected', 'flowing', 'held', 'heldBytes', 'endHeld',
  'decoder', 'encoding', 'peer', 'connectTarget', 'flush', 'receive', 'receiveEnd', 'emitData', 'emitEnd'];
function poison(object) { for (var i = 0; i < NAMES.length; i++) object[NAMES[i]] = "user's " + NAMES[i]; }

function UserSocket(options) { net.Socket.call(this, options); }
UserSocket.prototype = Object.create(net.Socket.prototype);
UserSocket.prototype.constructor = UserSocket;
for (var i = 0; i < NAMES.length; i++) {
  (function (name) {
    UserSocket.prototype[name] = function () { throw new Error("the library called the user's " + name + '()'); };
  })(NAMES[i]);
}

var server = net.createServer(function (c) {
  poison(c);
  c.on('data', function (d) { c.write(d); });
  c.on('end', function () { c.end(); });
});
poison(server);
server.listen({ port: 0, host: '127.0.0.1' }, function () {
  var client = new UserSocket();
  poison(client);
  var got = '';
  client.on('data', function (d) { got += d.toString(); });
  client.on('close', function (hadError) {
    console.log('echo ' + got + ' ' + hadError + ' ' + client.id + ' ' + server.id);
    server.close();
  });
  client.connect({ port: server.address().port, host: '127.0.0.1' }, function () {
    client.write('hello, ');
    client.end('names');
  });
});
