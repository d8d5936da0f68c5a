// The one core of this process, and the routing of its records to Socket and Server objects.
//
// Timing, as in node:net: actions (transport calls) run at once. User events caused by I/O
// are emitted at once, inside the transport's callback, as Node emits 'data'. User events
// caused by a user's call are emitted in order in one batch on the next tick, so a listener
// attached right after the call still sees them and a callback queued by the call comes
// first; once a user call happens inside an I/O dispatch, the rest of that dispatch goes to
// the batch too, keeping the order. 'close' is emitted after the tick's events (Node emits it
// once the handle has closed).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCore } from "../core";
import { OP_UNLISTEN, OP_CLOSED } from "../../assembly/abi";

export interface RecordTarget {
  onRecord(op: number, a: number, b: number): void;
}

declare const __dirname: string;
export const core = loadCore(readFileSync(join(__dirname, "..", "net.wasm")));
export const wasm = core.exports;

const sockets: (RecordTarget | undefined)[] = [];
const servers: (RecordTarget | undefined)[] = [];

export function registerSocket(id: number, target: RecordTarget): void {
  sockets[id] = target;
}

export function socketById(id: number): RecordTarget | undefined {
  return sockets[id];
}

export function registerServer(id: number, target: RecordTarget): void {
  servers[id] = target;
}

export const now = (): number => performance.now();

function dispatch(op: number, id: number, a: number, b: number): void {
  if (op >= OP_UNLISTEN) {
    servers[id]?.onRecord(op, a, b);
  } else {
    const target = sockets[id];
    if (op === OP_CLOSED) sockets[id] = undefined; // the id may be reused from now on
    target?.onRecord(op, a, b);
  }
}

let emitNow = false;

/** Hands the queued records to their objects, after a user's call. */
export function drain(): void {
  emitNow = false; // also ends an I/O dispatch's "at once" (see above)
  core.drain(dispatch);
}

/** Hands the queued records to their objects, from a transport's callback. */
export function drainIO(): void {
  emitNow = true;
  try {
    core.drain(dispatch);
  } finally {
    emitNow = false;
  }
}

let batch: (() => void)[] | null = null;

/** Emits a user event now or on the next tick, after the ones before it (see above). */
export function deliver(emit: () => void): void {
  if (emitNow && !batch) return emit();
  if (!batch) {
    const events: (() => void)[] = (batch = []);
    process.nextTick(() => {
      if (batch === events) batch = null;
      for (const event of events) event();
    });
  }
  batch.push(emit);
}

/** Emits a 'close' event once this tick's events are out. */
export function deliverClose(emit: () => void): void {
  deliver(() => setImmediate(emit));
}
