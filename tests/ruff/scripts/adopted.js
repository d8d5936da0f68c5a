// new net.Socket({ fd: 3, ... }) with the options given as JSON in argv[2]: prints each event
// as one line ('state ...' first), sending 'from the child' then ending if it is writable.
var net = require('net');
var options = JSON.parse(process.argv[2]);
options.fd = 3;
var s = new net.Socket(options);
function log(line) { console.log(line); }
log('state ' + s.readyState);
s.on('data', function (d) { log('data ' + d); });
s.on('end', function () { log('end'); });
s.on('finish', function () { log('finish'); });
s.on('error', function (e) { log('error ' + e.code); });
s.on('close', function () { log('close'); });
if (options.writable !== false) s.end('from the child');
s.resume();
