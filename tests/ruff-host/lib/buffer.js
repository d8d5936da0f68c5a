// require('buffer') and the global Buffer, shaped like Ruff's: Duktape's native Node.js
// Buffer objects re-prototyped onto Buffer.prototype, which adds from/alloc, encodings
// (hex, base64, ascii, binary, ucs2/utf16le) and indexOf. As in Ruff, Buffer.isBuffer is
// `instanceof Buffer`, a Buffer is not an instanceof Uint8Array, and uv.write() wants
// a string or a plain buffer (Uint8Array.plainOf) rather than a Buffer.
'use strict';

var NativeBuffer = global._NativeBuffer;
var nativeProto = NativeBuffer.prototype;

function normalizeEncoding(encoding) {
  var e = String(encoding || 'utf8').toLowerCase();
  switch (e) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'hex': case 'base64': case 'ascii': case 'binary': return e;
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'ucs2';
    default: throw new TypeError('Unknown encoding: ' + encoding);
  }
}

function adopt(native) {
  Object.setPrototypeOf(native, Buffer.prototype);
  return native;
}

// The bytes of a string in a non-utf8 encoding, as something NativeBuffer copies.
function encode(str, enc) {
  if (enc === 'hex' || enc === 'base64') return Duktape.dec(enc, str);
  var bytes = [];
  for (var i = 0; i < str.length; i++) {
    var code = str.charCodeAt(i);
    if (enc === 'ucs2') bytes.push(code & 255, code >>> 8);
    else bytes.push(code & 255);
  }
  return bytes;
}

function Buffer(arg, encoding) {
  if (typeof encoding === 'string') {
    if (typeof arg !== 'string') throw new Error('If encoding is specified then the first argument must be a string');
    var enc = normalizeEncoding(encoding);
    return adopt(new NativeBuffer(enc === 'utf8' ? arg : encode(arg, enc)));
  }
  return adopt(new NativeBuffer(arg));
}

Object.getOwnPropertyNames(nativeProto).forEach(function (name) {
  if (name !== 'constructor') Buffer.prototype[name] = nativeProto[name];
});

function assertSize(size) {
  if (typeof size !== 'number') throw new TypeError('"size" argument must be a number');
}

Buffer.isBuffer = function (object) { return object instanceof Buffer; };

Buffer.isEncoding = function (encoding) {
  try {
    normalizeEncoding(encoding);
    return typeof encoding === 'string';
  } catch (e) {
    return false;
  }
};

Buffer.byteLength = function (str, encoding) {
  if (str instanceof Buffer) return str.length;
  if (typeof str !== 'string') str = '' + str;
  if (str.length === 0) return 0;
  switch (encoding && String(encoding).toLowerCase()) {
    case 'ascii': case 'binary': return str.length;
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return str.length * 2;
    case 'hex': return str.length >>> 1;
    case 'base64':
      var n = str.length;
      if (str.charCodeAt(n - 1) === 0x3D) n--;
      if (n > 1 && str.charCodeAt(n - 1) === 0x3D) n--;
      return (n * 3) >>> 2;
    default: return NativeBuffer.byteLength(str);
  }
};

Buffer.concat = function (list, length) {
  return adopt(NativeBuffer.concat(list, length));
};

Buffer.compare = function (a, b) {
  if (!(a instanceof Buffer) || !(b instanceof Buffer)) throw new TypeError('Arguments must be Buffers');
  return NativeBuffer.compare(a, b);
};

Buffer.alloc = function (size, fill, encoding) {
  assertSize(size);
  var buf = new Buffer(size > 0 ? size : 0);
  if (size > 0 && fill !== undefined) buf.fill(fill, typeof encoding === 'string' ? encoding : undefined);
  return buf;
};

Buffer.allocUnsafe = function (size) {
  assertSize(size);
  return new Buffer(size);
};
Buffer.allocUnsafeSlow = Buffer.allocUnsafe;

