// Random steps for model-based testing: mostly what a host and its user would do next in the
// model's current state (transport results that are due, user calls), mixed with inputs that
// are illegal there (write after end, end twice, destroy twice, data after close, results
// nobody waits for, stale and never-issued ids).

import * as E from "../../build/out/abi.js";

const SOCKET_ERRORS = [0, E.ECONNRESET, E.EPIPE, E.ECONNREFUSED, E.ETIMEDOUT, E.ECONNABORTED, E.EUNKNOWN];
const SERVER_ERRORS = [0, E.EADDRINUSE, E.EMFILE, E.EACCES, E.EADDRNOTAVAIL];
const NEVER_ISSUED = [0, 4096, 0x7fffffff, 0xffffffff];
const MARKS = [-1, -1, 0, 1, 2, 3, 8, 16, 64, 100, 1000, 16384, 65536]; // -1: keep that mark
const TIMEOUTS = [0, 1, 5, 10, 100, 1000, 0xffffffff];
const KEEP_ALIVE_DELAYS = [0, 1, 60, 7200];
// maxConnections as the user sets it: Node 20 limits on any number but 0 and NaN
const MAX_CONNECTIONS = [-1, -0.5, 0, 0, 0.5, 1, 1.5, 2, 3, NaN, Infinity];
const SOCKET_VERBS = ["connect", "write", "end", "cork", "uncork", "destroy", "reset", "pause", "resume", "timeout",
  "marks", "no_delay", "keep_alive", "end_seen", "after_end", "connected", "read", "eof", "written", "shutdown_done",
  "fail", "timer"];
// what a user may call on a socket from a listener of its closing ('error', a write's callback)
const LATE_VERBS = ["write", "end", "connect"];
const SERVER_VERBS = ["listen", "listening", "server_fail", "accept", "close", "max", "server_marks", "server_options", "free"];

/** Names for new sockets and servers, in order: s1, s2… and v1, v2… */
export function namer() {
  let sockets = 0, servers = 0;
  return { socket: () => `s${++sockets}`, server: () => `v${++servers}` };
}

function length(r, mark) {
  const k = r.int(100);
  if (k < 2) return 0;
  if (k < 45) return r.between(1, 16);
  if (k < 80) return r.between(17, 300);
  if (k < 90) return Math.max(0, Math.min(mark + r.between(-2, 2), 40000));
  if (k < 98) return r.between(301, 5000);
  return r.between(16000, 20000);
}

/** The socket inputs the model's state makes due (transport results) or natural (user calls). */
function likelySocketVerbs(s, holdEnd) {
  const due = [];
  if (s.transport === "none") due.push("connect", "connect");
  if (s.transport === "connecting") due.push("connected", "connected", "fail", "reset");
  if (s.transport === "open" && !s.peerFin) due.push("read", "read", ...(s.reading ? ["read", "read"] : []), "eof");
  if (s.inFlight) due.push("written", "written", "written");
  if (s.finSent && !s.finished) due.push("shutdown_done", "shutdown_done");
  if (s.armed) due.push("timer");
  if (holdEnd && s.endDelivered && !s.endSeen) due.push("end_seen", "end_seen");
  if (holdEnd && s.afterEndDue) due.push("after_end", "after_end"); // the host's next tick, after AFTER_END
  if (s.corked) due.push("uncork", "uncork");
  return [...due, "write", "write", "write", "pause", "resume", "resume", "end", "timeout", "marks", "destroy",
    "cork", "no_delay", "keep_alive"];
}

function socketStep(r, verb, who, s, model) {
  switch (verb) {
    case "write": case "read": {
      // now and then a write the core must refuse (ENOBUFS): it would queue beyond 256 MiB
      const queued = s && (s.transport !== "open" || s.inFlight || s.accepted.length);
      if (verb === "write" && queued && r.chance(0.02)) return { verb, who, args: [r.between(256 * 1024 * 1024 + 1, 0xffffffff), null] };
      const mark = s ? (verb === "write" ? s.writeMark : s.readMark) : 16384;
      const len = verb === "read" ? Math.max(1, length(r, mark)) : length(r, mark); // a transport never reads 0 bytes
      return { verb, who, args: [len, r.bytes(len)] };
    }
    case "destroy": return { verb, who, args: r.chance(0.6) ? [] : [r.pick(SOCKET_ERRORS)] };
    case "fail": return { verb, who, args: [r.pick(SOCKET_ERRORS)] };
    case "timeout": return { verb, who, args: [r.pick(TIMEOUTS)] };
    case "marks": return { verb, who, args: [r.pick(MARKS), r.pick(MARKS)] };
    case "no_delay": return { verb, who, args: [r.int(2)] };
    case "keep_alive": return { verb, who, args: [r.int(2), r.pick(KEEP_ALIVE_DELAYS)] };
    case "timer": {
      // usually when the idle period has run out, sometimes early (the core re-arms)
      if (s && s.armed && r.chance(0.6)) {
        const due = s.lastActive + s.timeoutMs - model.now;
        if (due > 0 && due < 1e7) return [{ verb: "time", who: null, args: [due] }, { verb, who, args: [] }];
      }
      return { verb, who, args: [] };
    }
    default: return { verb, who, args: [] };
  }
}

