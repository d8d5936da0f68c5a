// Blocks of linear memory for the core: power-of-two size classes with a free list each.
//
// The module is built with the stub runtime, which only bumps a pointer and never frees.
// Every block the core uses comes from here, and a released block goes back to the free
// list of its class, so memory freed by closed connections is reused and the module's
// memory stops growing once the largest working set has been seen.
//
// Releasing is deferred where a record in the output queue may still point into a block:
// `defer()` parks it, and `releaseDeferred()` (called when the host has consumed every
// record) returns it to its free list.

const HEADER = 8; // [class: u32][next: u32] before the data of every block
const MIN_CLASS = 4; // 16 bytes
const MAX_CLASS = 30;

const freeLists = new StaticArray<usize>(MAX_CLASS + 1);
let deferred: usize = 0;
let reserved: usize = 0;

function classOf(size: usize): u32 {
  const need = max<usize>(size + HEADER, 1 << MIN_CLASS);
  return 32 - clz<u32>(<u32>need - 1);
}

/** A block of at least `size` bytes (zeroed if asked); its data address is 16-aligned. */
export function alloc(size: usize, zeroed: bool = false): usize {
  const cls = classOf(size);
  let block = unchecked(freeLists[cls]);
  if (block) {
    unchecked(freeLists[cls] = load<u32>(block, 4));
  } else {
    // heap.alloc aligns data to 16 after its own 4-byte header: padding 8 keeps ours aligned too.
    block = heap.alloc((<usize>1 << cls) + 8) + 8;
    store<u32>(block, cls);
    reserved += (<usize>1 << cls) + 8;
  }
  const data = block + HEADER;
  if (zeroed) memory.fill(data, 0, capacity(data));
  return data;
}

/** Bytes this pool has taken from the heap (in use or on a free list): the core's footprint. */
export function memory_reserved(): usize {
  return reserved;
}

/** How many bytes the block at `data` can hold. */
export function capacity(data: usize): usize {
  return (<usize>1 << load<u32>(data - HEADER)) - HEADER;
}

/** Returns a block to its free list at once: no record may point into it. */
export function release(data: usize): void {
  if (!data) return;
  const block = data - HEADER;
  const cls = load<u32>(block);
  store<u32>(block, unchecked(freeLists[cls]), 4);
  unchecked(freeLists[cls] = block);
}

/** Releases a block once the host has consumed the records that may point into it. */
export function defer(data: usize): void {
  if (!data) return;
  store<u32>(data - HEADER, <u32>deferred, 4);
  deferred = data;
}

export function releaseDeferred(): void {
  while (deferred) {
    const data = deferred;
    deferred = load<u32>(data - HEADER, 4);
    release(data);
  }
}

/** `data` if it has room for `extra` bytes after its first `used`, else a block twice as big
 *  (at least) holding those `used` bytes; the old one is deferred. `data` may be 0. */
export function ensureRoom(data: usize, used: usize, extra: usize): usize {
  const need = used + extra;
  if (data && need <= capacity(data)) return data;
  return grow(data, used, max<usize>(need, used << 1));
}

/** A bigger block holding the first `used` bytes of `data`, which is deferred. */
export function grow(data: usize, used: usize, size: usize): usize {
  const bigger = alloc(size);
  if (data) {
    memory.copy(bigger, data, used);
    defer(data);
  }
  return bigger;
}
