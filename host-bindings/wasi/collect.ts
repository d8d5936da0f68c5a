// When the guest collects its garbage.
//
// Guests are built with AssemblyScript's minimal runtime (bin/wasi-build.mjs): a mark-and-sweep
// collector that runs only when called, and that sees only what globals reach, not what a
// function's locals hold (it keeps no shadow stack of them; that bookkeeping, in every call that
// holds an object, was 15% of an echo's round trip in WasmEdge's interpreter and 10% in WAMR's).
// So collection runs between the loop's turns (run() calls collectGarbage()), where nothing of the
// program is on the stack but the function that called run(): a program keeps what it needs
// across run() in top-level variables, as the examples do, or in its servers, sockets and handlers.
//
// How often: the runtime counts no allocation a program can read, but its allocator (TLSF) keeps
// a bitmap of the size classes that hold a free block. After a collection the largest free block
// is mostly the heap's free tail, and new objects eat into it. We collect again once that block's
// class has dropped (about half of it used), or once the heap has grown (what was allocated no
// longer fitted). So the garbage left between collections stays below the free space left by the
// last one, and the heap grows only with what is live. Each check is two loads and a count of
// leading zeros; a turn that allocates nothing never collects.

import { ROOT } from "rt/tlsf";

// TLSF's first-level class of a block of s bytes is log2(s) - 7 (s ≥ 256): below 5 (4 KiB) the
// largest free block is too small to pace by; the heap's growth paces collection then.
const MIN_CLASS: i32 = 5;

let pagesAtCollection: i32 = 0;
let classAtCollection: i32 = -1;

/** The first-level class of the largest free block (-1: none). */
function largestFreeClass(): i32 {
  const root = changetype<usize>(ROOT);
  return root ? 31 - <i32>clz<u32>(load<u32>(root)) : -1; // (Root's first field: the first-level bitmap)
}

/** Collects garbage if due (see above). Call it only where no object the program still needs is
 *  held by a local alone: between turns of the loop. */
export function collectGarbage(): void {
  if (ASC_RUNTIME != 1) return; // (the incremental runtime collects by itself; the stub never)
  const grew = memory.size() != pagesAtCollection;
  if (!grew && (classAtCollection < MIN_CLASS || largestFreeClass() >= classAtCollection)) return;
  __collect();
  pagesAtCollection = memory.size();
  classAtCollection = largestFreeClass();
}
