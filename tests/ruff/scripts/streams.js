// The socket as a stream, case by case, printing what a user sees: run in the Ruff runtime over
// a bundle, and under Node over node:net (the reference); tests/ruff/streams.test.mjs compares
// the two outputs line by line. Only what does not depend on how the bytes are cut into reads is
// printed (totals, orders, states). Forms Ruff Lite has too. ES5.
'use strict';

var net = require('net');
var stream = require('stream');
var util = require('util');

function bytes(length, salt) {
  var b = new Buffer(length);
  for (var i = 0; i < length; i++) b[i] = (i * 31 + salt) & 255;
  return b;
}

function sum(buffer, into) {
  for (var i = 0; i < buffer.length; i++) into.value = (into.value * 33 + buffer[i]) % 1000000007;
  return into;
}

/** A server on a free port whose connections go to `onConnection`; `then(port, server)`. */
function serve(onConnection, then) {
  var server = net.createServer(onConnection);
  server.listen({ port: 0, host: '127.0.0.1' }, function () { then(server.address().port, server); });
}

/** A mark as printed: 'default' for the platform streams' own (16 KiB in Ruff and Node 20, 64 KiB
 *  from Node 22), so the outputs compare across them. */
var DEFAULT_MARK = stream.getDefaultHighWaterMark ? stream.getDefaultHighWaterMark(false) : 16384;
function mark(value) { return value === DEFAULT_MARK ? 'default' : value; }

function connect(port) {
  return net.connect({ port: port, host: '127.0.0.1' });
}

var cases = [];
var log = function (line) { console.log(cases.current + ': ' + line); };

// 'data' before 'end', 'end' before the close, the states as the ends come
cases.push(['order', function (done) {
  var payload = bytes(200 * 1024, 1);
  serve(function (c) { c.end(payload); }, function (port, server) {
    var socket = connect(port), seen = [], got = 0;
    log('Duplex ' + (socket instanceof stream.Duplex) + ' Readable ' + (socket instanceof stream.Readable) + ' Writable ' + (socket instanceof stream.Writable));
    socket.on('data', function (d) { got += d.length; if (seen[seen.length - 1] !== 'data') seen.push('data'); });
    socket.on('end', function () {
      seen.push('end');
      log('at end: got ' + got + ' readable ' + socket.readable + ' writable ' + socket.writable);
      socket.end();
      var ws = socket._writableState;
      log('after end(): ending ' + ws.ending + ' ended ' + ws.ended + ' writable ' + socket.writable);
    });
    socket.on('finish', function () { seen.push('finish'); log('finished ' + socket._writableState.finished); });
    socket.on('close', function (hadError) {
      seen.push('close');
      log(seen.join(' ') + ' hadError ' + hadError + ' destroyed ' + socket.destroyed);
      server.close(done);
    });
  });
}]);

// setEncoding: strings, characters split across writes and reads put back together
cases.push(['encoding', function (done) {
  // the UTF-8 bytes written out (Duktape's Buffer encodes a character beyond the BMP as CESU-8)
  var unit = 'h\u00e9llo w\u00f6rld \u20ac\ud83d\ude00 ', unitBytes = '68c3a96c6c6f2077c3b6726c6420e282acf09f988020';
  var text = '', hex = '', i;
  for (i = 0; i < 3000; i++) { text += unit; hex += unitBytes; }
  var whole = new Buffer(hex, 'hex');
  serve(function (c) {
    // cut inside characters: 3 bytes, then the rest in 1000-byte pieces
    c.write(whole.slice(0, 3));
    for (i = 3; i < whole.length; i += 1000) c.write(whole.slice(i, Math.min(i + 1000, whole.length)));
    c.end();
  }, function (port, server) {
    var socket = connect(port), got = '', types = {};
    socket.setEncoding('utf8');
    socket.on('data', function (d) { types[typeof d] = true; got += d; });
    socket.on('end', function () {
      log('types ' + Object.keys(types).join(',') + ' same text ' + (got === text) + ' length ' + got.length);
      socket.end();
    });
    socket.on('close', function () { server.close(done); });
  });
}]);

// text written: UTF-8 on the wire, a character beyond the BMP as four bytes
cases.push(['text', function (done) {
  serve(function (c) {
    var got = [];
    c.on('data', function (d) { got.push(d); });
    c.on('end', function () { log('bytes ' + Buffer.concat(got).toString('hex')); c.end(); });
  }, function (port, server) {
    var socket = connect(port);
    socket.on('connect', function () { socket.write('h\u00e9 \u20ac '); socket.end('\ud83d\ude00!'); });
    socket.resume();
    socket.on('close', function () { server.close(done); });
  });
}]);

