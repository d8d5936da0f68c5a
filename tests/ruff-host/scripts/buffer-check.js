// The Ruff-shaped Buffer: encodings, from/alloc/concat/slice, isBuffer, and what uv.write
// accepts (strings and plain buffers, not Buffer objects). Prints "buffer ok".
'use strict';

var assert = require('assert');

var b = Buffer.from('héllo');
assert.strictEqual(b.length, 6);
assert.strictEqual(b.toString(), 'héllo');
assert.strictEqual(b.toString('hex'), '68c3a96c6c6f');
assert.strictEqual(Buffer.from('68c3a96c6c6f', 'hex').toString('utf8'), 'héllo');
assert.strictEqual(Buffer.from('aGVsbG8=', 'base64').toString(), 'hello');
assert.strictEqual(Buffer.from('hello').toString('base64'), 'aGVsbG8=');
assert.strictEqual(Buffer.from('hi', 'ucs2').toString('hex'), '68006900');
assert.strictEqual(Buffer.from([0xff, 0x41]).toString('binary'), '\u00ffA');
assert.strictEqual(Buffer.from('hello').toString('utf8', 1, 3), 'el');
assert.throws(function () { b.toString('latin1'); }, /Unknown encoding: latin1/);
assert.strictEqual(Buffer.byteLength('héllo'), 6);

var s = b.slice(1, 3);
assert.ok(Buffer.isBuffer(s));
s[0] = 0x41;
assert.strictEqual(b[1], 0x41, 'slice shares memory');

var c = Buffer.concat([Buffer.from('ab'), Buffer.from('cd')]);
assert.ok(Buffer.isBuffer(c));
assert.strictEqual(c.toString(), 'abcd');
assert.strictEqual(Buffer.alloc(3, 7).toString('hex'), '070707');
assert.strictEqual(Buffer.alloc(2).toString('hex'), '0000');
assert.strictEqual(c.indexOf('cd'), 2);
assert.strictEqual(c.indexOf(0x62), 1);
assert.strictEqual(c.readUInt16BE(0), 0x6162);
assert.ok(c.equals(Buffer.from('abcd')));

assert.strictEqual(Buffer.isBuffer(new Uint8Array(2)), false);
assert.strictEqual(b instanceof Uint8Array, false, 'as in Ruff, a Buffer is not a Uint8Array');
assert.strictEqual(require('buffer').Buffer, Buffer);

var plain = Uint8Array.plainOf(Buffer.from('xyz'));
assert.strictEqual(plain.length, 3);
var copy = new Buffer(plain);
assert.strictEqual(copy.toString(), 'xyz');
plain[0] = 0x41;
assert.strictEqual(copy.toString(), 'xyz', 'new Buffer(plain) copies');

var h = uv.new_tcp();
assert.throws(function () { uv.write(h, Buffer.from('x')); }, /^TypeError: Invalid argument type for data$/);
assert.throws(function () { uv.write(h, new Uint8Array(1)); }, /^TypeError: Invalid argument type for data$/);
assert.throws(function () { uv.write(h, plain); }, /^Error: EBADF: bad file descriptor$/);
uv.close(h);

assert.strictEqual(typeof Math.fround, 'undefined', 'Duktape has no Math.fround, like Ruff');
assert.strictEqual(typeof Uint8Array.prototype.fill, 'undefined', 'no TypedArray fill, like Ruff');
console.log('buffer ok');
