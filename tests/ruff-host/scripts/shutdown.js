// Half-close: write "bye", shut down the write side (the peer sees 'end'), then keep
// reading what the peer sends until its own FIN arrives as cb(null, undefined).
'use strict';

var tcp = uv.new_tcp();
var log = [];
var text = '';
uv.tcp_connect(tcp, '127.0.0.1', Number(process.argv[2]), function (err) {
  if (err) throw err;
  uv.read_start(tcp, function (error, data) {
    if (error) throw error;
    if (data === undefined) {
      log.push('eof');
      uv.close(tcp, function () {
        log.push('closed');
        console.log(JSON.stringify({ text: text, log: log }));
      });
      return;
    }
    text += new Buffer(data).toString();
  });
  uv.write(tcp, 'bye', function (e) { log.push('written:' + e); });
  uv.shutdown(tcp, function (e) {
    log.push('shutdown:' + e + ':writable=' + uv.is_writable(tcp));
  });
});