// pause(): no 'data' until resume(), a 'data' listener does not start it, nothing is lost
cases.push(['pause', function (done) {
  var payload = bytes(300 * 1024, 2);
  serve(function (c) { c.end(payload); }, function (port, server) {
    var socket = connect(port), got = 0, check = sum(new Buffer(0), { value: 0 });
    socket.pause();
    socket.on('data', function (d) { got += d.length; sum(d, check); });
    socket.on('connect', function () {
      setTimeout(function () {
        log('paused ' + socket.isPaused() + ' got ' + got);
        socket.resume();
        log('resumed ' + !socket.isPaused() + ' got ' + got + ' (nothing at once)');
      }, 100);
    });
    socket.on('end', function () {
      log('end: got ' + got + ' same bytes ' + (check.value === sum(payload, { value: 0 }).value));
      socket.end();
    });
    socket.on('close', function () { server.close(done); });
  });
}]);

// the 'readable' event and read(): paused mode
cases.push(['read', function (done) {
  var payload = bytes(150 * 1024, 3);
  serve(function (c) { c.end(payload); }, function (port, server) {
    var socket = connect(port), got = 0, nulls = 0;
    socket.on('readable', function () {
      var chunk;
      while ((chunk = socket.read()) !== null) got += chunk.length;
      nulls++;
    });
    socket.on('end', function () { log('end: got ' + got + ' readable events ' + (nulls > 0)); socket.end(); });
    socket.on('close', function () { server.close(done); });
  });
}]);

// pipe() out of the socket into a slow Writable: backpressure, then the Writable ends
function Slow() { stream.Writable.call(this, { highWaterMark: 1024 }); this.got = 0; this.check = { value: 0 }; }
util.inherits(Slow, stream.Writable);
Slow.prototype._write = function (chunk, encoding, callback) {
  this.got += chunk.length;
  sum(chunk, this.check);
  setTimeout(callback, 0);
};

cases.push(['pipe out', function (done) {
  var payload = bytes(1024 * 1024, 4);
  serve(function (c) { c.end(payload); }, function (port, server) {
    var socket = connect(port), sink = new Slow(), order = [], waiting = 2;
    var finish = function () { if (--waiting === 0) server.close(done); };
    var returned = socket.pipe(sink);
    log('pipe returns its destination ' + (returned === sink));
    socket.on('end', function () { order.push('socket end'); socket.end(); });
    sink.on('finish', function () {
      order.push('sink finish');
      log(order.join(', ') + ': ' + sink.got + ' bytes, same ' + (sink.check.value === sum(payload, { value: 0 }).value));
      finish();
    });
    socket.on('close', finish);
  });
}]);

// pipe() into the socket from a Readable: the socket's writable side paces it, then ends
cases.push(['pipe in', function (done) {
  var total = 2 * 1024 * 1024, check = { value: 0 };
  serve(function (c) {
    var got = 0, into = { value: 0 };
    c.on('data', function (d) { got += d.length; sum(d, into); });
    c.on('end', function () {
      log('server got ' + got + ' same ' + (into.value === check.value));
      c.end();
    });
  }, function (port, server) {
    var socket = connect(port), made = 0, falses = 0;
    var source = new stream.Readable({ highWaterMark: 16384 });
    source._read = function () {
      if (made >= total) return this.push(null);
      var piece = bytes(16384, made & 255);
      sum(piece, check);
      made += piece.length;
      this.push(piece);
    };
    var write = socket.write;
    socket.write = function () { var ok = write.apply(socket, arguments); if (!ok) falses++; return ok; };
    socket.on('finish', function () { log('socket finish: write() answered false ' + (falses > 0) + ', finished ' + socket._writableState.finished); });
    source.pipe(socket);
    socket.on('close', function () { server.close(done); });
  });
}]);

