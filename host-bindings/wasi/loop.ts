// The event loop: one sys_wait over every socket and listener that needs the transport, with
// the core's nearest timer as its timeout, then the ready transports' results fed to the core
// and the core's records handed to their Socket or Server (records: ../ABI.md).
//
// Timing, as on Node: a user's call (write, end, destroy…) only appends records; they are
// handed out by the loop's next drain, after the handler that made the call has returned
// (Node's next tick), so events never nest inside a call. Transport results are fed to the
// core one at a time, each followed by a drain, as libuv callbacks are.

import { queue_header } from "../../assembly/queue";
import { OP_UNLISTEN, OP_CLOSED, RECORD_BYTES } from "../../assembly/abi";
import { Socket } from "./socket";
import { Server } from "./server";

const socketsById = new Array<Socket | null>(); // by core socket id
const serversById = new Array<Server | null>(); // by core server id
let draining = false;
let clock: f64 = 0;
let recordObserver: ((op: u32, id: u32, a: u32, b: u32) => void) | null = null;

/** Diagnostics: `observer` sees every core record (../ABI.md) just before it is handed out.
 *  tests/wasi/guests/vectors.ts logs the timer records with it (timers are no ABI call). */
export function observeRecords(observer: ((op: u32, id: u32, a: u32, b: u32) => void) | null): void {
  recordObserver = observer;
}

/** The loop's clock (ms): read once per turn, as libuv caches its loop time. */
export function now(): f64 {
  return clock;
}

export function tick(): f64 {
  clock = sys_now();
  return clock;
}

export function registerSocket(id: u32, socket: Socket): void {
  if (<i32>id >= socketsById.length) socketsById.length = <i32>id + 1;
  socketsById[id] = socket;
}

export function registerServer(id: u32, server: Server): void {
  if (<i32>id >= serversById.length) serversById.length = <i32>id + 1;
  serversById[id] = server;
}

/** Hands every queued record to its object, oldest first. A call from inside a handler returns
 *  at once: the outer loop goes on with what that handler appended. */
export function drain(): void {
  if (draining) return;
  draining = true;
  const header = queue_header();
  for (;;) {
    const consumed = load<u32>(header, 8);
    if (consumed >= load<u32>(header, 4)) break;
    const r = <usize>load<u32>(header) + consumed;
    const op = load<u32>(r), id = load<u32>(r, 4), a = load<u32>(r, 8), b = load<u32>(r, 12);
    store<u32>(header, consumed + RECORD_BYTES, 8);
    const observer = recordObserver;
    if (observer) observer(op, id, a, b);
    if (op >= <u32>OP_UNLISTEN) {
      const server = <i32>id < serversById.length ? serversById[id] : null;
      if (server) server.onRecord(op, a, b);
    } else {
      const socket = <i32>id < socketsById.length ? socketsById[id] : null;
      if (op == <u32>OP_CLOSED && socket) socketsById[id] = null; // the id may be reused from now on
      if (socket) socket.onRecord(op, a, b);
    }
  }
  draining = false;
}

// The wait lists, reused from turn to turn.
let waitHandles: usize = 0;
let waitInterests: usize = 0;
let waitReady: usize = 0;
let waitCapacity: i32 = 0;
const waitSockets = new Array<Socket | null>();
const waitServers = new Array<Server | null>();

function reserve(count: i32): void {
  if (count <= waitCapacity) return;
  if (waitHandles) { heap.free(waitHandles); heap.free(waitInterests); heap.free(waitReady); }
  waitCapacity = max(max(count, waitCapacity * 2), 64);
  waitHandles = heap.alloc(<usize>waitCapacity << 2);
  waitInterests = heap.alloc(<usize>waitCapacity);
  waitReady = heap.alloc(<usize>waitCapacity);
}

/** Runs until no socket, listener or timer is left. */
export function run(): void {
  tick();
  while (turn()) {}
}

/** One turn of the loop: hands out the queued records, sends what can be sent, waits (up to
 *  the nearest timer) for the transports, feeds the core what they did and fires due timers.
 *  Answers false, without waiting, when no socket, listener or timer is left. */
export function turn(): bool {
  drain();
  flushAll();
  // what to wait for
  reserve(socketsById.length + serversById.length);
  let count = 0;
  let deadline = Infinity;
  waitSockets.length = 0;
  waitServers.length = 0;
  for (let i = 0; i < socketsById.length; i++) {
    const s = socketsById[i];
    if (!s) continue;
    if (s.deadline > 0 && s.deadline < deadline) deadline = s.deadline;
    const interest = s.interest();
    if (!interest) continue;
    store<i32>(waitHandles + (<usize>count << 2), s.handle);
    store<u8>(waitInterests + <usize>count, interest);
    waitSockets.push(s);
    waitServers.push(null);
    count++;
  }
  for (let i = 0; i < serversById.length; i++) {
    const server = serversById[i];
    if (!server || !server.handle) continue;
    store<i32>(waitHandles + (<usize>count << 2), server.handle);
    store<u8>(waitInterests + <usize>count, 1);
    waitSockets.push(null);
    waitServers.push(server);
    count++;
  }
  if (count == 0 && deadline == Infinity) return false;
  const timeout = deadline == Infinity ? -1 : <i32>Math.max(0, Math.ceil(deadline - clock));
  const ready = sys_wait(waitHandles, waitInterests, count, timeout, waitReady);
  tick();
  if (ready > 0) {
    for (let k = 0; k < count; k++) {
      const bits = load<u8>(waitReady + <usize>k);
      if (!bits) continue;
      const s = waitSockets[k];
      if (s) s.onReady(bits);
      else waitServers[k]!.onReady();
    }
  }
  fireTimers();
  return true;
}

/** Sends, write completions and shutdowns, until no socket can make progress without waiting. */
function flushAll(): void {
  for (let round = 0; round < 64; round++) {
    let progress = false;
    for (let i = 0; i < socketsById.length; i++) {
      const s = socketsById[i];
      if (s && s.flush()) progress = true;
    }
    if (!progress) return;
  }
}

function fireTimers(): void {
  for (let i = 0; i < socketsById.length; i++) {
    const s = socketsById[i];
    if (s && s.deadline > 0 && s.deadline <= clock) s.fireTimer();
  }
}
