// Which tests exercise which item of net-api.txt on which host: the one place npm run docs
// (docs/support.mjs) reads to turn a test run into README's support table.
//
// A cell is a list of test references, "dir/file: name prefix" (a test of tests/dir/file.test.mjs
// whose name starts with the prefix; [file, /regex/] for a pattern), or no("why"): the host does
// not offer the item by design, or noted("limit", [...]) for tests with a footnote.
// A reference names a test only if that test really calls the item on that host: forms reached
// only through another form (net.connect → socket.connect) are not counted. An empty list is
// "not tested". Ruff Lite's "—" cells come from net-api.txt itself (no "Ruff Lite available"),
// so `lite` is left out for those items. WAMR and WasmEdge are not run in CI: their cells are
// derived from the WASI cell and the import checks of tests/wasi/abi-imports.test.mjs (HOSTS).
// The WASI guest runs on two runtimes, jco and Wasmtime: the tests of RUNTIME_FILES run once on
// each, named "jco: …" and "wasmtime: …", and a `wasi` reference to such a file names the test of
// the column's runtime. An item's `wasmtime` cell, where there is one, replaces its `wasi` cell in
// the Wasmtime column.

export const no = (why) => ({ no: why });
/** Tests as above, with a footnote on the cell (a limit the tests show). */
export const noted = (note, refs) => ({ refs, note });

const UNIX = no("the WASI guest API is TCP only (wasi:sockets 0.2 has no Unix domain sockets)");
const POSITIONAL = no("the AssemblyScript guest API takes positional arguments (no options object): connect(port, host, handler), listen(port, host, backlog)");
const GUEST_NAME = no("the guest API has connect() only, no createConnection alias");
const NO_HANDLE = no("the WASI guest API opens its own sockets: it adopts no handle or descriptor from the runtime");
const NO_LISTENER_CB = no("the guest API has no callbacks (no closures in AssemblyScript): write(bytes), writeString(text); encodings are the program's");
const NOT_IN_GUEST = no("not in the WASI guest API (host-bindings/wasi/net.ts)");

// The guest API on a scripted socket ABI (the vectors), where no test over jco's sockets calls it.
const SCRIPTED = (refs) => noted("the guest API through a scripted socket ABI (tests/wasi/vectors.test.mjs), not over a runtime's sockets", refs);
const WASI_VECTORS = "wasi/vectors: WASI guest replays: ";

const RUFF_VECTORS = "ruff/vectors: ruff: every replayable scenario";
const LITE_VECTORS = "ruff/vectors: ruff-lite: every replayable scenario";
const LITE_API = "ruff/api: Ruff Lite: Lite's API works end to end";

/** The columns, in order. `files`: the test files run for the table (globs under tests/). */
export const HOSTS = [
  { key: "node", title: "Node", files: ["node/*.test.mjs", "package.test.mjs"] },
  { key: "wasi", title: "WASI 0.2 (jco)", files: ["wasi/*.test.mjs"], runtime: "jco" },
  { key: "wasmtime", title: "Wasmtime 49", like: "wasi", files: ["wasi/*.test.mjs"], runtime: "wasmtime" },
  {
    key: "wamr", title: "WAMR", like: "wasi", files: ["wasi/abi-imports.test.mjs"],
    checks: ["wasi/abi-imports: wamr: ", "wasi/abi-imports: build/out/wasi has the examples for wamr", ["wasi/abi-imports", /^build\/out\/wasi\/.*\.wamr\.wasm imports only/]],
  },
  {
    key: "wasmedge", title: "WasmEdge", like: "wasi", files: ["wasi/abi-imports.test.mjs"],
    checks: ["wasi/abi-imports: wasmedge: ", "wasi/abi-imports: build/out/wasi has the examples for wasmedge", ["wasi/abi-imports", /^build\/out\/wasi\/.*\.wasmedge\.wasm imports only/]],
  },
  { key: "ruff", title: "Ruff", files: ["ruff/*.test.mjs"] },
  { key: "lite", title: "Ruff Lite", files: ["ruff/*.test.mjs"] },
];

/** The test files whose tests run on each WASI runtime (tests/wasi/guest.mjs RUNTIMES). */
export const RUNTIME_FILES = ["wasi/echo", "wasi/client", "wasi/probe"];

/** Not run for the table: it runs every Node suite again on the public-API transport (the
 *  table reports the default transport; npm test runs both). */
