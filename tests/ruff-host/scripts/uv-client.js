// A uv client: connects to 127.0.0.1:<port>, echoes back every byte it receives, half-closes
// when the server ends, and prints its socket names and the event order as JSON lines.
'use strict';

var port = Number(process.argv[2]);
var tcp = uv.new_tcp();
var received = 0;
var events = [];

var req = uv.tcp_connect(tcp, '127.0.0.1', port, function (err) {
  events.push('connect:' + err);
  console.log(JSON.stringify({ sockname: uv.tcp_getsockname(tcp), peername: uv.tcp_getpeername(tcp) }));
  console.log(JSON.stringify({ readable: uv.is_readable(tcp), writable: uv.is_writable(tcp) }));
  uv.tcp_nodelay(tcp, true);
  uv.tcp_keepalive(tcp, true, 10);
  uv.read_start(tcp, function (error, data) {
    if (error) throw error;
    if (data) {
      received += data.length;
      uv.write(tcp, data);
      return;
    }
    events.push('eof');
    uv.shutdown(tcp, function (e) {
      events.push('shutdown:' + e);
      uv.close(tcp, function () {
        events.push('close');
        console.log(JSON.stringify({ received: received, events: events }));
      });
    });
  });
});
console.log(JSON.stringify({ requestIsPlainBuffer: typeof req === 'object' && !(req instanceof Buffer) }));
