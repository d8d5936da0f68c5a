// The one core of this process, and the routing of its records to Socket and Server objects.
//
// Timing, as in node:net: actions (transport calls) run at once; user events are emitted in
// order in one batch on the next tick, so a listener attached right after a call still sees
// the events the call caused, and a callback queued by the call comes first; 'close' is
// emitted after the tick's events (Node emits it once the handle has closed).

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

/** Hands the queued records to their objects: after every input, user call or I/O. */
export function drain(): void {
  core.drain(dispatch);
}

let batch: (() => void)[] | null = null;

/** Emits a user event on the next tick, after the ones before it. */
export function deliver(emit: () => void): void {
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
