// Ids for sockets and servers: an index into a table of record addresses.
//
// Id 0 is never used. A free entry holds an odd number (a chain of free ids: next << 1 | 1),
// so lookups of a free id answer 0 and a stale id can never reach a record. A closed
// record's id is retired at once: `get` (for inputs) answers 0, while `peek` (for queries)
// still finds the record until the host has consumed the queue; only then is the id reused,
// so no record still in the queue can name a new owner of its id.

import { ensureRoom } from "./memory";

const NONE: u32 = 0;
const RETIRED: u32 = 2; // records are 16-aligned: bit 1 of a live entry is free to mark retirement

// Unmanaged: these records live for ever, and a guest built with AssemblyScript's incremental
// runtime would otherwise keep each `this` on its shadow stack in every call (the WASI guests'
// minimal runtime keeps no shadow stack).
@unmanaged export class Slots {
  table: usize = 0;
  next: u32 = 1; // first id never handed out
  free: u32 = NONE; // chain of reusable ids
  retired: usize = 0; // block of ids to reuse after the queue drains
  retiredCount: u32 = 0;
  live: u32 = 0;

  /** The record behind a live `id`, or 0. */
  get(id: u32): usize {
    if (id == 0 || id >= this.next) return 0;
    const entry = this.entry(id);
    return entry & (1 | RETIRED) ? 0 : entry;
  }

  /** The record behind a live or retired `id` (its last state), or 0. */
  peek(id: u32): usize {
    if (id == 0 || id >= this.next) return 0;
    const entry = load<u32>(this.table + (<usize>id << 2));
    return entry & 1 ? 0 : entry & ~RETIRED;
  }

  /** A fresh id for `record`. */
  add(record: usize): u32 {
    let id = this.free;
    if (id != NONE) {
      this.free = this.entry(id) >> 1;
    } else {
      id = this.next++;
      this.table = ensureRoom(this.table, <usize>id << 2, 4);
    }
    this.set(id, <u32>record);
    this.live++;
    return id;
  }

  /** Makes `id` answer 0 to `get` now and parks it for reuse; returns the record. */
  retire(id: u32): usize {
    const record = this.get(id);
    if (!record) return 0;
    this.set(id, <u32>record | RETIRED);
    const bytes = <usize>this.retiredCount << 2;
    this.retired = ensureRoom(this.retired, bytes, 4);
    store<u32>(this.retired + bytes, id);
    this.retiredCount++;
    this.live--;
    return record;
  }

  releaseRetired(): void {
    for (let i: u32 = 0; i < this.retiredCount; i++) {
      const id = load<u32>(this.retired + (<usize>i << 2));
      this.set(id, (this.free << 1) | 1);
      this.free = id;
    }
    this.retiredCount = 0;
  }

  private entry(id: u32): u32 { return load<u32>(this.table + (<usize>id << 2)); }
  private set(id: u32, value: u32): void { store<u32>(this.table + (<usize>id << 2), value); }
}

export const sockets = new Slots();
export const servers = new Slots();

export function releaseDeferredIds(): void {
  if (sockets.retiredCount) sockets.releaseRetired();
  if (servers.retiredCount) servers.releaseRetired();
}
