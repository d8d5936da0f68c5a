// The floor of bench/wasi-echo.mjs: the same echo server as echo.ts (greeting, then every byte
// back) written directly on the socket ABI, with no core and no driver: one sys_wait over the
// listener and every connection, read, write back, close at the peer's FIN. What is left of a
// write that did not fit waits for writability, and that connection is not read meanwhile.
//   node build/out/wasi/js/floor-echo.mjs [port]

const BUFFER = 65536;
const buffer = heap.alloc(BUFFER);
const greeting = String.UTF8.encode("hello\r\n");
const ip = memory.data<u8>([127, 0, 0, 1]);

class Connection {
  constructor(public handle: i32) {}
  pending: usize = 0; // unsent bytes (a heap block), 0 if none
  pendingStart: i32 = 0;
  pendingEnd: i32 = 0;
}

const connections = new Array<Connection>();
let handles: usize = heap.alloc(4);
let interests: usize = heap.alloc(1);
let ready: usize = heap.alloc(1);
let capacity = 1;

function send(c: Connection, at: usize, len: i32): bool {
  const n = sys_send(c.handle, at, len);
  if (n < -1) return false;
  const done = max(n, 0);
  if (done < len) {
    c.pending = heap.alloc(<usize>(len - done));
    memory.copy(c.pending, at + <usize>done, <usize>(len - done));
    c.pendingStart = 0;
    c.pendingEnd = len - done;
  }
  return true;
}

function flush(c: Connection): bool {
  const n = sys_send(c.handle, c.pending + <usize>c.pendingStart, c.pendingEnd - c.pendingStart);
  if (n < -1) return false;
  if (n > 0) c.pendingStart += n;
  if (c.pendingStart == c.pendingEnd) { heap.free(c.pending); c.pending = 0; }
  return true;
}

function close(i: i32): void {
  const c = connections[i];
  sys_close(c.handle);
  if (c.pending) heap.free(c.pending);
  connections[i] = connections[connections.length - 1];
  connections.pop();
}

const args = sys_args();
const port = args.length > 1 ? I32.parseInt(args[1]) : 8124;
const listener = sys_listen(4, ip, port, 511);
if (listener < 0) { sys_print_error("listen failed: " + (-listener).toString() + "\n"); sys_exit(1); }
const address = memory.data(24, 8);
sys_local_address(listener, address);
sys_print("server bound on port " + load<u32>(address, 4).toString() + "\n");

for (;;) {
  const count = connections.length + 1;
  if (count > capacity) {
    capacity = count * 2;
    heap.free(handles); heap.free(interests); heap.free(ready);
    handles = heap.alloc(<usize>capacity << 2);
    interests = heap.alloc(<usize>capacity);
    ready = heap.alloc(<usize>capacity);
  }
  store<i32>(handles, listener);
  store<u8>(interests, 1);
  for (let i = 0; i < connections.length; i++) {
    const c = connections[i];
    store<i32>(handles + (<usize>(i + 1) << 2), c.handle);
    store<u8>(interests + <usize>(i + 1), c.pending ? 2 : 1);
  }
  sys_wait(handles, interests, count, -1, ready);
  // connections first (their indices shift when one closes), backwards so closing is safe
  for (let i = count - 2; i >= 0; i--) {
    const bits = load<u8>(ready + <usize>(i + 1));
    if (!bits) continue;
    const c = connections[i];
    if (c.pending) {
      if (!flush(c)) close(i);
      continue;
    }
    const n = sys_recv(c.handle, buffer, BUFFER);
    if (n == -1) continue;
    if (n <= 0 || !send(c, buffer, n)) close(i);
  }
  if (load<u8>(ready)) {
    for (let k = 0; k < 64; k++) {
      const h = sys_accept(listener);
      if (h < 0) break;
      const c = new Connection(h);
      connections.push(c);
      if (!send(c, changetype<usize>(greeting), greeting.byteLength)) close(connections.length - 1);
    }
  }
}
