// require('assert'): ok, equal, strictEqual, deepEqual, throws and their negations.
'use strict';

var inspect = require('util').inspect;

function AssertionError(options) {
  this.name = 'AssertionError';
  this.code = 'ERR_ASSERTION';
  this.actual = options.actual;
  this.expected = options.expected;
  this.operator = options.operator;
  this.message = options.message ||
    inspect(options.actual) + ' ' + options.operator + ' ' + inspect(options.expected);
  var stack = new Error(this.message).stack;
  this.stack = stack ? stack.replace(/^Error/, 'AssertionError') : undefined;
}
AssertionError.prototype = Object.create(Error.prototype, {
  constructor: { value: AssertionError, writable: true, configurable: true }
});

function fail(actual, expected, message, operator) {
  if (message instanceof Error) throw message;
  throw new AssertionError({ actual: actual, expected: expected, message: message, operator: operator });
}

function assert(value, message) {
  if (!value) fail(value, true, message, '==');
}

function isBytes(v) {
  return v !== null && typeof v === 'object' && typeof v.length === 'number' && v.BYTES_PER_ELEMENT !== undefined ||
    Buffer.isBuffer(v);
}

function deepEqual(a, b, strict, seen) {
  if (strict ? a === b : a == b) return true; // eslint-disable-line eqeqeq
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp && b instanceof RegExp) return String(a) === String(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return !strict && a == b; // eslint-disable-line eqeqeq
  }
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (isBytes(a) && isBytes(b)) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (seen.indexOf(a) >= 0) return true;
  seen.push(a);
  var ka = Object.keys(a).sort();
  var kb = Object.keys(b).sort();
  if (ka.length !== kb.length) return false;
  for (var k = 0; k < ka.length; k++) {
    if (ka[k] !== kb[k] || !deepEqual(a[ka[k]], b[ka[k]], strict, seen)) return false;
  }
  seen.pop();
  return true;
}

function matches(error, expected) {
  if (expected === undefined) return true;
  if (expected instanceof RegExp) return expected.test(String(error));
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && error instanceof expected) return true;
    if (Error.isPrototypeOf(expected) || expected === Error) return false;
    return expected.call({}, error) === true;
  }
  if (typeof expected === 'object' && expected !== null) {
    return Object.keys(expected).every(function (key) {
      var want = expected[key];
      return want instanceof RegExp && typeof error[key] === 'string' ? want.test(error[key]) : deepEqual(error[key], want, true, []);
    });
  }
  return false;
}

assert.AssertionError = AssertionError;
assert.fail = function (message) { fail(undefined, undefined, message || 'Failed', 'fail'); };
assert.ok = assert;
assert.equal = function (a, b, m) { if (a != b) fail(a, b, m, '=='); }; // eslint-disable-line eqeqeq
assert.notEqual = function (a, b, m) { if (a == b) fail(a, b, m, '!='); }; // eslint-disable-line eqeqeq
assert.strictEqual = function (a, b, m) { if (a !== b) fail(a, b, m, '==='); };
assert.notStrictEqual = function (a, b, m) { if (a === b) fail(a, b, m, '!=='); };
assert.deepEqual = function (a, b, m) { if (!deepEqual(a, b, false, [])) fail(a, b, m, 'deepEqual'); };
assert.notDeepEqual = function (a, b, m) { if (deepEqual(a, b, false, [])) fail(a, b, m, 'notDeepEqual'); };
assert.deepStrictEqual = function (a, b, m) { if (!deepEqual(a, b, true, [])) fail(a, b, m, 'deepStrictEqual'); };
assert.notDeepStrictEqual = function (a, b, m) { if (deepEqual(a, b, true, [])) fail(a, b, m, 'notDeepStrictEqual'); };
assert.throws = function (block, expected, message) {
  if (typeof expected === 'string') { message = expected; expected = undefined; }
  var threw = false;
  var error;
  try { block(); } catch (e) { threw = true; error = e; }
  if (!threw) fail(undefined, expected, message || 'Missing expected exception.', 'throws');
  if (!matches(error, expected)) throw error;
};
assert.doesNotThrow = function (block, message) {
  try { block(); } catch (e) { fail(e, undefined, message || 'Got unwanted exception: ' + e, 'doesNotThrow'); }
};
assert.ifError = function (err) { if (err !== null && err !== undefined) throw err; };

module.exports = assert;
