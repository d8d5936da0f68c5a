// EventEmitter semantics, checked with the built-in assert; prints "events ok".
'use strict';

var assert = require('assert');
var EventEmitter = require('events');
var util = require('util');

assert.strictEqual(EventEmitter.EventEmitter, EventEmitter);

var e = new EventEmitter();
var log = [];
e.on('newListener', function (name) { if (name !== 'newListener') log.push('new:' + name); });
function a(x) { log.push('a' + x); }
function b(x) { log.push('b' + x); }
e.on('x', a);
e.prependListener('x', b);
e.once('x', function (x) { log.push('once' + x); });
assert.strictEqual(e.listenerCount('x'), 3);
assert.strictEqual(EventEmitter.listenerCount(e, 'x'), 3);
assert.strictEqual(e.emit('x', 1), true);
assert.strictEqual(e.emit('x', 2), true);
assert.strictEqual(e.emit('nothing'), false);
assert.deepEqual(log, ['new:x', 'new:x', 'new:x', 'b1', 'a1', 'once1', 'b2', 'a2']);
assert.deepEqual(e.listeners('x'), [b, a]);

e.on('removeListener', function (name, fn) { log.push('removed:' + name + ':' + (fn === a)); });
log = [];
e.off('x', a);
assert.deepEqual(e.listeners('x'), [b]);
e.removeListener('x', b);
assert.strictEqual(e.listenerCount('x'), 0);
assert.deepEqual(log, ['removed:x:true', 'removed:x:false']);

// a once listener removed by its original function
var f = function () { throw new Error('must not run'); };
e.once('y', f);
e.removeListener('y', f);
assert.strictEqual(e.emit('y'), false);

// listeners added during emit do not run in that emit; removed ones still do
var order = [];
var g = new EventEmitter();
g.on('z', function () { order.push(1); g.on('z', function () { order.push(3); }); g.removeListener('z', second); });
function second() { order.push(2); }
g.on('z', second);
g.emit('z');
assert.deepEqual(order, [1, 2]);

g.removeAllListeners('z');
assert.strictEqual(g.listenerCount('z'), 0);
g.on('p', second).on('q', second);
g.removeAllListeners();
assert.deepEqual(g.eventNames(), []);

// 'error' with no listener throws the error itself; with a listener it is delivered
var boom = new Error('boom');
assert.throws(function () { g.emit('error', boom); }, function (err) { return err === boom; });
assert.throws(function () { g.emit('error', 'text'); }, /Unhandled error/);
var caught;
g.on('error', function (err) { caught = err; });
g.emit('error', boom);
assert.strictEqual(caught, boom);

// inheritance through util.inherits, `this` is the emitter
function Child() { EventEmitter.call(this); }
util.inherits(Child, EventEmitter);
var c = new Child();
var self;
c.on('s', function () { self = this; });
c.emit('s');
assert.strictEqual(self, c);
assert.ok(c instanceof EventEmitter);
assert.throws(function () { c.on('s', 'not a function'); }, TypeError);

// process is an EventEmitter
assert.strictEqual(typeof process.on, 'function');
console.log('events ok');
