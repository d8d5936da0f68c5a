// require('console') and the global console: util.format to stdout (log, info) or
// stderr (error, warn).
'use strict';

var format = require('util').format;

function writer(stream) {
  return function () {
    stream.write(format.apply(null, arguments) + '\n');
  };
}

exports.log = writer(process.stdout);
exports.info = writer(process.stdout);
exports.error = writer(process.stderr);
exports.warn = writer(process.stderr);
