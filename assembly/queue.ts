// The output queue: records the core appends and the host drains.
//
// A record is four u32: op, id, a, b (see abi.ts). The queue's header, at the address
// `queue_header()` returns, is four u32 the host reads and writes directly:
//
//   [0] base      address of the first record (moves when the queue grows)
//   [1] length    bytes of records appended (core writes)
//   [2] consumed  bytes of records the host has taken (host writes)
//   [3] reply     the address answered by the last socket_write / socket_handle_read that
//                 asked the host to copy bytes into the core (core writes)
//
// The host drains with: while consumed < length { read the record at base + consumed;
// consumed += 16; store consumed; act on it }. It stores `consumed` before acting, so an
// input the action makes (the user writing from a 'data' handler) sees the progress; it
// re-reads base and length after every call into the core.
//
// At the start of every input, if the host has consumed everything, the queue restarts
// at offset 0 and the blocks and ids parked for release are freed: no record points at
// them any more.

import { alloc, grow, capacity, releaseDeferred } from "./memory";
import { releaseDeferredIds } from "./slots";

const header = memory.data(16, 16);
const INITIAL_BYTES: usize = 1024;

@inline function base(): usize { return load<u32>(header); }
@inline function length(): u32 { return load<u32>(header, 4); }
@inline function consumed(): u32 { return load<u32>(header, 8); }

/** Where the queue header lives (constant for the life of the module). */
export function queue_header(): usize {
  return header;
}

// (the queue's first block, taken at instantiation rather than tested for at every input)
store<u32>(header, <u32>alloc(INITIAL_BYTES));

/** Called at the start of every input (inlined: a call costs an interpreter more than the test). */
// @ts-ignore: decorator
@inline export function beginInput(): void {
  if (consumed() == length()) restart();
}

/** The host has consumed every record: the queue starts again at offset 0, and the blocks and ids
 *  parked for release are freed. */
function restart(): void {
  store<u32>(header, 0, 4);
  store<u32>(header, 0, 8);
  releaseDeferred();
  releaseDeferredIds();
}

/** Tells the host where to copy the bytes of the current write or read. */
export function reply(address: usize): void {
  store<u32>(header, <u32>address, 12);
}

export function push(op: u32, id: u32, a: u32 = 0, b: u32 = 0): void {
  let at = base();
  const used = length();
  if (<usize>used + 16 > capacity(at)) {
    at = grow(at, used, <usize>used << 1);
    store<u32>(header, <u32>at);
  }
  const r = at + used;
  store<u32>(r, op);
  store<u32>(r, id, 4);
  store<u32>(r, a, 8);
  store<u32>(r, b, 12);
  store<u32>(header, used + 16, 4);
}
