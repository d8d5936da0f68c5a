import { alloc, capacity, release, defer, releaseDeferred, memory_reserved } from "../../assembly/memory";

describe("memory pool", () => {
  test("blocks are 16-aligned and hold what was asked", () => {
    const a = alloc(1);
    const b = alloc(100);
    expect(a & 15).toBe(0);
    expect(b & 15).toBe(0);
    expect(capacity(a)).toBeGreaterThanOrEqual(1);
    expect(capacity(b)).toBeGreaterThanOrEqual(100);
  });
  test("a released block is reused by the next allocation of its class", () => {
    const a = alloc(40);
    release(a);
    const before = memory_reserved();
    expect(alloc(40)).toBe(a);
    expect(memory_reserved()).toBe(before);
  });
  test("a deferred block is not reused until releaseDeferred", () => {
    const a = alloc(200);
    defer(a);
    const b = alloc(200);
    expect(b).not.toBe(a);
    releaseDeferred();
    expect(alloc(200)).toBe(a);
  });
  test("zeroed blocks are zero even when reused", () => {
    const a = alloc(64);
    store<u64>(a, 0xffffffffffffffff);
    release(a);
    const b = alloc(64, true);
    expect(b).toBe(a);
    expect(load<u64>(b)).toBe(0);
  });
});
