// sys_resolve alone, for tests/wasi/resolvers.test.mjs: resolve(0) looks up "localhost",
// resolve(1) "nowhere.invalid"; the address lands at address(). Built with an ABI file as --lib.
const out = memory.data(16, 8);

export function resolve(which: i32): i32 {
  return sys_resolve(which == 0 ? "localhost" : "nowhere.invalid", out);
}

export function address(): usize {
  return out;
}