Buffer.from = function (value, encoding) {
  if (typeof value === 'number') throw new TypeError('"value" argument must not be a number');
  if (typeof value === 'string') return new Buffer(value, encoding || 'utf8');
  return new Buffer(value);
};

function clampRange(buf, start, end) {
  start = start === undefined || start < 0 ? 0 : start >>> 0;
  end = end === undefined || end > buf.length ? buf.length : end >>> 0;
  return [start, end];
}

Buffer.prototype.toString = function (encoding, start, end) {
  var r = clampRange(this, start, end);
  start = r[0];
  end = r[1];
  if (end <= start) return '';
  var enc = normalizeEncoding(encoding);
  var out = '';
  var i;
  switch (enc) {
    case 'utf8': return nativeProto.toString.call(this, 'utf8', start, end);
    case 'hex':
      for (i = start; i < end; i++) out += ('0' + this[i].toString(16)).slice(-2);
      return out;
    case 'base64': return Duktape.enc('base64', Uint8Array.plainOf(new NativeBuffer(nativeProto.slice.call(this, start, end))));
    case 'ascii':
      for (i = start; i < end; i++) out += String.fromCharCode(this[i] & 127);
      return out;
    case 'binary':
      for (i = start; i < end; i++) out += String.fromCharCode(this[i]);
      return out;
    case 'ucs2':
      for (i = start; i + 1 < end; i += 2) out += String.fromCharCode(this[i] | this[i + 1] << 8);
      return out;
  }
  return out;
};

// write(string[, offset[, length]][, encoding]) -> bytes written
Buffer.prototype.write = function (str, offset, length, encoding) {
  if (typeof offset === 'string') { encoding = offset; offset = 0; length = undefined; }
  else if (typeof length === 'string') { encoding = length; length = undefined; }
  offset = offset === undefined ? 0 : offset >>> 0;
  var remaining = this.length - offset;
  if (length === undefined || length > remaining) length = remaining;
  var enc = normalizeEncoding(encoding);
  if (enc === 'utf8') return nativeProto.write.call(this, String(str), offset, length);
  var bytes = encode(String(str), enc);
  var n = Math.min(bytes.length, length);
  for (var i = 0; i < n; i++) this[offset + i] = bytes[i];
  return n;
};

Buffer.prototype.fill = function (value, start, end, encoding) {
  if (typeof start === 'string') { encoding = start; start = 0; end = this.length; }
  else if (typeof end === 'string') { encoding = end; end = this.length; }
  if (start < 0 || end > this.length) throw new RangeError('Out of range index');
  start = start === undefined ? 0 : start >>> 0;
  end = end === undefined ? this.length : end >>> 0;
  if (end <= start) return this;
  var pattern;
  if (typeof value === 'number') pattern = [value & 255];
  else if (typeof value === 'string') pattern = new Buffer(value, encoding || 'utf8');
  else pattern = value;
  if (pattern.length === 0) pattern = [0];
  for (var i = start, j = 0; i < end; i++, j = (j + 1) % pattern.length) this[i] = pattern[j];
  return this;
};

Buffer.prototype.slice = function (start, end) {
  return adopt(nativeProto.slice.call(this, start, end));
};

Buffer.prototype.indexOf = function (value, byteOffset, encoding) {
  if (typeof byteOffset === 'string') { encoding = byteOffset; byteOffset = 0; }
  byteOffset = +byteOffset || 0;
  if (byteOffset < 0) byteOffset = Math.max(this.length + byteOffset, 0);
  var target = typeof value === 'number' ? [value & 255]
    : value instanceof Buffer ? value : new Buffer(String(value), encoding || 'utf8');
  if (target.length === 0) return -1;
  outer: for (var i = byteOffset; i + target.length <= this.length; i++) {
    for (var j = 0; j < target.length; j++) if (this[i + j] !== target[j]) continue outer;
    return i;
  }
  return -1;
};

exports.Buffer = Buffer;
exports.SlowBuffer = Buffer;
