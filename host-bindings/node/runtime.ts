// The one core of this process, and the routing of its records to Socket and Server objects.
//
// Timing: Node emits the events that follow a user's call ('close' after destroy(), 'error'
// after a refused write, server 'close' after close()) on a later tick, and the events that
// follow I/O at once. So records drained after a user call are delivered with
// process.nextTick (in order), and records drained after a transport callback at once.
// Actions (transport calls) always run at once.

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
let deferring = false;

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

function drain(deferEvents: boolean): void {
  const outer = deferring;
  deferring = deferEvents;
  try {
    core.drain(dispatch);
  } finally {
    deferring = outer;
  }
}

/** Drain after a call the user made (events go out on the next tick). */
export const drainAfterCall = (): void => drain(true);

/** Drain after a transport callback (events go out now). */
export const drainAfterIO = (): void => drain(false);

/** Emits a user event now or on the next tick, following the rule above. */
export function deliver(fn: () => void): void {
  if (deferring) process.nextTick(fn);
  else fn();
}
