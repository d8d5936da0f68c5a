// require('util'): format, inspect (minimal), inherits, debuglog, deprecate and the is* helpers.
'use strict';

function stringify(value) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    return '[Circular]';
  }
}

function inspect(value, opts) {
  var depth = opts && typeof opts.depth === 'number' ? opts.depth : 2;
  return formatValue(value, depth, []);
}

function formatValue(value, depth, seen) {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  var type = typeof value;
  if (type === 'string') return "'" + JSON.stringify(value).slice(1, -1).replace(/'/g, "\\'").replace(/\\"/g, '"') + "'";
  if (type === 'number') return value === 0 && 1 / value < 0 ? '-0' : String(value);
  if (type === 'boolean' || type === 'symbol') return String(value);
  if (type === 'function') return '[Function' + (value.name ? ': ' + value.name : '') + ']';
  if (value instanceof Error) return value.stack || '[' + Error.prototype.toString.call(value) + ']';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (seen.indexOf(value) >= 0) return '[Circular]';
  if (depth < 0) return Array.isArray(value) ? '[Array]' : '[Object]';
  seen.push(value);
  var parts;
  var out;
  if (Array.isArray(value)) {
    parts = value.map(function (v) { return formatValue(v, depth - 1, seen); });
    out = parts.length ? '[ ' + parts.join(', ') + ' ]' : '[]';
  } else if (typeof value.length === 'number' && value.BYTES_PER_ELEMENT !== undefined ||
             typeof value.readUInt8 === 'function') {
    var bytes = [];
    for (var i = 0; i < value.length && i < 50; i++) bytes.push(('0' + (value[i] & 255).toString(16)).slice(-2));
    out = '<Buffer ' + bytes.join(' ') + (value.length > 50 ? ' ... ' : '') + '>';
  } else {
    parts = Object.keys(value).map(function (key) {
      var name = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : "'" + key + "'";
      return name + ': ' + formatValue(value[key], depth - 1, seen);
    });
    out = parts.length ? '{ ' + parts.join(', ') + ' }' : '{}';
  }
  seen.pop();
  return out;
}

function format(f) {
  var args = arguments;
  if (typeof f !== 'string') {
    return Array.prototype.map.call(args, function (a) { return inspect(a); }).join(' ');
  }
  var a = 1;
  var str = f.replace(/%[sdij%]/g, function (token) {
    if (token === '%%') return '%';
    if (a >= args.length) return token;
    var arg = args[a++];
    switch (token) {
      case '%s': return String(arg);
      case '%d': return String(Number(arg));
      case '%i': return String(parseInt(arg, 10));
      case '%j': return stringify(arg);
    }
    return token;
  });
  for (; a < args.length; a++) {
    var x = args[a];
    str += ' ' + (x === null || typeof x !== 'object' && typeof x !== 'function' ? String(x) : inspect(x));
  }
  return str;
}

function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw new TypeError('The constructor to "inherits" must not be null or undefined');
  if (superCtor === undefined || superCtor === null) throw new TypeError('The super constructor to "inherits" must not be null or undefined');
  if (superCtor.prototype === undefined) throw new TypeError('The super constructor to "inherits" must have a prototype');
  ctor.super_ = superCtor;
  ctor.prototype = Object.create(superCtor.prototype, {
    constructor: { value: ctor, enumerable: false, writable: true, configurable: true }
  });
}

var debugs = {};
function debuglog(set) {
  set = set.toUpperCase();
  if (!debugs[set]) {
    var env = process.env.RUFF_DEBUG || '';
    if (new RegExp('\\b' + set + '\\b', 'i').test(env)) {
      debugs[set] = function () {
        console.error('%s %d: %s', set, process.pid, format.apply(null, arguments));
      };
    } else {
      debugs[set] = function () {};
    }
  }
  return debugs[set];
}

// As Ruff's: the wrapped function warns once on stderr, or never when process.noDeprecation is set.
function deprecate(fn, message) {
  if (process.noDeprecation === true) return fn;
  var warned = false;
  return function deprecated() {
    if (!warned) {
      warned = true;
      console.warn(message);
    }
    return fn.apply(this, arguments);
  };
}

exports.format = format;
exports.inspect = inspect;
exports.inherits = inherits;
exports.debuglog = debuglog;
exports.deprecate = deprecate;
exports.isArray = Array.isArray;
exports.isBoolean = function (v) { return typeof v === 'boolean'; };
exports.isNull = function (v) { return v === null; };
exports.isNullOrUndefined = function (v) { return v === null || v === undefined; };
exports.isNumber = function (v) { return typeof v === 'number'; };
exports.isString = function (v) { return typeof v === 'string'; };
exports.isUndefined = function (v) { return v === undefined; };
exports.isRegExp = function (v) { return v instanceof RegExp; };
exports.isObject = function (v) { return v !== null && typeof v === 'object'; };
exports.isDate = function (v) { return v instanceof Date; };
exports.isError = function (v) { return v instanceof Error; };
exports.isFunction = function (v) { return typeof v === 'function'; };
exports.isPrimitive = function (v) { return v === null || typeof v !== 'object' && typeof v !== 'function'; };
exports.isBuffer = function (v) { return Buffer.isBuffer(v); };
