// Runs the shared event-order scenarios (tests/vectors/sockets.json) through the Ruff adapter,
// inside the Ruff-compatible runtime, with a scripted `uv` in place of the real one, so that a
// peer's FIN or a write's completion happens exactly at its step. Prints, per scenario, one
// JSON line with what every step did: the uv calls the adapter made, the events the user saw,
// what the call returned, and the state asked for. tests/ruff/vectors.test.mjs judges them.
// ES5: this file runs on Duktape as it is.
/* global uv: true */

var scenarios = require(process.argv[2]).scenarios;
var only = process.argv[3]; // a scenario name, to debug one
function pattern(k, salt) { return (k * 31 + salt * 7 + (k >>> 8)) & 255; }

var world; // the scenario being run
var clock = 0;
var realSetTimeout = setTimeout, realClearTimeout = clearTimeout;

// ---- the scripted uv: logs what the adapter asks, lets the scenario answer ----------------
function handle(name) { return { scripted: true, name: name, reading: false, write: [], shutdown: null, connect: null, onRead: null, onConnection: null }; }
// the handle a socket gets while it is constructed or connects: the one its steps answer through
function made(h) { var s = world.constructing && world.sockets[world.constructing]; if (s) s.handle = h; return h; }
var realUv = uv;
var scriptedUv = {
  new_tcp: function () { return made(handle(world.nextHandleName())); },
  new_pipe: function () { return made(handle(world.nextHandleName())); },
  tcp_open: function () {},
  pipe_open: function () {},
  tcp_bind: function () {},
  pipe_bind: function () {},
  listen: function (h, backlog, cb) { h.onConnection = cb; },
  accept: function (server, client) { client.name = world.pendingAccept; },
  read_start: function (h, cb) { world.action(h.name + " read_start"); h.onRead = cb; },
  read_stop: function (h) { world.action(h.name + " read_stop"); },
  write: function (h, data, cb) {
    world.checkSent(h.name, data);
    world.action(h.name + " send " + data.length);
    h.write.push(cb);
    return {};
  },
  shutdown: function (h, cb) { world.action(h.name + " shutdown"); h.shutdown = cb; },
  close: function (h, cb) {
    if (!h.scripted) return realUv.close(h, cb); // the runtime's own timer handles
    world.action(h.name + " " + (h.onConnection ? "unlisten" : "close"));
    if (cb) realSetTimeout(cb, 0); // uv reports the close from its loop
  },
  tcp_connect: function (h, ip, port, cb) { h.connect = cb; },
  pipe_connect: function (h, path, cb) { h.connect = cb; },
  tcp_getsockname: function () { return { family: "IPv4", port: 9, address: "127.0.0.1" }; },
  tcp_getpeername: function () { return { family: "IPv4", port: 9, address: "127.0.0.1" }; },
  pipe_getsockname: function () { return ""; },
  tcp_nodelay: function () {},
  tcp_keepalive: function () {},
  hrtime: function () { return clock * 1e6; }, // the scenario's time, in nanoseconds
  is_ipv4: function (s) { return /^\d+\.\d+\.\d+\.\d+$/.test(s); },
  is_ipv6: function (s) { return s.indexOf(":") >= 0; }
};
// the runtime's own timers also live on uv: what is not scripted stays the real one
for (var key in realUv) if (!(key in scriptedUv)) scriptedUv[key] = realUv[key];
uv = scriptedUv;
// the socket timer: one per socket, armed and cancelled by the core's records
setTimeout = function (fn, ms, owner) { var t = { fire: fn, socket: world.nameOf(owner) }; world.action(t.socket + " timer_start " + ms); world.timers[t.socket] = t; return t; };
clearTimeout = function (t) { if (t && t.socket && world.timers[t.socket] === t) { world.action(t.socket + " timer_stop"); world.timers[t.socket] = null; } };

var net = require("net");

