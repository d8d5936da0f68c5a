// Routing the core's records to a host's Socket and Server objects, and timing their events
// as node:net does. Every JavaScript host shares it; each passes its event-loop primitives.
//
// Timing: actions (transport calls) run at once. User events caused by I/O are emitted at
// once, inside the transport's callback, as Node emits 'data'. User events caused by a user's
// call are emitted in order in one batch on the next tick, so a listener attached right after
// the call still sees them and a callback queued by the call comes first; once a user call
// happens inside an I/O dispatch, the rest of that dispatch goes to the batch too, keeping the
// order. A socket's 'close' is emitted once the platform's handle has closed (SocketShell), as
// node:net's is (one that never had a handle: with the tick's events); a server's, after the
// tick's events (deliverClose).

import type { Core } from "./core";
import { OP_UNLISTEN, OP_CLOSED } from "../../assembly/abi";

export interface RecordTarget {
  onRecord(op: number, a: number, b: number, id: number): void;
}

export interface EventLoop {
  nextTick(run: (events: (() => void)[]) => void, events: (() => void)[]): void;
  setImmediate(run: () => void): void;
}

export class Router {
  private readonly sockets: (RecordTarget | undefined)[] = [];
  private readonly servers: (RecordTarget | undefined)[] = [];
  private emitNow = false;
  private batch: (() => void)[] | null = null;
  private readonly dispatch: (op: number, id: number, a: number, b: number) => void;
  private readonly runBatch: (events: (() => void)[]) => void;

  constructor(readonly core: Core, private readonly loop: EventLoop) {
    const sockets = this.sockets, servers = this.servers;
    this.dispatch = function (op, id, a, b) {
      if (op >= OP_UNLISTEN) {
        const server = servers[id];
        if (server) server.onRecord(op, a, b, id);
        return;
      }
      const target = sockets[id];
      if (op === OP_CLOSED) sockets[id] = undefined; // the id may be reused from now on
      if (target) target.onRecord(op, a, b, id);
    };
    const self = this;
    this.runBatch = function (events) {
      if (self.batch === events) self.batch = null;
      for (let i = 0; i < events.length; i++) events[i]();
    };
  }

  registerSocket(id: number, target: RecordTarget): void { this.sockets[id] = target; }
  socketById(id: number): RecordTarget | undefined { return this.sockets[id]; }
  registerServer(id: number, target: RecordTarget): void { this.servers[id] = target; }

  /** Hands the queued records to their objects, after a user's call. */
  drain(): void {
    this.emitNow = false; // also ends an I/O dispatch's "at once" (see above)
    this.core.drain(this.dispatch);
  }

  /** Hands the queued records to their objects, from a transport's callback. */
  drainIO(): void {
    this.emitNow = true;
    try {
      this.core.drain(this.dispatch);
    } finally {
      this.emitNow = false;
    }
  }

  /** True when a user event would be emitted at once (see above): a hot path can then emit it
   *  without making a closure for deliver(). */
  get immediate(): boolean {
    return this.emitNow && !this.batch;
  }

  /** Emits a user event now or on the next tick, after the ones before it (see above). */
  deliver(emit: () => void): void {
    if (this.emitNow && !this.batch) return emit();
    if (!this.batch) {
      this.batch = [];
      this.loop.nextTick(this.runBatch, this.batch);
    }
    this.batch.push(emit);
  }

  /** Emits an event from a platform callback: now, or after the events still waiting for
   *  this tick's batch. */
  emitAfterBatch(emit: () => void): void {
    if (this.batch) this.batch.push(emit);
    else emit();
  }

  /** Emits a 'close' event once this tick's events are out. */
  deliverClose(emit: () => void): void {
    const loop = this.loop;
    this.deliver(function () { loop.setImmediate(emit); });
  }
}
