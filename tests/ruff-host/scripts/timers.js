// Order of next ticks, immediates and timeouts, with Ruff's semantics; prints the log.
'use strict';

var log = [];
log.push('main');
process.nextTick(function (a, b) { log.push('tick:' + a + b); }, 1, 2);
setTimeout(function () {
  log.push('t1');
  process.nextTick(function () { log.push('t1-tick'); });
}, 30);
setTimeout(function (x) { log.push('t2:' + x); }, 30, 'arg');
var cancelled = setTimeout(function () { log.push('cancelled'); }, 1);
clearTimeout(cancelled);
setImmediate(function () {
  log.push('imm1');
  process.nextTick(function () { log.push('imm1-tick'); });
  setImmediate(function () { log.push('imm3'); });
});
var dropped = setImmediate(function () { log.push('dropped'); });
setImmediate(function () { log.push('imm2'); });
clearImmediate(dropped);

var ticks = 0;
var interval = setInterval(function () {
  ticks++;
  if (ticks === 3) {
    clearInterval(interval);
    setTimeout(function () {
      console.log(JSON.stringify({ log: log, intervalTicks: ticks }));
    }, 50);
  }
}, 5);
log.push('main-end');
