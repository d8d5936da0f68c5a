// process.exit(code) stops at once: 'exit' listeners run, pending timers do not.
'use strict';

process.on('exit', function (code) { console.log('exit event ' + code); });
setTimeout(function () { console.log('must not run'); }, 1000);
process.nextTick(function () {
  console.log('before exit');
  process.exit(3);
});