function serverStep(r, verb, who, v, names) {
  switch (verb) {
    case "server_fail": return { verb, who, args: [r.pick(SERVER_ERRORS)] };
    case "max": return { verb, who, args: [r.pick(MAX_CONNECTIONS)] };
    case "server_marks": return { verb, who, args: [r.pick(MARKS), r.pick(MARKS)] };
    case "server_options": return { verb, who, args: [r.int(2), r.int(2), r.pick(KEEP_ALIVE_DELAYS)] };
    case "accept": return { verb, who, args: [names.socket()] };
    default: return { verb, who, args: [] };
  }
}

function likelyServerVerbs(v) {
  const due = ["close", "max", "server_marks", "server_options"];
  if (v.state === "idle") due.push("listen", "listen", "listen");
  if (v.state === "binding") due.push("listening", "listening", "listening", "server_fail");
  if (v.state === "listening") due.push("accept", "accept", "accept", "accept", "server_fail");
  return due;
}

/**
 * The next step(s) for `model` (a NetModel): an array of one step, or two when time must pass
 * first. `staleSockets` are names of gone sockets whose ids no newer socket has taken.
 */
export function nextSteps(r, model, names, staleSockets) {
  const sockets = model.liveSockets();
  const servers = model.liveServers();
  const one = (step) => (Array.isArray(step) ? step : [step]);
  const kind = r.weighted({
    time: 6,
    open: sockets.length < 6 ? 4 : 0.2,
    server: servers.length < 2 ? 2 : 0.1,
    server_input: servers.length ? 16 : 0,
    socket_input: sockets.length ? 70 : 0,
    bad_id: 2,
    stale_id: staleSockets.length ? 2 : 0,
  });
  switch (kind) {
    case "time": return [{ verb: "time", who: null, args: [r.pick([0.5, 1, 2, 5, 10, 100, 1000])] }];
    case "open": {
      const args = [];
      if (r.chance(0.3)) args.push("allowHalfOpen");
      if (r.chance(0.3)) args.push("connected");
      if (r.chance(0.05)) args.push("pauseOnConnect"); // not a socket_open flag: ignored
      if (r.chance(0.08)) args.push("notReadable");
      if (r.chance(0.08)) args.push("notWritable");
      return [{ verb: "open", who: names.socket(), args }];
    }
    case "server": {
      const args = [];
      if (r.chance(0.3)) args.push("allowHalfOpen");
      if (r.chance(0.3)) args.push("pauseOnConnect");
      return [{ verb: "server", who: names.server(), args }];
    }
    case "server_input": {
      const [who, v] = r.pick(servers);
      const verb = r.chance(0.9) ? r.pick(likelyServerVerbs(v)) : r.pick(SERVER_VERBS);
      if (verb === "free" && r.chance(0.7)) return [{ verb: "close", who, args: [] }];
      return [serverStep(r, verb, who, v, names)];
    }
    case "socket_input": {
      const [who, s] = r.pick(sockets);
      const verb = r.chance(0.88) ? r.pick(likelySocketVerbs(s, model.holdEnd)) : r.pick(SOCKET_VERBS);
      const steps = one(socketStep(r, verb, who, s, model));
      // now and then the user calls the socket again while its closing is reported (if it closes)
      if (r.chance(0.15)) steps[steps.length - 1].late = r.pick(LATE_VERBS);
      return steps;
    }
    case "bad_id": {
      const id = r.pick(NEVER_ISSUED);
      return r.chance(0.8)
        ? one(socketStep(r, r.pick(SOCKET_VERBS), id, null, model))
        : [serverStep(r, r.pick(SERVER_VERBS.filter((v) => v !== "accept")), id, null, names)];
    }
    default: { // an input on a socket that is gone: data after close, destroy twice, write after close…
      const who = r.pick(staleSockets);
      return one(socketStep(r, r.pick(SOCKET_VERBS), who, null, model));
    }
  }
}

/** A step as one line of text, for failure reports: "write s1 20", "accept v1 s3", "fail s2 ECONNRESET". */
export function stepText({ verb, who, args, late }) {
  const shown = args.map((a, i) => {
    if (a instanceof Uint8Array || a === null) return null;
    if ((verb === "fail" || verb === "destroy" || verb === "server_fail") && i === 0) return E.ERROR_NAMES[a] || String(a);
    return String(a);
  }).filter((a) => a !== null);
  const target = who === null ? [] : [typeof who === "number" ? `#${who}` : who];
  return [verb, ...target, ...shown, ...(late ? [`(late ${late})`] : [])].join(" ");
}
