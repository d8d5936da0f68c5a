// The one core of this process and its record router (../router.ts: records to Socket and
// Server objects, with node:net's event timing), under the names the Node host uses.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCore } from "../core";
import { Router, type RecordTarget } from "../router";

declare const __dirname: string;
export const core = loadCore(readFileSync(join(__dirname, "..", "net.wasm")));
export const wasm = core.exports;

const router = new Router(core, {
  nextTick: (run, events) => process.nextTick(run, events),
  setImmediate: (run) => { setImmediate(run); },
});

export const registerSocket = (id: number, target: RecordTarget): void => router.registerSocket(id, target);
export const socketById = (id: number): RecordTarget | undefined => router.socketById(id);
export const registerServer = (id: number, target: RecordTarget): void => router.registerServer(id, target);
/** Hands the queued records to their objects, after a user's call. */
export const drain = (): void => router.drain();
/** Hands the queued records to their objects, from a transport's callback. */
export const drainIO = (): void => router.drainIO();
/** Emits a user event now or on the next tick (see ../router.ts). */
export const deliver = (emit: () => void): void => router.deliver(emit);
/** Emits a 'close' event once this tick's events are out. */
export const deliverClose = (emit: () => void): void => router.deliverClose(emit);

export const now = (): number => performance.now();
