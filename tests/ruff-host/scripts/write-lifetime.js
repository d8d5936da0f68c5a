// uv.write keeps its data alive until the callback: 8 MiB in 1 MiB plain buffers are
// queued to a peer that is not reading, every JS reference is dropped and the heap is
// collected before the peer starts reading. Prints "queued <bytes still queued>".
'use strict';

var tcp = uv.new_tcp();
uv.tcp_connect(tcp, '127.0.0.1', Number(process.argv[2]), function (err) {
  if (err) throw err;
  var done = 0;
  var pendingBefore = 0;
  for (var i = 0; i < 8; i++) {
    uv.write(tcp, Uint8Array.plainOf(Buffer.alloc(1 << 20, i + 1)), function (e) {
      if (e) throw e;
      if (++done === 8) uv.shutdown(tcp, function () { uv.close(tcp); });
    });
    pendingBefore++;
  }
  Duktape.gc();
  Duktape.gc();
  console.log('queued ' + (pendingBefore - done));
});
