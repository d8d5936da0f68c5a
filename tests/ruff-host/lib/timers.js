// require('timers') and the global timer functions, written on `uv` with Ruff's
// semantics: every setTimeout/setInterval owns a uv timer (delays are at least 1 ms;
// setTimeout adds 1 ms to any delay); setImmediate runs its whole queue in one uv check
// callback, including immediates added meanwhile, so next ticks run after the batch.
'use strict';

var TIMEOUT_MAX = 2147483647;

function bound(callback, args) {
  return function () { callback.apply(null, args); };
}

function Timer() {
  this._timer = uv.new_timer();
}

Timer.prototype.start = function (callback, after, repeat) {
  if (!this._timer) throw new Error('timer has closed!');
  uv.timer_start(this._timer, after, repeat, callback);
};

Timer.prototype.stop = function () {
  if (this._timer) {
    uv.timer_stop(this._timer);
    this.close();
  }
};

Timer.prototype.close = function () {
  if (this._timer) {
    uv.close(this._timer);
    this._timer = null;
  }
};

function stopTimer(timer) {
  if (timer instanceof Timer) timer.stop();
}

function setTimeout(callback, after) {
  after *= 1;
  if (!after || after < 0 || after > TIMEOUT_MAX) after = 0;
  after++;
  var run = bound(callback, Array.prototype.slice.call(arguments, 2));
  var timer = new Timer();
  timer.start(function () {
    run();
    timer.close();
  }, after, 0);
  return timer;
}

function setInterval(callback, repeat) {
  repeat *= 1;
  if (!repeat || repeat < 1 || repeat > TIMEOUT_MAX) repeat = 1;
  var timer = new Timer();
  timer.start(bound(callback, Array.prototype.slice.call(arguments, 2)), repeat, repeat);
  return timer;
}

// setImmediate: an idle handle keeps the loop alive (and polling non-blocking) while a
// check handle, unref'd by uv.check_start, runs the queue after I/O.
var immediateQueue = [];
var immediatePending = false;
var idle = null;
var check = null;

function noop() {}

// Ruff's processImmediate (ruffjs/ruff-runtime ruff-api/core/timers/src/index.ruff.js):
// one uv check callback drains the whole queue, immediates queued meanwhile included; the
// runtime runs the next-tick queue once, after that callback. Node differs: it runs next
// ticks after each immediate and defers newly queued immediates to the next iteration.
function processImmediate() {
  while (immediateQueue.length !== 0) immediateQueue.shift()();
  immediatePending = false;
  uv.idle_stop(idle);
  uv.check_stop(check);
}

function setImmediate(callback) {
  var run = bound(callback, Array.prototype.slice.call(arguments, 1));
  immediateQueue.push(run);
  if (!immediatePending) {
    immediatePending = true;
    if (!check) {
      idle = uv.idle_init();
      check = uv.check_init();
    }
    uv.idle_start(idle, noop);
    uv.check_start(check, processImmediate);
  }
  return run;
}

function clearImmediate(immediate) {
  var index = immediateQueue.indexOf(immediate);
  if (index < 0) return;
  immediateQueue.splice(index, 1);
  if (immediateQueue.length === 0) {
    immediatePending = false;
    uv.idle_stop(idle);
    uv.check_stop(check);
  }
}

exports.Timer = Timer;
exports.setTimeout = setTimeout;
exports.clearTimeout = stopTimer;
exports.setInterval = setInterval;
exports.clearInterval = stopTimer;
exports.setImmediate = setImmediate;
exports.clearImmediate = clearImmediate;