export const NOT_RUN = ["node/fallback-transport.test.mjs"];

export const ITEMS = {
  "net.createServer([options][, connectionListener])": {
    node: ["node/api: pauseOnConnect: no data until resume()", "node/differential: same events as node:net: allowHalfOpen server", "node/differential: same events as node:net: echo round trip"],
    wasi: ["wasi/echo: echoes 1 MiB", "wasi/probe: the guest's end() first"],
    ruff: ["ruff/api: the echo example on a port", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "net.connect(options[, connectListener])": {
    node: ["node/api: connect forms:", "node/api: connect with localAddress and localPort", "node/api: lookup: the custom function", "node/differential: same events as node:net: allowHalfOpen server"],
    wasi: POSITIONAL,
    ruff: ["ruff/api: the echo example on a unix socket, and the client example"],
    lite: [LITE_API],
  },
  "net.createConnection(options[, connectListener])": {
    node: ["node/forms: net.createConnection(options"],
    wasi: GUEST_NAME,
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
    lite: ["ruff/forms: Ruff Lite: createConnection(options)"],
  },
  "net.connect(port[, host][, connectListener])": {
    node: ["node/api: connect forms:", "node/differential: same events as node:net: echo round trip", "package: require('wasm-net') from CommonJS"],
    wasi: ["wasi/client: connects, sends its argument", "wasi/client: ECONNREFUSED reaches", "wasi/probe: connect() to a host name", "wasi/probe: connect() to an unknown host name"],
    ruff: ["ruff/api: a refused connect gives node:net's error", "ruff/api: connect through dns.lookup"],
  },
  "net.createConnection(port[, host][, connectListener])": {
    node: ["node/api: connect forms:"],
    wasi: GUEST_NAME,
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
  },
  "net.connect(path[, connectListener])": {
    node: ["node/streams: echo server and client over a Unix domain socket"],
    wasi: UNIX,
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
  },
  "net.createConnection(path[, connectListener])": {
    node: ["node/forms: net.createConnection(path"],
    wasi: UNIX,
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
  },
  "Class: net.Server": {
    node: ["node/api: require, import and the package root", "node/differential: same events as node:net: echo round trip"],
    wasi: ["wasi/echo: echoes 1 MiB"],
    ruff: ["ruff/api: the echo example on a port", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "server.listen(port[, hostname][, backlog][, callback])": {
    node: ["node/api: listen(port, host, backlog, cb)", "node/api: listen() without a host takes ::"],
    wasi: ["wasi/echo: the first argument is the port", "wasi/echo: echoes 1 MiB"],
    ruff: ["ruff/api: the echo example on a port", "ruff/api: EADDRINUSE: the retry example"],
  },
  "server.listen(path[, callback])": {
    node: ["node/streams: echo server and client over a Unix domain socket"],
    wasi: UNIX,
    ruff: ["ruff/api: the echo example on a unix socket"],
  },
  "server.listen(handle[, callback])": {
    node: ["node/api: listen(handle) on another server's handle"],
    wasi: NO_HANDLE,
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
    lite: ["ruff/forms: Ruff Lite: createConnection(options)"],
  },
  "server.listen(options[, callback])": {
    node: ["node/api: listen(port, host, backlog, cb), listen(options, cb)"],
    wasi: POSITIONAL,
    ruff: [RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "server.close([callback])": {
    node: ["node/differential: same events as node:net: server close waits", "node/differential: same events as node:net: close on a server that is not running"],
    wasi: SCRIPTED([WASI_VECTORS + "server close with no connections closes at once", WASI_VECTORS + "close on a server that is not listening"]),
    ruff: ["ruff/api: EADDRINUSE: the retry example", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "server.address()": {
    node: ["node/streams: server.address() on a random port", "node/api: listen(port, host, backlog, cb)"],
    wasi: ["wasi/echo: the first argument is the port"],
    ruff: ["ruff/api: the echo example on a port", "ruff/api: the echo example on a unix socket"],
    lite: [LITE_API],
  },
  "server.maxConnections": {
    node: ["node/api: getConnections, connections and maxConnections", "node/differential: same events as node:net: maxConnections", "node/vectors: Node host replays: maxConnections"],
    wasi: SCRIPTED([WASI_VECTORS + "maxConnections: over the limit"]),
    ruff: [RUFF_VECTORS],
    lite: [LITE_VECTORS],
  },
  "server.connections": {
    node: ["node/api: getConnections, connections and maxConnections", "node/vectors: Node host replays: maxConnections: over the limit"],
    wasi: SCRIPTED([WASI_VECTORS + "maxConnections: over the limit", WASI_VECTORS + "server close with live connections"]),
    ruff: [RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "server.getConnections(callback)": {
    node: ["node/api: getConnections, connections and maxConnections", "node/differential: same events as node:net: server close waits"],
    wasi: NOT_IN_GUEST,
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
    lite: [LITE_API],
  },
  "Server event 'listening'": {
    node: ["node/api: listen(port, host, backlog, cb)", "node/differential: same events as node:net: EADDRINUSE, then retry"],
    wasi: ["wasi/echo: the first argument is the port", "wasi/probe: an idle connection gets 'timeout'"],
    ruff: ["ruff/api: EADDRINUSE: the retry example", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "Server event 'connection'": {
    node: ["node/differential: same events as node:net: echo round trip", "node/api: an accepted socket knows both ends"],
    wasi: ["wasi/probe: an idle connection gets 'timeout'", "wasi/echo: echoes 1 MiB"],
    ruff: ["ruff/api: the echo example on a port", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "Server event 'close'": {
    node: ["node/differential: same events as node:net: server close waits", "node/differential: same events as node:net: close on a server that is not running"],
    wasi: SCRIPTED([WASI_VECTORS + "server close with no connections closes at once"]),
    ruff: [RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "Server event 'error'": {
    node: ["node/api: EADDRINUSE has code, errno", "node/differential: same events as node:net: EADDRINUSE, then retry", "node/faults: EADDRINUSE: the same error as node:net"],
    wasi: ["wasi/echo: EADDRINUSE reaches the server's error handler"],
    ruff: ["ruff/api: EADDRINUSE: the retry example", RUFF_VECTORS],
    lite: [LITE_VECTORS],
  },
  "Class: net.Socket": {
    node: ["node/api: connect forms:", "node/api: new Socket({ fd }) adopts"],
    wasi: ["wasi/client: connects, sends its argument"],
    ruff: ["ruff/api: a refused connect gives node:net's error", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "new net.Socket([options])": {
    node: ["node/api: connect forms:", "node/api: new Socket({ fd }) adopts"],
    wasi: SCRIPTED([WASI_VECTORS + "client: connect, then connected emits connect"]),
    ruff: [RUFF_VECTORS],
    lite: [LITE_VECTORS],
  },
  "socket.connect(options[, connectListener])": {
    node: ["node/api: connect forms:", "node/vectors: Node host replays: client: connect"],
    wasi: POSITIONAL,
    ruff: [RUFF_VECTORS],
    lite: [LITE_VECTORS],
  },
  "socket.connect(port[, host][, connectListener])": {
    node: ["node/api: connect forms:"],
    wasi: SCRIPTED([WASI_VECTORS + "client: connect, then connected emits connect"]),
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
  },
  "socket.connect(path[, connectListener])": {
    node: ["node/forms: net.createConnection(path[, connectListener]) and socket.connect(path"],
    wasi: UNIX,
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
    lite: ["ruff/forms: Ruff Lite: createConnection(options)"],
  },
  "socket.write(data[, encoding][, callback])": {
    node: ["node/forms: socket.write(data[, encoding][, callback])"],
    wasi: NO_LISTENER_CB,
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
  },
  "socket.write(data[, callback])": {
    node: ["node/differential: same events as node:net: write after end", "node/faults: peer reset mid-write", "node/streams: 64 MiB through an echo"],
    wasi: noted("write(bytes) and writeString(text), without a callback: the handler's onDrain says when the queue is empty",
      ["wasi/echo: echoes 1 MiB", "wasi/client: connects, sends its argument"]),
    ruff: ["ruff/api: 16 MiB of random bytes echoed intact", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "socket.end([data][, encoding])": {
    node: ["node/differential: same events as node:net: server ends first with data", "node/differential: same events as node:net: echo round trip", "node/vectors: Node host replays: end(data) on an idle socket"],
    wasi: noted("on preview2-shim (jco) end() closes both directions, no half-close (tests/wasi/probe.test.mjs asserts it); Wasmtime's is a real half-close",
      ["wasi/client: connects, sends its argument", "wasi/probe: the guest's end() first", "wasi/probe: the peer's end() first"]),
    wasmtime: ["wasi/client: connects, sends its argument", "wasi/probe: the guest's end() first", "wasi/probe: the peer's end() first"],
    ruff: ["ruff/api: the echo example on a unix socket, and the client example", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "socket.destroy()": {
    node: ["node/differential: same events as node:net: destroy with an error", "node/differential: same events as node:net: idle timeout fires once"],
    wasi: ["wasi/probe: an idle connection gets 'timeout'"],
    ruff: [RUFF_VECTORS],
    lite: [LITE_VECTORS],
  },
  "socket.localAddress": {
    node: ["node/api: connect with localAddress and localPort", "node/api: an accepted socket knows both ends"],
    wasi: ["wasi/probe: isIP, isIPv4 and isIPv6 agree with node:net; a connection knows both of its ends"],
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
  },
  "socket.localPort": {
    node: ["node/api: connect with localAddress and localPort", "node/api: an accepted socket knows both ends"],
    wasi: ["wasi/probe: isIP, isIPv4 and isIPv6 agree with node:net; a connection knows both of its ends"],
    ruff: ["ruff/forms: Ruff: createConnection and connect in every form"],
    lite: [LITE_API],
  },
  "Socket event 'lookup'": {
    node: ["node/api: lookup: the custom function, then the 'lookup' event"],
    wasi: ["wasi/probe: connect() to a host name", "wasi/probe: connect() to an unknown host name"],
    ruff: ["ruff/api: connect through dns.lookup"],
  },
  "Socket event 'connect'": {
    node: ["node/differential: same events as node:net: echo round trip", "node/api: connect forms:"],
    wasi: ["wasi/client: connects, sends its argument"],
    ruff: ["ruff/api: the echo example on a unix socket, and the client example", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "Socket event 'data'": {
    node: ["node/differential: same events as node:net: echo round trip", "node/streams: 64 MiB through an echo"],
    wasi: ["wasi/echo: echoes 1 MiB", "wasi/client: connects, sends its argument"],
    ruff: ["ruff/api: the echo example on a unix socket, and the client example", "ruff/api: connect through dns.lookup", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "Socket event 'end'": {
    node: ["node/differential: same events as node:net: echo round trip", "node/streams: bytes still in the stream's buffer when the peer's FIN"],
    wasi: ["wasi/echo: echoes 1 MiB", "wasi/client: connects, sends its argument"],
    ruff: ["ruff/api: the echo example on a port", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "Socket event 'timeout'": {
    node: ["node/differential: same events as node:net: idle timeout fires once", "node/faults: connect with a timeout to a silent peer", "node/vectors: Node host replays: idle timeout fires"],
    wasi: ["wasi/probe: an idle connection gets 'timeout'", "wasi/probe: activity postpones the idle timeout"],
    ruff: [RUFF_VECTORS],
    lite: [LITE_VECTORS],
  },
  "Socket event 'close'": {
    node: ["node/differential: same events as node:net: connection refused", "node/faults: peer reset mid-write"],
    wasi: ["wasi/probe: an idle connection gets 'timeout'", "wasi/client: ECONNREFUSED reaches"],
    ruff: ["ruff/api: a refused connect gives node:net's error, then close(true)", RUFF_VECTORS],
    lite: [LITE_API, LITE_VECTORS],
  },
  "net.isIP(input)": {
    node: ["node/bad-input: isIP, isIPv4 and isIPv6 agree with node:net", "package: import net, { createServer, connect, isIP }"],
    wasi: ["wasi/probe: isIP, isIPv4 and isIPv6 agree with node:net; a connection knows both of its ends"],
    ruff: ["ruff/api: isIP, isIPv4 and isIPv6 agree with node:net on every address vector"],
  },
  "net.isIPv4(input)": {
    node: ["node/bad-input: isIP, isIPv4 and isIPv6 agree with node:net"],
    wasi: ["wasi/probe: isIP, isIPv4 and isIPv6 agree with node:net; a connection knows both of its ends"],
    ruff: ["ruff/api: isIP, isIPv4 and isIPv6 agree with node:net on every address vector"],
  },
  "net.isIPv6(input)": {
    node: ["node/bad-input: isIP, isIPv4 and isIPv6 agree with node:net"],
    wasi: ["wasi/probe: isIP, isIPv4 and isIPv6 agree with node:net; a connection knows both of its ends"],
    ruff: ["ruff/api: isIP, isIPv4 and isIPv6 agree with node:net on every address vector"],
  },
};
