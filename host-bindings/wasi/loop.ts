// The event loop: one sys_wait over every open handle, with the core's nearest timer as its
// timeout, then the ready transports' results fed to the core and the core's records handed to
// their Socket or Server (records: ../ABI.md).
//
// Timing, as on Node: a user's call (write, end, destroy…) only appends records; they are
// handed out by the loop's next drain, after the handler that made the call has returned
// (Node's next tick), so events never nest inside a call. Transport results are fed to the
// core one at a time, each followed by a drain, as libuv callbacks are.
//
// Cost per wake-up: nothing here visits every socket. The wait list is kept up to date as
// interests change (watch/unwatch) and handed to sys_wait as it is; work that needs no waiting
// (a lookup, an error to report, a first shutdown attempt) is queued by its socket; timers are
// looked for only while one is armed.

import { queue_header } from "../../assembly/queue";
import { OP_UNLISTEN, OP_CLOSED, RECORD_BYTES } from "../../assembly/abi";
import { Socket } from "./socket";
import { Server } from "./server";
import { collectGarbage } from "./collect";

// The objects by core id: managed arrays keep them alive; the drain looks them up in tables of
// their addresses (no bounds-checked array call per record).
const socketsById = new Array<Socket | null>();
const serversById = new Array<Server | null>();
let socketTable: usize = 0;
let socketTableSize: u32 = 0;
let serverTable: usize = 0;
let serverTableSize: u32 = 0;
let draining = false;
let closing: Socket | null = null;
let clock: f64 = 0;
let recordObserver: ((op: u32, id: u32, a: u32, b: u32) => void) | null = null;

/** Diagnostics: `observer` sees every core record (../ABI.md) just before it is handed out.
 *  tests/wasi/guests/vectors.ts logs the timer records with it (timers are no ABI call). */
export function observeRecords(observer: ((op: u32, id: u32, a: u32, b: u32) => void) | null): void {
  recordObserver = observer;
}

/** The loop's clock (ms): read once per turn, as libuv caches its loop time, while some socket
 *  has an idle timeout or a timer is armed: the core reads time for nothing else (ABI.md). */
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
  if (id >= socketTableSize) {
    socketTable = grown(socketTable, <usize>(id + 1) * 2 * sizeof<usize>(), <usize>socketTableSize * sizeof<usize>());
    memory.fill(socketTable + <usize>socketTableSize * sizeof<usize>(), 0, <usize>((id + 1) * 2 - socketTableSize) * sizeof<usize>());
    socketTableSize = (id + 1) * 2;
  }
  store<usize>(socketTable + <usize>id * sizeof<usize>(), changetype<usize>(socket));
}

export function registerServer(id: u32, server: Server): void {
  if (<i32>id >= serversById.length) serversById.length = <i32>id + 1;
  serversById[id] = server;
  if (id >= serverTableSize) {
    serverTable = grown(serverTable, <usize>(id + 1) * 2 * sizeof<usize>(), <usize>serverTableSize * sizeof<usize>());
    memory.fill(serverTable + <usize>serverTableSize * sizeof<usize>(), 0, <usize>((id + 1) * 2 - serverTableSize) * sizeof<usize>());
    serverTableSize = (id + 1) * 2;
  }
  store<usize>(serverTable + <usize>id * sizeof<usize>(), changetype<usize>(server));
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
      const server = id < serverTableSize ? load<usize>(serverTable + <usize>id * sizeof<usize>()) : 0;
      if (server) changetype<Server>(server).onRecord(op, a, b);
      continue;
    }
    const socket = id < socketTableSize ? load<usize>(socketTable + <usize>id * sizeof<usize>()) : 0;
    if (!socket) continue;
    if (op == <u32>OP_CLOSED) {
      // the id may be reused from now on (even by a socket its 'close' listener opens); kept
      // alive through its 'close', then as long as the user holds it
      store<usize>(socketTable + <usize>id * sizeof<usize>(), 0);
      unchecked(socketsById[id] = null);
      closing = changetype<Socket>(socket);
      changetype<Socket>(socket).onRecord(op, a, b);
      closing = null;
      continue;
    }
    changetype<Socket>(socket).onRecord(op, a, b);
  }
  draining = false;
}

// ---- the wait list ------------------------------------------------------------------------
// One entry per open handle: the handle, its interest (0: none for now), its owner (a Socket
// or Server, as an address: the owner is kept alive by socketsById / serversById while it has
// an entry) and the owner's kind. An entry given up is blanked (owner 0) and the list is
// compacted before the next sys_wait, so entries never move while ready handles are handed out.

let waitHandles: usize = 0;
let waitInterests: usize = 0;
let waitOwners: usize = 0;
let waitKinds: usize = 0; //   1: a Server
let waitReady: usize = 0;
let waitCount: i32 = 0;
let waitCapacity: i32 = 0;
let waitBlanks: i32 = 0;
let waitInterested: i32 = 0; // entries with a non-zero interest

function reserve(count: i32): void {
  if (count <= waitCapacity) return;
  const capacity = max(count, max(waitCapacity * 2, 64));
  waitHandles = grown(waitHandles, <usize>capacity << 2, <usize>waitCount << 2);
  waitOwners = grown(waitOwners, <usize>capacity * sizeof<usize>(), <usize>waitCount * sizeof<usize>());
  waitInterests = grown(waitInterests, <usize>capacity, <usize>waitCount);
  waitKinds = grown(waitKinds, <usize>capacity, <usize>waitCount);
  if (waitReady) heap.free(waitReady);
  waitReady = heap.alloc(<usize>capacity);
  waitCapacity = capacity;
}

