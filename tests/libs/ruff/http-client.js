// An ES5 HTTP/1.1 keep-alive client on the Ruff bundle's net, using its socket as Ruff's own http
// does: the socket is piped into a stream.Writable response parser, and a request body longer
// than a write waits for 'drain' whenever socket._writableState.needDrain says so. On one
// connection: 10 GETs, a POST of 1 MiB (echoed), GET /big (2 MiB, byte i = (i * 31 + 7) & 255),
// then a GET with `Connection: close`. Prints "client ok <responses> <bytes>" or throws.
//   ruff http-client.js PORT
'use strict';

var assert = require('assert');
var net = require('net');
var stream = require('stream');
var util = require('util');

var port = Number(process.argv[2]);

function ResponseParser() {
  stream.Writable.call(this);
  this.buffer = new Buffer(0);
  this.pending = null;
}
util.inherits(ResponseParser, stream.Writable);

ResponseParser.prototype._write = function (chunk, encoding, callback) {
  this.buffer = Buffer.concat([this.buffer, chunk]);
  for (;;) {
    if (!this.pending) {
      var end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      var lines = this.buffer.slice(0, end).toString().split('\r\n');
      var headers = {};
      for (var i = 1; i < lines.length; i++) {
        var colon = lines[i].indexOf(':');
        headers[lines[i].slice(0, colon).toLowerCase()] = lines[i].slice(colon + 1).trim();
      }
      this.pending = { status: Number(lines[0].split(' ')[1]), headers: headers, length: Number(headers['content-length']) };
      this.buffer = this.buffer.slice(end + 4);
    }
    if (this.buffer.length < this.pending.length) break;
    var response = this.pending;
    response.body = this.buffer.slice(0, response.length);
    this.buffer = this.buffer.slice(response.length);
    this.pending = null;
    this.emit('response', response);
  }
  callback();
};

function upload(size) {
  var bytes = new Buffer(size);
  for (var i = 0; i < size; i++) bytes[i] = (i * 7 + 3) & 255;
  return bytes;
}

function sameBytes(body, expected, what) {
  assert.strictEqual(body.length, expected.length, what + ' length');
  for (var i = 0; i < body.length; i++) if (body[i] !== expected[i]) assert.fail(what + ' differs at byte ' + i);
}

var UPLOAD = upload(1024 * 1024);
var BIG = new Buffer(2 * 1024 * 1024);
for (var b = 0; b < BIG.length; b++) BIG[b] = (b * 31 + 7) & 255;

var requests = [];
for (var n = 0; n < 10; n++) requests.push({ method: 'GET', path: '/n/' + n, check: (function (n) {
  return function (r) { assert.strictEqual(r.body.toString(), 'answer to GET /n/' + n); };
})(n) });
requests.push({ method: 'POST', path: '/echo', body: UPLOAD, check: function (r) { sameBytes(r.body, UPLOAD, 'the echo'); } });
requests.push({ method: 'GET', path: '/big', check: function (r) { sameBytes(r.body, BIG, '/big'); } });
requests.push({ method: 'GET', path: '/last', close: true, check: function (r) { assert.strictEqual(r.body.toString(), 'answer to GET /last'); } });

// Writes `bytes` in 64 KiB pieces, waiting for 'drain' whenever needDrain says so.
function send(socket, bytes, done) {
  var at = 0;
  (function more() {
    while (at < bytes.length) {
      if (socket._writableState.needDrain) return socket.once('drain', more);
      socket.write(bytes.slice(at, at + 65536));
      at += 65536;
    }
    done();
  })();
}

var socket = net.connect(port, '127.0.0.1');
var parser = new ResponseParser();
var answered = 0;
var received = 0;
var connections = {};
socket.pipe(parser);

function ask() {
  var request = requests[answered];
  var head = request.method + ' ' + request.path + ' HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
    (request.body ? 'Content-Length: ' + request.body.length + '\r\n' : '') +
    (request.close ? 'Connection: close\r\n' : '') + '\r\n';
  socket.write(head);
  if (request.body) send(socket, request.body, function () {});
}

parser.on('response', function (response) {
  var request = requests[answered++];
  assert.strictEqual(response.status, 200);
  request.check(response);
  received += response.body.length;
  connections[response.headers['x-connection']] = true;
  if (answered < requests.length) ask();
});
socket.on('end', function () {
  assert.strictEqual(answered, requests.length, 'the connection ended after ' + answered + ' responses');
  assert.deepEqual(Object.keys(connections), ['1']);
  console.log('client ok ' + answered + ' ' + received);
});
socket.on('connect', ask);
