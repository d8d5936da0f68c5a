// The same programs on node:net and on wasm-net: their event logs must be identical.
// Each scenario is written once against the net API, runs on loopback, and ends by itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import nodeNet from "node:net";
import { createRequire } from "node:module";

const wasmNet = createRequire(import.meta.url)("../../build/out/node/index.cjs");

/** Runs `scenario(net, log, done)` with a 5 s cap; resolves to its log. */
function run(net, scenario) {
  return new Promise((resolve, reject) => {
    const log = [];
    const timer = setTimeout(() => reject(new Error(`timed out; log so far: ${log.join(" ")}`)), 5000);
    scenario(net, (entry) => log.push(entry), () => { clearTimeout(timer); setTimeout(() => resolve(log), 20); });
  });
}

/** Logs a socket's events under a tag. */
function watch(tag, socket, log) {
  socket.on("connect", () => log(`${tag}:connect`));
  socket.on("ready", () => log(`${tag}:ready`));
  socket.on("data", (d) => log(`${tag}:data(${d})`));
  socket.on("end", () => log(`${tag}:end`));
  socket.on("finish", () => log(`${tag}:finish`));
  socket.on("drain", () => log(`${tag}:drain`));
  socket.on("timeout", () => log(`${tag}:timeout`));
  socket.on("error", (e) => log(`${tag}:error(${e.code})`));
  socket.on("close", (hadError) => log(`${tag}:close(${hadError})`));
}

