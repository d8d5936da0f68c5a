// An echo server written directly on Ruff's `uv` binding: the floor for the Ruff echo
// benchmark. Usage: ruff uv-echo.js <port> [host]; prints "listening <port>" when ready.
'use strict';

var port = Number(process.argv[2] || 0);
var host = process.argv[3] || '127.0.0.1';

var server = uv.new_tcp();
uv.tcp_bind(server, host, port);
uv.listen(server, 511, function (err) {
  if (err) throw err;
  var client = uv.new_tcp();
  uv.accept(server, client);
  uv.read_start(client, function (error, data) {
    if (error) {
      uv.close(client);
    } else if (data) {
      uv.write(client, data);
    } else {
      uv.shutdown(client, function () { uv.close(client); });
    }
  });
});
console.log('listening ' + uv.tcp_getsockname(server).port);
