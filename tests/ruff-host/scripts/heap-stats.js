// Test instrumentation: __ruffhost exists only with RUFFHOST_STATS=1.
'use strict';

if (typeof __ruffhost === 'undefined') {
  console.log(JSON.stringify({ stats: false }));
} else {
  __ruffhost.gc();
  var before = __ruffhost.heapBytes();
  var keep = [];
  for (var i = 0; i < 1000; i++) keep.push(uv.new_tcp());
  var during = __ruffhost.heapBytes();
  var closed = 0;
  keep.forEach(function (h) {
    uv.close(h, function () {
      if (++closed === keep.length) {
        keep = null;
        __ruffhost.gc();
        console.log(JSON.stringify({ stats: true, before: before, during: during, after: __ruffhost.heapBytes() }));
      }
    });
  });
}
