// read_stop/read_start: a uv server that stops reading after its first chunk, checks that
// no read callback arrives while stopped, then resumes and counts every byte. Each read
// callback queues a next tick, which must run before the following read callback.
'use strict';

var server = uv.new_tcp();
uv.tcp_bind(server, '127.0.0.1', 0);
var readsWhilePaused = 0;
var paused = false;
var total = 0;
var reads = 0;
var ticksBehind = 0;
var maxTicksBehind = 0;

uv.listen(server, 16, function (err) {
  if (err) throw err;
  var client = uv.new_tcp();
  uv.accept(server, client);
  function onRead(error, data) {
    if (error) throw error;
    if (paused) readsWhilePaused++;
    ticksBehind++;
    maxTicksBehind = Math.max(maxTicksBehind, ticksBehind);
    process.nextTick(function () { ticksBehind--; });
    if (!data) {
      console.log(JSON.stringify({ total: total, reads: reads, readsWhilePaused: readsWhilePaused, maxTicksBehind: maxTicksBehind }));
      uv.close(client);
      uv.close(server);
      return;
    }
    reads++;
    total += data.length;
    if (reads === 1) {
      uv.read_stop(client);
      paused = true;
      console.log('paused');
      setTimeout(function () {
        paused = false;
        uv.read_start(client, onRead);
      }, 300);
    }
  }
  uv.read_start(client, onRead);
});
console.log('listening ' + uv.tcp_getsockname(server).port);
