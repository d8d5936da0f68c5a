// require('dns'): lookup() on uv.getaddrinfo with the behaviour of Ruff's dns module:
// family may only be 0 or 4 (6 throws), an IP literal or an empty name answers
// synchronously, a resolver failure passes libuv's Error (message "EAI_...: ...", no
// code) and the family reported for an answer is the one asked for, or 4.
'use strict';

exports.ADDRCONFIG = 1024;
exports.V4MAPPED = 2048;

function ipFamily(s) {
  if (uv.is_ipv4(s)) return 4;
  if (uv.is_ipv6(s)) return 6;
  return 0;
}

function notFound(hostname) {
  var err = new Error('lookupLocalDNSServer ENOTFOUND ' + hostname);
  err.code = 'ENOTFOUND';
  err.errno = 'ENOTFOUND';
  err.syscall = 'lookupLocalDNSServer';
  err.hostname = hostname;
  return err;
}

exports.lookup = function lookup(hostname, options, callback) {
  var hints = 0;
  var family = -1;
  var all = false;

  if (hostname && typeof hostname !== 'string') {
    throw new TypeError('Invalid arguments: hostname must be a string or falsey');
  } else if (typeof options === 'function') {
    callback = options;
    family = 0;
  } else if (typeof callback !== 'function') {
    throw new TypeError('Invalid arguments: callback must be passed');
  } else if (options !== null && typeof options === 'object') {
    hints = options.hints >>> 0;
    family = options.family >>> 0;
    all = options.all === true;
    if (hints !== 0 && hints !== exports.ADDRCONFIG && hints !== exports.V4MAPPED &&
        hints !== (exports.ADDRCONFIG | exports.V4MAPPED)) {
      throw new TypeError('Invalid argument: hints must use valid flags');
    }
  } else {
    family = options >>> 0;
  }
  if (family !== 0 && family !== 4) throw new TypeError('Invalid argument: family must be 4');

  if (!hostname) {
    if (all) callback(null, []);
    else callback(null, null, 4);
    return {};
  }
  var literal = ipFamily(hostname);
  if (literal) {
    if (all) callback(null, [{ address: hostname, family: literal }]);
    else callback(null, hostname, literal);
    return {};
  }

  var req = {};
  uv.getaddrinfo(hostname, family, hints, function (err, answers) {
    if (err) {
      callback(err, undefined, family);
      return;
    }
    var addresses = answers.filter(function (a) { return ipFamily(a) !== 0; });
    if (addresses.length === 0 && hostname.toLowerCase() === 'localhost') addresses = ['127.0.0.1'];
    if (addresses.length === 0) {
      callback(notFound(hostname));
    } else if (all) {
      callback(null, addresses.map(function (a) { return { address: a, family: family || 4 }; }));
    } else {
      callback(null, addresses[0], family || 4);
    }
  });
  return req;
};
