// A guest for tests/wasi/vectors.test.mjs, built with --lib host-bindings/wasi/abi/scripted.ts: the
// shared event-order vectors (tests/vectors/sockets.json) done through the guest API, one export
// per step, and every event the API gives the user reported to the script ("script" "event").
// Sockets and servers are numbered in the order they appear (their slot); `turn` runs one turn of
// the driver's loop. Timer records are reported from the driver's record observer: a timer is no
// call of the socket ABI, so the script cannot see it otherwise.
import {
  createServer, Server, ServerHandler, ServerOptions, Socket, SocketHandler, NetError,
} from "../../../host-bindings/wasi/net";
import { turn as loopTurn, tick, observeRecords } from "../../../host-bindings/wasi/loop";
import { OP_TIMER_START, OP_TIMER_STOP, ERROR_NAMES } from "../../../assembly/abi";

// What the user saw (and the two timer records), as reported to the script.
const CONNECT = 1, DATA = 2, END = 3, FINISH = 4, DRAIN = 5, TIMEOUT = 6, ERROR = 7, CLOSED = 8;
const LISTENING = 9, CONNECTION = 10, DROP = 11, SERVER_ERROR = 12, SERVER_CLOSED = 13;
const TIMER_START = 14, TIMER_STOP = 15;

/** kind, slot, and per kind: DATA (bytes, length), ERROR (code string), CLOSED (had_error),
 *  CONNECTION (the new socket's slot, its ABI handle), TIMER_START (ms). */
@external("script", "event")
declare function report(kind: i32, slot: i32, a: usize, b: i32): void;

const sockets = new Array<Socket>();
const stateAtEnd = new Map<i32, string>(); // by slot: the readyState onEnd saw
const servers = new Array<Server>();

function slotOf(socket: Socket): i32 {
  return sockets.indexOf(socket);
}

function reportError(kind: i32, slot: i32, error: NetError): void {
  report(kind, slot, changetype<usize>(error.code), error.code.length);
}

/** The user's listeners: every event reported, and nothing else done (the steps do the rest). */
class Recorder extends ServerHandler {
  constructor(public serverSlot: i32) { super(); }
  // the vectors start every socket paused: 'data' flows after resume()
  flowing(): bool { return false; }
  onConnect(socket: Socket): void { report(CONNECT, slotOf(socket), 0, 0); }
  onData(socket: Socket, data: Uint8Array): void { report(DATA, slotOf(socket), data.dataStart, data.length); }
  onEnd(socket: Socket): void {
    stateAtEnd[slotOf(socket)] = socket.readyState;
    report(END, slotOf(socket), 0, 0);
  }
  onFinish(socket: Socket): void { report(FINISH, slotOf(socket), 0, 0); }
  onDrain(socket: Socket): void { report(DRAIN, slotOf(socket), 0, 0); }
  onTimeout(socket: Socket): void { report(TIMEOUT, slotOf(socket), 0, 0); }
  onError(socket: Socket, error: NetError): void { reportError(ERROR, slotOf(socket), error); }
  onClose(socket: Socket, hadError: bool): void { report(CLOSED, slotOf(socket), hadError ? 1 : 0, 0); }
  onConnection(socket: Socket): void {
    sockets.push(socket);
    report(CONNECTION, this.serverSlot, sockets.length - 1, socket.handle);
  }
  onListening(server: Server): void { report(LISTENING, this.serverSlot, 0, 0); }
  onDrop(server: Server): void { report(DROP, this.serverSlot, 0, 0); }
  onServerError(server: Server, error: NetError): void { reportError(SERVER_ERROR, this.serverSlot, error); }
  onServerClose(server: Server): void { report(SERVER_CLOSED, this.serverSlot, 0, 0); }
}

observeRecords((op: u32, id: u32, a: u32, b: u32): void => {
  if (op != OP_TIMER_START && op != OP_TIMER_STOP) return;
  let slot = -1;
  for (let i = 0; i < sockets.length; i++) if (sockets[i].id == id) slot = i;
  report(op == OP_TIMER_START ? TIMER_START : TIMER_STOP, slot, a, 0);
});

// ---- the steps ------------------------------------------------------------------------------

export function open(allowHalfOpen: bool): i32 {
  sockets.push(new Socket(new Recorder(-1), allowHalfOpen));
  return sockets.length - 1;
}

export function connect(slot: i32): void {
  sockets[slot].connect(9, "127.0.0.1");
}

let outgoing = new Uint8Array(0);

/** Room for the next write's bytes: the script fills it, then calls write(). */
export function writeBuffer(length: i32): usize {
  outgoing = new Uint8Array(length);
  return outgoing.dataStart;
}

export function write(slot: i32): bool {
  return sockets[slot].write(outgoing);
}

export function end(slot: i32): void { sockets[slot].end(); }
export function pause(slot: i32): void { sockets[slot].pause(); }
export function resume(slot: i32): void { sockets[slot].resume(); }
export function setTimeout(slot: i32, ms: u32): void { sockets[slot].setTimeout(ms); }
export function cork(slot: i32): void { sockets[slot].cork(); }
export function uncork(slot: i32): void { sockets[slot].uncork(); }
export function readyStateAtEnd(slot: i32): string { return stateAtEnd.has(slot) ? stateAtEnd.get(slot) : "none"; }
export function setHighWaterMarks(slot: i32, readable: i32, writable: i32): void {
  sockets[slot].setHighWaterMarks(readable, writable);
}

/** destroy(), or destroy(error) with the error of that core code (assembly/abi.ts). */
export function destroy(slot: i32, code: i32): void {
  if (code == 0) sockets[slot].destroy();
  else sockets[slot].destroy(new NetError(ERROR_NAMES[code], code, "", "", 0, ERROR_NAMES[code] + " (scripted)"));
}

export function server(allowHalfOpen: bool, pauseOnConnect: bool, highWaterMark: i32): i32 {
  const options = new ServerOptions();
  options.highWaterMark = highWaterMark;
  options.allowHalfOpen = allowHalfOpen;
  options.pauseOnConnect = pauseOnConnect;
  servers.push(createServer(options, new Recorder(servers.length)));
  return servers.length - 1;
}

export function listen(slot: i32): void { servers[slot].listen(9, "127.0.0.1"); }

/** close(): "" or the code of the error Node would give its callback. */
export function close(slot: i32): string {
  const error = servers[slot].close();
  return error ? error.code : "";
}

export function setMaxConnections(slot: i32, n: f64): void { servers[slot].maxConnections = n; }
export function connections(slot: i32): i32 { return servers[slot].connections; }
export function readyState(slot: i32): string { return sockets[slot].readyState; }
export function bytesRead(slot: i32): f64 { return sockets[slot].bytesRead; }
export function bytesWritten(slot: i32): f64 { return sockets[slot].bytesWritten; }
export function writableLength(slot: i32): u32 { return sockets[slot].writableLength; }
export function readableLength(slot: i32): u32 { return sockets[slot].readableLength; }

/** The loop reads the script's clock, as after a wait that lasted until then. */
export function readClock(): void {
  tick();
}

/** One turn of the loop, on the script's clock as it is now (time passes between steps), then a
 *  full collection (run() collects only when due): an object the guest still needs but reaches
 *  only through a local would be freed here, and the scenarios after it would fail. */
export function turn(): bool {
  tick();
  const more = loopTurn();
  __collect();
  return more;
}
