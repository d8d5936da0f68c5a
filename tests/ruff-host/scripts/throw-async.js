// An exception thrown from a timer callback: stack on stderr, exit code 1.
'use strict';

process.on('exit', function (code) { console.log('exit event ' + code); });
function explode() { throw new Error('boom from a timer'); }
setTimeout(explode, 1);
setTimeout(function () { console.log('must not run'); }, 500);