// _writableState and the writable getters while the peer does not read, and once it does
cases.push(['writable state', function (done) {
  var peer = null, received = 0;
  serve(function (c) {
    peer = c;
    c.pause();
    c.on('data', function (d) { received += d.length; });
    c.on('end', function () { c.end(); });
  }, function (port, server) {
    var socket = connect(port), written = 0, piece = bytes(1024, 5);
    socket.on('connect', function () {
      var ws = socket._writableState;
      log('idle: length ' + ws.length + ' needDrain ' + ws.needDrain + ' ending ' + ws.ending + ' corked ' + ws.corked + ' highWaterMark ' + mark(ws.highWaterMark));
      // 1 KiB at a time until write() says to wait (bounded: the kernel's buffers are smaller)
      while (written < 64 * 1024 * 1024 && socket.write(piece)) written += piece.length;
      written += piece.length;
      log('full: length > 0 ' + (ws.length > 0) + ' writableLength = length ' + (socket.writableLength === ws.length) + ' needDrain ' + ws.needDrain);
      socket.once('drain', function () {
        log('drain: length ' + ws.length + ' needDrain ' + ws.needDrain);
        socket.cork();
        log('corked ' + ws.corked);
        socket.uncork();
        socket.end();
        log('end(): ending ' + ws.ending + ' ended ' + ws.ended + ' writable ' + socket.writable);
      });
      socket.on('finish', function () { log('finish: finished ' + ws.finished); });
      socket.on('close', function () {
        log('close: the peer got everything ' + (received === written) + ' destroyed ' + socket.destroyed + ' ' + ws.destroyed);
        server.close(done);
      });
      setTimeout(function () { peer.resume(); }, 50);
    });
    socket.resume();
  });
}]);

// the high-water marks a stream reports: createServer's for accepted sockets, a Socket's own
cases.push(['marks', function (done) {
  var marks = function (s) { return mark(s.readableHighWaterMark) + ' ' + mark(s.writableHighWaterMark) + ' ' + mark(s._writableState.highWaterMark); };
  var server = net.createServer({ highWaterMark: 1024 }, function (c) {
    log('accepted: ' + marks(c));
    c.end();
  });
  server.listen({ port: 0, host: '127.0.0.1' }, function () {
    log('default: ' + marks(new net.Socket()) + ', both: ' + marks(new net.Socket({ highWaterMark: 3000 })) +
      ', each: ' + marks(new net.Socket({ readableHighWaterMark: 2048, writableHighWaterMark: 4096 })));
    var socket = connect(server.address().port);
    socket.resume();
    socket.on('end', function () { socket.end(); });
    socket.on('close', function () { server.close(done); });
  });
}]);

// what Ruff's http (as Node's) does with its sockets besides reading and writing: keep-alive
// without a delay, the handle's reading flag on 'pause' and 'resume' (once closed there is no
// handle: Node 24 emits a 'resume' then), destroySoon()
cases.push(['http calls', function (done) {
  var serverSide = 'open', afterServerSide = null;
  serve(function (c) {
    c.setKeepAlive(true);
    c.setNoDelay(true);
    var h = c._handle, got = 0;
    log('handle ' + typeof h + ' readStart ' + typeof h.readStart + ' readStop ' + typeof h.readStop);
    c.on('resume', function () { if (c._handle && !c._handle.reading) { c._handle.reading = true; c._handle.readStart(); } });
    c.on('pause', function () { if (c._handle && c._handle.reading) { c._handle.reading = false; c._handle.readStop(); } });
    c.on('data', function (d) { got += d.length; c.pause(); setTimeout(function () { c.resume(); }, 1); });
    c.on('end', function () { log('server got ' + got); c.write('bye'); c.destroySoon(); });
    c.on('close', function () {
      serverSide = 'closed, destroyed ' + c.destroyed;
      if (afterServerSide) afterServerSide();
    });
  }, function (port, server) {
    var socket = connect(port), reply = '';
    socket.setKeepAlive(true);
    socket.on('connect', function () { socket.end(bytes(100000, 6)); });
    socket.on('data', function (d) { reply += d; });
    // (the server's 'close' and its socket's come in either order, by Node's version)
    socket.on('close', function () {
      server.close(function () {
        afterServerSide = function () { log('reply ' + reply + ', the server\'s socket ' + serverSide); done(); };
        if (serverSide !== 'open') afterServerSide();
      });
    });
  });
}]);

(function next(i) {
  if (i >= cases.length) return console.log('done');
  cases.current = cases[i][0];
  var timer = setTimeout(function () { log('TIMED OUT'); process.exit(1); }, 20000);
  cases[i][1](function () { clearTimeout(timer); next(i + 1); });
})(0);
