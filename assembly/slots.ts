// Ids for sockets and servers: an index into a table of record addresses.
//
// Id 0 is never used. A free entry holds an odd number (a chain of free ids: next << 1 | 1),
// so lookups of a free or retired id answer 0 and a stale id can never reach a record.
// A closed record's id is retired at once (lookups fail) but only reused after the host has
// consumed the queue, so no record still in the queue can name a new owner of its id.

import { alloc, release } from "./memory";

const NONE: u32 = 0;

export class Slots {
  table: usize = 0;
  capacity: u32 = 0;
  next: u32 = 1; // first id never handed out
  free: u32 = NONE; // chain of reusable ids
  retired: u32 = NONE; // chain of ids to reuse after the queue drains
  live: u32 = 0;

  /** The record behind `id`, or 0. */
  get(id: u32): usize {
    if (id == 0 || id >= this.next) return 0;
    const entry = load<u32>(this.table + (<usize>id << 2));
    return entry & 1 ? 0 : entry;
  }

  /** A fresh id for `record`. */
  add(record: usize): u32 {
    let id = this.free;
    if (id != NONE) {
      this.free = this.entry(id) >> 1;
    } else {
      id = this.next++;
      if (id >= this.capacity) this.widen();
    }
    this.set(id, <u32>record);
    this.live++;
    return id;
  }

  /** Makes `id` answer 0 now and parks it for reuse; returns the record to free. */
  retire(id: u32): usize {
    const record = this.get(id);
    if (!record) return 0;
    this.set(id, (this.retired << 1) | 1);
    this.retired = id;
    this.live--;
    return record;
  }

  releaseRetired(): void {
    while (this.retired != NONE) {
      const id = this.retired;
      this.retired = this.entry(id) >> 1;
      this.set(id, (this.free << 1) | 1);
      this.free = id;
    }
  }

  private entry(id: u32): u32 { return load<u32>(this.table + (<usize>id << 2)); }
  private set(id: u32, value: u32): void { store<u32>(this.table + (<usize>id << 2), value); }

  private widen(): void {
    const capacity = max<u32>(16, this.capacity << 1);
    const table = alloc(<usize>capacity << 2, true);
    if (this.table) {
      memory.copy(table, this.table, <usize>this.capacity << 2);
      release(this.table);
    }
    this.table = table;
    this.capacity = capacity;
  }
}

export const sockets = new Slots();
export const servers = new Slots();

export function releaseDeferredIds(): void {
  sockets.releaseRetired();
  servers.releaseRetired();
}