function World() {
  this.sockets = {}; this.servers = {};
  this.actions = []; this.events = []; this.problems = [];
  this.salt = 1; this.timers = {}; this.constructing = null; this.pendingAccept = null; this.acceptedNames = {};
}
World.prototype.action = function (a) { this.actions.push(a); };
World.prototype.event = function (e) { this.events.push(e); };
World.prototype.nextHandleName = function () { return this.constructing || this.pendingAccept || "?"; };
World.prototype.nameOf = function (socket) {
  for (var name in this.sockets) if (this.sockets[name].socket === socket) return name;
  return "?";
};
World.prototype.checkSent = function (name, bytes) {
  var s = this.sockets[name];
  for (var i = 0; i < bytes.length; i++) {
    if (bytes[i] !== pattern(s.sent + i, s.salt)) { this.problems.push(name + " sent a wrong byte at " + (s.sent + i)); break; }
  }
  s.sent += bytes.length;
};
World.prototype.entry = function (name) {
  return (this.sockets[name] = { socket: null, handle: null, written: 0, sent: 0, read: 0, delivered: 0, salt: this.salt++ });
};
World.prototype.watch = function (name, socket) {
  var self = this, s = this.sockets[name];
  s.socket = socket;
  var emit = socket.emit;
  socket.emit = function (event, arg) {
    if (event === "data") {
      for (var i = 0; i < arg.length; i++) {
        if (arg[i] !== pattern(s.delivered + i, s.salt + 100)) { self.problems.push(name + " got a wrong byte at " + (s.delivered + i)); break; }
      }
      s.delivered += arg.length;
      self.event(name + " data " + arg.length);
    } else if (event === "error") self.event(name + " error " + arg.code);
    else if (event === "close") self.event(name + " closed " + (arg ? 1 : 0));
    else if (/^(connect|end|finish|drain|timeout)$/.test(event)) self.event(name + " " + event);
    return emit.apply(socket, arguments);
  };
  socket.on("error", function () {}); // logged above; a listener keeps it from being thrown
  socket.on("end", function () { s.stateAtEnd = socket.readyState; }); // what an 'end' listener sees
};

/** The `highWaterMark=N` word of an open or server step, as a number (or undefined). */
function markOption(words) {
  for (var i = 0; i < words.length; i++) if (words[i].indexOf("highWaterMark=") === 0) return Number(words[i].slice(14));
  return undefined;
}

function patterned(s, len, salt, from) {
  var bytes = new Buffer(len);
  for (var i = 0; i < len; i++) bytes[i] = pattern(from + i, salt);
  return bytes;
}

