import { queue_header, push, beginInput } from "../../assembly/queue";

describe("output queue", () => {
  test("records are appended in order and survive growth", () => {
    beginInput();
    const h = queue_header();
    const start = load<u32>(h, 4);
    for (let i: u32 = 0; i < 1000; i++) push(100, i, i * 2, i * 3);
    const base = load<u32>(h);
    expect(load<u32>(h, 4)).toBe(start + 16000);
    const last = <usize>(base + start + 999 * 16);
    expect(load<u32>(last)).toBe(100);
    expect(load<u32>(last, 4)).toBe(999);
    expect(load<u32>(last, 12)).toBe(2997);
  });
  test("a fully consumed queue restarts at offset 0 on the next input", () => {
    const h = queue_header();
    store<u32>(h, load<u32>(h, 4), 8); // the host consumed everything
    beginInput();
    expect(load<u32>(h, 4)).toBe(0);
    expect(load<u32>(h, 8)).toBe(0);
  });
  test("a partly consumed queue keeps its records", () => {
    beginInput();
    const h = queue_header();
    push(1, 1);
    push(2, 2);
    store<u32>(h, 16, 8);
    beginInput();
    expect(load<u32>(h, 4)).toBe(32);
  });
});