const scenarios = {
  "echo round trip, client ends": (net, log, done) => {
    const server = net.createServer((c) => { watch("S", c, log); c.on("data", (d) => c.write(d)); });
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect(server.address().port, "127.0.0.1", () => c.write("ping"));
      watch("C", c, log);
      c.on("data", () => c.end());
      c.on("close", () => server.close(done));
    });
  },
  "server ends first with data": (net, log, done) => {
    const server = net.createServer((c) => { watch("S", c, log); c.end("bye"); });
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect(server.address().port, "127.0.0.1");
      watch("C", c, log);
      c.on("close", () => server.close(done));
    });
  },
  "allowHalfOpen server writes after the client's FIN": (net, log, done) => {
    const server = net.createServer({ allowHalfOpen: true }, (c) => {
      watch("S", c, log);
      c.on("end", () => { log(`S:readyState=${c.readyState}`); c.end("late reply"); });
      c.resume();
    });
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect({ port: server.address().port, host: "127.0.0.1", allowHalfOpen: true }, () => c.end("question"));
      watch("C", c, log);
      c.on("close", () => server.close(done));
    });
  },
  "connection refused": (net, log, done) => {
    const probe = nodeNet.createServer().listen(0, "127.0.0.1", () => {
      const port = probe.address().port;
      probe.close(() => {
        const c = net.connect(port, "127.0.0.1");
        watch("C", c, log);
        c.on("error", (e) => log(`syscall=${e.syscall} errno=${e.errno} address=${e.address} port=${e.port === port}`));
        c.on("close", done);
      });
    });
  },
  "destroy with an error": (net, log, done) => {
    const server = net.createServer((c) => { watch("S", c, log); });
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect(server.address().port, "127.0.0.1", () => c.destroy(Object.assign(new Error("boom"), { code: "EBOOM" })));
      watch("C", c, log);
      c.on("error", (e) => log(`message=${e.message}`));
      c.on("close", () => setTimeout(() => server.close(done), 50));
    });
  },
  "write after end": (net, log, done) => {
    const server = net.createServer((c) => c.resume());
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect(server.address().port, "127.0.0.1", () => {
        c.end();
        log(`write returned ${c.write("late", (e) => log(`cb(${e && e.code})`))}`);
      });
      watch("C", c, log);
      c.on("close", () => server.close(done));
    });
  },
  "idle timeout fires once, then the user destroys": (net, log, done) => {
    const server = net.createServer((c) => c.resume());
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect(server.address().port, "127.0.0.1");
      c.setTimeout(50);
      watch("C", c, log);
      c.on("timeout", () => setTimeout(() => c.destroy(), 120));
      c.on("close", () => server.close(done));
    });
  },
  "maxConnections drops the second client": (net, log, done) => {
    const server = net.createServer((c) => { log("S:connection"); c.resume(); });
    server.maxConnections = 1;
    server.on("drop", () => log("S:drop"));
    server.listen(0, "127.0.0.1", () => {
      const a = net.connect(server.address().port, "127.0.0.1", () => {
        const b = net.connect(server.address().port, "127.0.0.1");
        b.resume();
        b.on("close", () => { log("B:close"); a.end(); });
      });
      a.on("close", () => server.close(done));
    });
  },
  "server close waits for its connection": (net, log, done) => {
    const server = net.createServer((c) => {
      server.close(() => log("S:close-callback"));
      server.getConnections((err, n) => log(`S:getConnections=${n}`));
      c.on("end", () => log("S:end"));
      c.end();
      c.resume();
    });
    server.on("close", () => log("S:close"));
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect(server.address().port, "127.0.0.1");
      c.resume();
      c.on("close", () => setTimeout(done, 50));
    });
  },
  "close on a server that is not running": (net, log, done) => {
    const server = net.createServer();
    server.on("close", () => log("close"));
    server.close((e) => { log(`cb(${e && e.code}: ${e && e.message})`); done(); });
  },
  "EADDRINUSE, then retry on another port": (net, log, done) => {
    const holder = nodeNet.createServer().listen(0, "127.0.0.1", () => {
      const server = net.createServer();
      server.on("error", (e) => {
        log(`error(${e.code} syscall=${e.syscall})`);
        server.close((err) => log(`close-cb(${err && err.code})`));
        server.listen(0, "127.0.0.1");
      });
      server.on("listening", () => { log("listening"); holder.close(); server.close(done); });
      server.listen(holder.address().port, "127.0.0.1");
    });
  },
  "a slow reader gets every byte across the peer's FIN, answers them, then ends": (net, log, done) => {
    const server = net.createServer((c) => {
      let answered = 0;
      const readSlowly = () => {
        const chunk = c.read(1000);
        if (chunk === null) return;
        answered += chunk.length;
        c.write(chunk);
        setTimeout(readSlowly, 1);
      };
      c.once("readable", readSlowly);
      c.on("end", () => log(`S:end after answering ${answered}`));
      c.on("finish", () => log("S:finish"));
      c.on("close", (e) => { log(`S:close(${e})`); server.close(done); });
    });
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect(server.address().port, "127.0.0.1");
      c.end(Buffer.alloc(20000, 1));
      let received = 0;
      c.on("data", (d) => { received += d.length; });
      c.on("end", () => log(`C:end after ${received}`));
    });
  },
  "pause and resume deliver every byte": (net, log, done) => {
    const server = net.createServer((c) => { c.end("abcdefghij"); });
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect({ port: server.address().port, host: "127.0.0.1" });
      c.pause();
      let got = "";
      setTimeout(() => { c.on("data", (d) => { got += d; }); c.resume(); }, 50);
      c.on("end", () => log(`end after ${got}`));
      c.on("close", (e) => { log(`close(${e})`); server.close(done); });
    });
  },
  // 'close' comes when the platform's handle has closed, as node:net emits it from libuv's close
  // callback: after the turn's immediates, and for handles closed in one turn, last closed first
  "two sockets destroyed in one turn: 'close' in the platform's order": (net, log, done) => {
    const server = net.createServer((c) => c.resume());
    server.listen(0, "127.0.0.1", () => {
      let connected = 0;
      const go = () => {
        if (++connected < 2) return;
        a.on("close", () => log("a:close"));
        b.on("close", () => { log("b:close"); setImmediate(() => server.close(done)); });
        a.destroy();
        b.destroy();
        setImmediate(() => { log("immediate"); setImmediate(() => log("immediate in immediate")); });
      };
      const a = net.connect(server.address().port, "127.0.0.1", go);
      const b = net.connect(server.address().port, "127.0.0.1", go);
    });
  },
  "resetAndDestroy: the server's error and close come before the client's close": (net, log, done) => {
    let closes = 0;
    const closed = () => { if (++closes === 2) server.close(done); };
    const server = net.createServer((c) => { watch("S", c, log); c.on("close", closed); });
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect(server.address().port, "127.0.0.1", () => setTimeout(() => c.resetAndDestroy(), 20));
      watch("C", c, log);
      c.on("close", closed);
    });
  },
  "both ends end: each 'close' once its handle has closed": (net, log, done) => {
    let closes = 0;
    const closed = () => { if (++closes === 2) server.close(done); };
    const server = net.createServer((c) => { watch("S", c, log); c.on("close", closed); c.resume(); c.end(); });
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect(server.address().port, "127.0.0.1");
      watch("C", c, log);
      c.on("close", closed);
      c.resume();
      c.end();
    });
  },
  "a refused connection: 'close' after the immediate its error listener queued": (net, log, done) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = server.address().port;
      server.close(() => {
        const c = net.connect(port, "127.0.0.1");
        c.on("error", (e) => {
          log(`error(${e.code})`);
          process.nextTick(() => log("tick in error"));
          setImmediate(() => log("immediate in error"));
        });
        c.on("close", (hadError) => { log(`close(${hadError})`); done(); });
      });
    });
  },
  "'error' listeners find the socket destroyed, errored and closed (refused, then reset)": (net, log, done) => {
    const state = (s) => `destroyed=${s.destroyed} errored=${s.errored?.code} closed=${s.closed}`;
    const refused = net.connect(1, "127.0.0.1");
    refused.on("error", (e) => log(`refused error(${e.code}) ${state(refused)}`));
    refused.on("close", () => {
      const server = net.createServer((c) => {
        c.on("error", (e) => log(`reset error(${e.code}) ${state(c)}`));
        c.on("close", () => server.close(done));
      });
      server.listen(0, "127.0.0.1", () => {
        const c = net.connect(server.address().port, "127.0.0.1", () => setTimeout(() => c.resetAndDestroy(), 20));
      });
    });
  },
  "after 'close': the peer's address stays, the local one is gone (node:net's destroy drops it)": (net, log, done) => {
    const names = (s) => `local=${s.localAddress}:${s.localPort > 0} remote=${s.remoteAddress}:${s.remotePort > 0} address=${JSON.stringify({ ...s.address(), port: s.address().port > 0 })}`;
    const server = net.createServer((c) => {
      log(`S open ${names(c)}`);
      c.on("close", () => { log(`S ${names(c)}`); server.close(done); });
      c.end();
    });
    server.listen(0, "127.0.0.1", () => {
      const c = net.connect(server.address().port, "127.0.0.1", () => log(`C open ${names(c)}`));
      c.on("close", () => log(`C ${names(c)}`));
      c.resume();
    });
  },
  // Node's afterWriteTick runs the callbacks (and 'drain') of writes done at once in one tick
  "writes done at once: their callbacks and 'drain' on the next tick, before later ticks": (net, log, done) => {
    const server = net.createServer((c) => c.resume());
    server.listen(0, "127.0.0.1", () => {
      const s = net.connect(server.address().port, "127.0.0.1", () => {
        s.on("drain", () => log("drain"));
        log(`write 1: ${s.write("x", () => log("callback 1"))}`);
        log(`write 2: ${s.write(Buffer.alloc(20000), () => log("callback 2"))}`);
        process.nextTick(() => log("tick"));
        process.nextTick(() => process.nextTick(() => log("tick in tick")));
        setImmediate(() => { log("immediate"); s.destroy(); server.close(done); });
      });
    });
  },
  // node:net's old handle emits its 'close' on the socket and leaves the new connection alone
  // (node:net's new life then emits no 'end': the first life's stream close step marks it closed)
  "connect() again from the 'error' listener: the refused life's 'close', then the new life": (net, log, done) => {
    const server = net.createServer((c) => { c.write("hi"); c.on("end", () => c.end()); });
    server.listen(0, "127.0.0.1", () => {
      const s = net.connect(1, "127.0.0.1");
      let closes = 0;
      s.on("error", (e) => {
        log(`error(${e.code}) destroyed=${s.destroyed}`);
        s.connect(server.address().port, "127.0.0.1");
        log(`connect() destroyed=${s.destroyed} connecting=${s.connecting}`);
      });
      s.on("connect", () => log("connect"));
      s.on("data", (d) => { log(`data(${d})`); s.destroy(); });
      s.on("close", (hadError) => { log(`close(${hadError})`); if (++closes === 2) server.close(done); });
    });
  },
  ...Object.fromEntries(Object.entries({
    "destroy()": (s) => s.destroy(),
    "destroy(error)": (s) => s.destroy(Object.assign(new Error("boom"), { code: "EBOOM" })),
    "write() before connect()": (s, log) => s.write("x", (e) => log(`write callback(${e?.code})`)),
    "resetAndDestroy()": (s) => s.resetAndDestroy(),
  }).map(([name, act]) => [
    // node:net emits the 'close' of a socket that never had a handle on the next tick, no argument
    `a socket that never connected, ${name}: 'close' before the immediates, with no argument`,
    (net, log, done) => {
      const s = new net.Socket();
      s.on("error", (e) => log(`error(${e.code}) errored=${s.errored?.code}`));
      s.on("close", (...args) => { log(`close(${args.join()}) with ${args.length} arguments`); setImmediate(done); });
      act(s, log);
      log(`destroyed=${s.destroyed}`);
      setImmediate(() => log("immediate"));
    },
  ])),
};

for (const [name, scenario] of Object.entries(scenarios)) {
  test(`same events as node:net: ${name}`, async () => {
    const expected = await run(nodeNet, scenario);
    const actual = await run(wasmNet, scenario);
    assert.deepEqual(actual, expected);
  });
}
