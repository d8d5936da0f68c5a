// Errors in Ruff's style. argv[2]: a port a Node server is listening on (for EADDRINUSE);
// argv[3]: a port nothing listens on (for ECONNREFUSED).
'use strict';

function describe(e) {
  return { name: e.name, message: e.message, code: e.code, errno: e.errno, syscall: e.syscall };
}

var busy = Number(process.argv[2]);
var free = Number(process.argv[3]);
var out = {};

var h = uv.new_tcp();
try {
  uv.tcp_bind(h, '127.0.0.1', busy);
  out.bind = 'ok';
  uv.listen(h, 16, function () {});
  out.listen = 'ok';
} catch (e) {
  out.thrown = describe(e);
}
uv.close(h);

var bad = uv.new_tcp();
try { uv.tcp_bind(bad, 'localhost', 80); } catch (e) { out.badHost = describe(e); }
try { uv.tcp_bind(bad, '127.0.0.1'); } catch (e) { out.missingPort = describe(e); }
try { uv.tcp_nodelay(bad, 1); } catch (e) { out.nonBoolean = describe(e); }
try { uv.write(bad, 'x'); } catch (e) { out.writeUnconnected = describe(e); }
out.errname = uv.errname(uv.UV_EADDRINUSE);
out.isIp = [uv.is_ipv4('127.0.0.1'), uv.is_ipv4('::1'), uv.is_ipv6('::1'), uv.is_ipv6('1.2.3')];
uv.close(bad);

var c = uv.new_tcp();
uv.tcp_connect(c, '127.0.0.1', free, function (err) {
  out.refused = describe(err);
  out.refusedIsError = err instanceof Error;
  uv.close(c, function () { console.log(JSON.stringify(out)); });
});
