// dns.lookup() as Ruff's: localhost through getaddrinfo, literals answered synchronously,
// family 6 refused.
'use strict';

var dns = require('dns');
var out = { order: [] };
dns.lookup('localhost', function (err, address, family) {
  out.order.push('localhost');
  out.localhost = [err, address, family];
  dns.lookup('localhost', { family: 4, all: true }, function (err2, all) {
    out.all = [err2, all];
    console.log(JSON.stringify(out));
  });
});
dns.lookup('127.0.0.1', function (err, address, family) {
  out.order.push('literal');
  out.literal = [err, address, family];
});
dns.lookup('::1', function (err, address, family) { out.literal6 = [err, address, family]; });
try { dns.lookup('localhost', 6, function () {}); } catch (e) { out.family6 = e.name + ': ' + e.message; }
out.order.push('sync-end');
