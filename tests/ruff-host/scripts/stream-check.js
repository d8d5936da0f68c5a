// The built-in `stream` module (readable-stream 2): a Duplex piping through a Transform into a
// Writable with a small high-water mark, so backpressure and the end/finish order are exercised.
// Prints "stream ok <bytes>".
'use strict';

var assert = require('assert');
var stream = require('stream');
var util = require('util');

['Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough', 'Stream'].forEach(function (name) {
  assert.strictEqual(typeof stream[name], 'function', 'stream.' + name);
});

// A Duplex whose readable side gives back, later, what its writable side was given.
function Loopback() {
  stream.Duplex.call(this, { highWaterMark: 1024 });
  this.once('finish', function () { var self = this; setTimeout(function () { self.push(null); }, 1); });
}
util.inherits(Loopback, stream.Duplex);
Loopback.prototype._write = function (chunk, encoding, callback) {
  var self = this;
  setTimeout(function () { self.push(chunk); callback(); }, 0);
};
Loopback.prototype._read = function () {};

var upper = new stream.Transform({
  transform: function (chunk, encoding, callback) { callback(null, new Buffer(chunk.toString().toUpperCase())); },
});

var received = [];
var events = [];
var sink = new stream.Writable({
  highWaterMark: 64,
  write: function (chunk, encoding, callback) { received.push(chunk.toString()); setTimeout(callback, 0); },
});

var loop = new Loopback();
assert.ok(loop instanceof stream.Readable, 'a Duplex is a Readable');
assert.ok(loop instanceof stream.Writable, 'a Duplex passes instanceof Writable');
assert.strictEqual(typeof loop._writableState.length, 'number');
loop.on('end', function () { events.push('loop end'); });
upper.on('end', function () { events.push('upper end'); });
loop.pipe(upper).pipe(sink);
sink.on('finish', function () {
  events.push('sink finish');
  var text = received.join('');
  assert.strictEqual(text.length, 200 * 20);
  assert.strictEqual(text, new Array(201).join('ABCDEFGHIJ0123456789'));
  assert.deepEqual(events, ['loop end', 'upper end', 'sink finish']);
  assert.ok(falseAnswers > 0, 'write() never answered false: backpressure was not exercised');
  console.log('stream ok ' + text.length);
});

var falseAnswers = 0;
var written = 0;
function writeMore() {
  while (written < 200) {
    written++;
    if (!loop.write('abcdefghij0123456789')) { falseAnswers++; loop.once('drain', writeMore); return; }
  }
  loop.end();
}
writeMore();
