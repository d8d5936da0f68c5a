// An ES5 HTTP/1.1 keep-alive server on the Ruff bundle's net, using its sockets the way Ruff's
// own http module does: each socket is piped into a stream.Writable request parser, and a
// response longer than a write waits for 'drain' whenever socket._writableState.needDrain says
// so. Answers: POST echoes the body; /big sends 2 MiB (byte i = (i * 31 + 7) & 255); anything
// else a line; every answer says which connection (x-connection: its ordinal) carried it.
// Prints "listening <port>"; stops after `Connection: close`.
'use strict';

var net = require('net');
var stream = require('stream');
var util = require('util');

var BIG = 2 * 1024 * 1024;

function RequestParser() {
  stream.Writable.call(this);
  this.buffer = new Buffer(0);
  this.pending = null;
}
util.inherits(RequestParser, stream.Writable);

RequestParser.prototype._write = function (chunk, encoding, callback) {
  this.buffer = Buffer.concat([this.buffer, chunk]);
  this.parse();
  callback();
};

RequestParser.prototype.parse = function () {
  for (;;) {
    if (!this.pending) {
      var end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      var lines = this.buffer.slice(0, end).toString().split('\r\n');
      var first = lines[0].split(' ');
      var headers = {};
      for (var i = 1; i < lines.length; i++) {
        var colon = lines[i].indexOf(':');
        headers[lines[i].slice(0, colon).toLowerCase()] = lines[i].slice(colon + 1).trim();
      }
      this.pending = { method: first[0], url: first[1], headers: headers, length: Number(headers['content-length'] || 0) };
      this.buffer = this.buffer.slice(end + 4);
    }
    if (this.buffer.length < this.pending.length) return;
    var request = this.pending;
    request.body = this.buffer.slice(0, request.length);
    this.buffer = this.buffer.slice(request.length);
    this.pending = null;
    this.emit('request', request);
  }
};

function bigPiece(from, size) {
  var piece = new Buffer(size);
  for (var i = 0; i < size; i++) piece[i] = ((from + i) * 31 + 7) & 255;
  return piece;
}

// Writes `pieces()` (a function giving the next Buffer or null) honouring needDrain, then `done`.
function writeAll(socket, pieces, done) {
  for (;;) {
    if (socket._writableState.needDrain) return socket.once('drain', function () { writeAll(socket, pieces, done); });
    var piece = pieces();
    if (piece === null) return done();
    socket.write(piece);
  }
}

function head(status, length, connection, extra) {
  return 'HTTP/1.1 ' + status + '\r\nContent-Length: ' + length + '\r\nx-connection: ' + connection + '\r\n' + (extra || '') + '\r\n';
}

var connections = 0;
var server = net.createServer(function (socket) {
  var ordinal = ++connections;
  var queue = [];
  var busy = false;
  var parser = new RequestParser();
  socket.pipe(parser);
  parser.on('request', function (request) { queue.push(request); next(); });

  function next() {
    if (busy || queue.length === 0) return;
    busy = true;
    var request = queue.shift();
    var closing = (request.headers.connection || '').toLowerCase() === 'close';
    var finish = function () {
      busy = false;
      if (closing) { socket.end(); server.close(); } else next();
    };
    if (request.method === 'POST') {
      socket.write(head('200 OK', request.body.length, ordinal) );
      var sent = false;
      return writeAll(socket, function () { if (sent) return null; sent = true; return request.body; }, finish);
    }
    if (request.url === '/big') {
      socket.write(head('200 OK', BIG, ordinal));
      var at = 0;
      return writeAll(socket, function () {
        if (at >= BIG) return null;
        var piece = bigPiece(at, 65536);
        at += piece.length;
        return piece;
      }, finish);
    }
    var text = 'answer to ' + request.method + ' ' + request.url;
    socket.write(head('200 OK', text.length, ordinal, closing ? 'Connection: close\r\n' : '') + text);
    finish();
  }
});
server.listen(0, '127.0.0.1', function () { console.log('listening ' + server.address().port); });