function runStep(step, done) {
  var words = step["do"].split(/\s+/), verb = words[0], name = words[1];
  var s = world.sockets[name], returned, actual;
  switch (verb) {
    case "open": {
      var options = { allowHalfOpen: words.indexOf("allowHalfOpen") >= 0 };
      var marks = world.marks[name];
      if (markOption(words) !== undefined) options.highWaterMark = markOption(words);
      if (marks && marks.read >= 0) options.readableHighWaterMark = marks.read;
      if (marks && marks.write >= 0) options.writableHighWaterMark = marks.write;
      if (words.indexOf("connected") >= 0) options.fd = 1000;
      world.entry(name);
      world.constructing = name;
      var socket = new net.Socket(options);
      world.constructing = null;
      world.watch(name, socket);
      break;
    }
    case "connect":
      try { world.constructing = name; s.socket.connect({ port: 9, host: "127.0.0.1" }); returned = "ok"; } catch (e) { returned = e.code; }
      world.constructing = null;
      break;
    case "write": {
      var len = Number(words[2]);
      var bytes = patterned(s, len, s.salt, s.written);
      s.written += len;
      returned = String(s.socket.write(bytes, function (e) { world.event(name + " write_cb " + (e ? e.code : "OK")); }));
      break;
    }
    case "end": s.socket.end(); break;
    case "destroy": {
      var error;
      if (words[2]) { error = new Error(words[2]); error.code = words[2]; }
      s.socket.destroy(error);
      break;
    }
    case "pause": s.socket.pause(); break;
    case "cork": s.socket.cork(); break;
    case "uncork": s.socket.uncork(); break;
    case "state_at_end": actual = String(s.stateAtEnd); break;
    case "resume": s.socket.resume(); break;
    case "marks": break; // given at construction
    case "time": clock = Number(name); break;
    case "timeout": s.socket.setTimeout(Number(words[2])); break;
    case "timer": { var t = world.timers[name]; if (t) { world.timers[name] = null; t.fire(); } break; }
    case "connected": s.handle.connected = true; s.handle.connect(null); break;
    case "read": {
      var n = Number(words[2]);
      var data = patterned(s, n, s.salt + 100, s.read);
      s.read += n;
      if (s.handle.onRead) s.handle.onRead(null, data); // as a transport may, even right after a stop
      break;
    }
    case "eof": if (s.handle.onRead) s.handle.onRead(null, undefined); break;
    case "written": { var cb = s.handle.write.shift(); if (cb) cb(null); break; }
    case "shutdown_done": if (s.handle.shutdown) s.handle.shutdown(null); break;
    case "fail": {
      // uv reports a failure through whichever request is outstanding
      var failure = new Error(words[2] + ": scripted failure"), h = s.handle;
      if (h.connect && !h.connected) h.connect(failure);
      else if (h.onRead) h.onRead(failure);
      else if (h.write.length) h.write.shift()(failure);
      else if (h.shutdown) h.shutdown(failure);
      else world.problems.push(name + ": no outstanding uv request to fail");
      break;
    }
    case "server": {
      var server = net.createServer({ allowHalfOpen: words.indexOf("allowHalfOpen") >= 0, pauseOnConnect: words.indexOf("pauseOnConnect") >= 0, highWaterMark: markOption(words) });
      world.servers[name] = { server: server };
      world.acceptedNames[name] = [];
      server.on("listening", function () { world.event(name + " listening"); });
      server.on("connection", function (socket) {
        var socketName = world.acceptedNames[name].shift();
        world.watch(socketName, socket);
        world.event(name + " connection " + socketName);
      });
      server.on("drop", function () { world.event(name + " drop"); });
      server.on("error", function (e) { world.event(name + " error " + e.code); });
      server.on("close", function () { world.event(name + " server_closed"); });
      break;
    }
    case "listen":
      try { world.constructing = name; world.servers[name].server.listen({ port: 9, host: "127.0.0.1" }); /* a form Ruff Lite has too */ returned = "ok"; } catch (e) { returned = e.code; }
      world.constructing = null;
      break;
    case "listening": break; // the scripted listen succeeds at once (see the test's mapping)
    case "server_fail": {
      var srv = world.servers[name].server;
      if (srv._handle && srv._handle.onConnection) srv._handle.onConnection(new Error(words[2] + ": scripted failure"));
      break;
    }
    case "accept": {
      var socketName = words[3];
      var entry2 = world.entry(socketName);
      world.pendingAccept = socketName;
      world.acceptedNames[name].push(socketName);
      var before = world.actions.length;
      world.servers[name].server._handle.onConnection(null);
      world.pendingAccept = null;
      var closedAtOnce = world.actions.slice(before).indexOf(socketName + " close") >= 0;
      returned = closedAtOnce ? "refused" : "ok";
      if (closedAtOnce) {
        world.actions = world.actions.filter(function (a) { return a !== socketName + " close"; });
        world.acceptedNames[name].pop();
      } else {
        entry2.handle = handleOf(world.servers[name].server, socketName);
      }
      break;
    }
    case "close": {
      var closeError = null, closed = false;
      world.servers[name].server.close(function (e) { closed = true; closeError = e; });
      return settle(function () { done(closed && closeError ? closeError.code : "ok"); });
    }
    case "max": world.servers[name].server.maxConnections = Number(words[2]); break;
    case "state": {
      var field = words[2];
      actual = String(s.socket[field]);
      break;
    }
    case "connections": actual = String(world.servers[name].server.connections); break;
    default: throw new Error("no mapping for " + verb);
  }
  settle(function () { done(returned, actual); });
}

/** The handle the server's accept gave the socket named `name` (found through its socket). */
function handleOf(server, name) {
  return world.sockets[name].acceptedHandle;
}

function settle(then) {
  var rounds = 0;
  // timer rounds, not immediates: Ruff runs immediates queued by immediates in the same pass
  (function round() { if (rounds++ === 4) return then(); realSetTimeout(round, 0); })();
}

// accepted sockets' handles: the scripted accept names them; remember them by name
var accept = scriptedUv.accept;
scriptedUv.accept = function (server, client) {
  accept(server, client);
  world.sockets[client.name].acceptedHandle = client;
};

function runScenario(index) {
  if (index >= scenarios.length) return;
  var scenario = scenarios[index];
  if (only && scenario.name !== only) return runScenario(index + 1);
  world = new World();
  world.marks = {};
  clock = 0;
  scenario.steps.forEach(function (step) {
    var w = step["do"].split(/\s+/);
    if (w[0] === "marks") world.marks[w[1]] = { read: Number(w[2]), write: Number(w[3]) };
  });
  var results = [];
  (function next(i) {
    if (i >= scenario.steps.length) {
      console.log(JSON.stringify({ name: scenario.name, steps: results }));
      return runScenario(index + 1);
    }
    world.actions = []; world.events = []; world.problems = [];
    var step = scenario.steps[i];
    var ok = true;
    try {
      runStep(step, function (returned, actual) {
        results.push({ actions: world.actions, events: world.events, returned: returned, actual: actual, problems: world.problems });
        next(i + 1);
      });
    } catch (e) {
      ok = false;
      results.push({ thrown: String(e && e.stack || e) });
      console.log(JSON.stringify({ name: scenario.name, steps: results }));
      runScenario(index + 1);
    }
    return ok;
  })(0);
}

runScenario(0);
