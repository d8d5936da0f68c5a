// The exports a WASI 0.2 component's core module needs besides memory: the canonical ABI's
// allocator (the host calls it for every list it returns). Compiled as a second entry file
// next to the program, with component.ts as --lib. (wasi:cli/run's `run` is the program's
// start function, exported under its WIT name by build/wasi.mjs.)

export function cabi_realloc(old: usize, oldSize: usize, align: usize, size: usize): usize {
  return component_realloc(old, oldSize, align, size);
}
