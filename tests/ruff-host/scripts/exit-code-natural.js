// With nothing left in the loop the process exits with process.exitCode.
'use strict';

process.on('exit', function (code) { console.log('exit event ' + code); });
setTimeout(function () {
  console.log('timer ran');
  process.exitCode = 5;
}, 5);
