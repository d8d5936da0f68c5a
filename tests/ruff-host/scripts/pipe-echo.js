// A unix-socket echo server on uv pipes: ruff pipe-echo.js <path>.
'use strict';

var path = process.argv[2];
var server = uv.new_pipe(false);
uv.pipe_bind(server, path);
uv.listen(server, 16, function (err) {
  if (err) throw err;
  var client = uv.new_pipe(false);
  uv.accept(server, client);
  uv.read_start(client, function (error, data) {
    if (error) throw error;
    if (data) {
      uv.write(client, data);
      return;
    }
    uv.shutdown(client, function () {
      uv.close(client);
      uv.close(server);
    });
  });
});
console.log('listening ' + uv.pipe_getsockname(server));
