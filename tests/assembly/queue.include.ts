// Helpers for specs: take the records the core queued since the last call, as text.
import { queue_header } from "../../assembly/queue";

const NAMES = new Map<u32, string>();
NAMES.set(1, "read_start"); NAMES.set(2, "read_stop"); NAMES.set(3, "send"); NAMES.set(4, "shutdown");
NAMES.set(5, "close"); NAMES.set(6, "timer_start"); NAMES.set(7, "timer_stop");
NAMES.set(16, "connect"); NAMES.set(17, "data"); NAMES.set(18, "end"); NAMES.set(19, "finish");
NAMES.set(20, "drain"); NAMES.set(21, "timeout"); NAMES.set(22, "write_done"); NAMES.set(23, "error");
NAMES.set(24, "closed"); NAMES.set(32, "unlisten"); NAMES.set(33, "listening"); NAMES.set(34, "connection");
NAMES.set(35, "drop"); NAMES.set(36, "server_error"); NAMES.set(37, "server_closed");

/** Every record not yet taken, as "op id a b", and marks them taken (as a host would). */
export function take(): string[] {
  const h = queue_header();
  const base = load<u32>(h);
  const length = load<u32>(h, 4);
  const out: string[] = [];
  for (let at = load<u32>(h, 8); at < length; at += 16) {
    const r = <usize>(base + at);
    const op = load<u32>(r);
    out.push(NAMES.get(op) + " " + load<u32>(r, 4).toString() + " " + load<u32>(r, 8).toString() + " " + load<u32>(r, 12).toString());
  }
  store<u32>(h, length, 8);
  return out;
}

/** Just the op names of the records not yet taken. */
export function ops(): string {
  const all = take();
  const names: string[] = [];
  for (let i = 0; i < all.length; i++) names.push(all[i].split(" ")[0]);
  return names.join(",");
}