function grown(block: usize, size: usize, used: usize): usize {
  const bigger = heap.alloc(size);
  if (block) { memory.copy(bigger, block, used); heap.free(block); }
  return bigger;
}

/** Puts `handle` in the wait list (at `slot`, or a new entry when `slot` < 0) with `interest`
 *  (1 readable / accept, 2 writable / connected); returns the entry's slot. */
export function watch(owner: usize, isServer: bool, handle: i32, slot: i32, interest: u8): i32 {
  if (slot < 0) {
    reserve(waitCount + 1);
    slot = waitCount++;
    store<i32>(waitHandles + (<usize>slot << 2), handle);
    store<usize>(waitOwners + <usize>slot * sizeof<usize>(), owner);
    store<u8>(waitKinds + <usize>slot, isServer ? 1 : 0);
    store<u8>(waitInterests + <usize>slot, 0);
  }
  const before = load<u8>(waitInterests + <usize>slot);
  if ((before != 0) != (interest != 0)) waitInterested += interest ? 1 : -1;
  store<u8>(waitInterests + <usize>slot, interest);
  return slot;
}

/** Takes the entry at `slot` out of the wait list (its handle is being closed). */
export function unwatch(slot: i32): void {
  if (slot < 0) return;
  watch(0, false, 0, slot, 0);
  store<i32>(waitHandles + (<usize>slot << 2), 0);
  store<usize>(waitOwners + <usize>slot * sizeof<usize>(), 0);
  waitBlanks++;
}

function compact(): void {
  let to = 0;
  for (let from = 0; from < waitCount; from++) {
    const owner = load<usize>(waitOwners + <usize>from * sizeof<usize>());
    if (!owner) continue;
    if (to != from) {
      store<i32>(waitHandles + (<usize>to << 2), load<i32>(waitHandles + (<usize>from << 2)));
      store<usize>(waitOwners + <usize>to * sizeof<usize>(), owner);
      store<u8>(waitInterests + <usize>to, load<u8>(waitInterests + <usize>from));
      const kind = load<u8>(waitKinds + <usize>from);
      store<u8>(waitKinds + <usize>to, kind);
      if (kind) changetype<Server>(owner).waitSlot = to;
      else changetype<Socket>(owner).waitSlot = to;
    }
    to++;
  }
  waitCount = to;
  waitBlanks = 0;
}

// ---- work that needs no waiting, and timers ---------------------------------------------

let work = new Array<Socket>();
let working = new Array<Socket>();
let workCount: i32 = 0; // work.length, without a call
let armedTimers: i32 = 0;
let timedSockets: i32 = 0; // sockets with an idle timeout set

/** `socket` has something to do on the loop's next turn (Socket.work). */
export function queueWork(socket: Socket): void {
  work.push(socket);
  workCount++;
}

/** A socket's timer was armed (+1) or disarmed (-1). */
export function timerArmed(change: i32): void {
  armedTimers += change;
}

/** A socket's idle timeout was set (+1) or cleared (-1). */
export function idleTimeoutSet(change: i32): void {
  timedSockets += change;
}

function runWork(): void {
  for (let round = 0; round < 64 && workCount; round++) {
    const batch = work;
    const n = workCount;
    work = working;
    working = batch;
    workCount = 0;
    for (let i = 0; i < n; i++) unchecked(batch[i]).work();
    batch.length = 0;
  }
}

/** Runs until no socket, listener or timer is left; garbage is collected between turns. */
export function run(): void {
  tick();
  while (turn()) collectGarbage();
}

/** One turn of the loop: hands out the queued records, does the work that needs no waiting,
 *  waits (up to the nearest timer) for the transports, feeds the core what they did and fires
 *  due timers. Answers false, without waiting, when no socket, listener or timer is left.
 *  (A host that drives the loop itself calls collectGarbage() between turns, as run() does.) */
export function turn(): bool {
  const header = queue_header();
  if (load<u32>(header, 8) < load<u32>(header, 4)) drain();
  if (workCount) runWork();
  const deadline = armedTimers > 0 ? nearestDeadline() : Infinity;
  if (waitInterested == 0 && deadline == Infinity && workCount == 0) return false;
  if (waitBlanks) compact();
  const count = waitCount;
  const timeout = workCount ? 0 : deadline == Infinity ? -1 : <i32>Math.max(0, Math.ceil(deadline - clock));
  const ready = sys_wait(waitHandles, waitInterests, count, timeout, waitReady);
  if (timedSockets > 0 || armedTimers > 0) tick();
  if (ready > 0) {
    let left = ready; // the scan stops at the last ready entry
    for (let k = 0; k < count; k++) {
      const bits = load<u8>(waitReady + <usize>k);
      if (!bits) continue;
      const owner = load<usize>(waitOwners + <usize>k * sizeof<usize>());
      if (owner) { // else closed by a handler since the wait
        if (load<u8>(waitKinds + <usize>k)) changetype<Server>(owner).onReady();
        else changetype<Socket>(owner).onReady(bits);
      }
      if (--left == 0) break;
    }
  }
  if (armedTimers > 0) fireTimers();
  return true;
}

function nearestDeadline(): f64 {
  let deadline = Infinity;
  for (let i = 0, n = socketsById.length; i < n; i++) {
    const s = unchecked(socketsById[i]);
    if (s && s.deadline > 0 && s.deadline < deadline) deadline = s.deadline;
  }
  return deadline;
}

function fireTimers(): void {
  for (let i = 0; i < socketsById.length; i++) {
    const s = unchecked(socketsById[i]);
    if (s && s.deadline > 0 && s.deadline <= clock) s.fireTimer();
  }
}
