// Helpers for specs: take the records the core queued since the last call, as text.
import { queue_header } from "../../assembly/queue";
import {
  OP_READ_START, OP_READ_STOP, OP_SEND, OP_SHUTDOWN, OP_CLOSE, OP_TIMER_START, OP_TIMER_STOP, OP_AFTER_END, OP_AFTER_WRITE,
  OP_NO_DELAY, OP_KEEP_ALIVE, OP_CONNECT, OP_DATA, OP_END, OP_FINISH, OP_DRAIN, OP_TIMEOUT, OP_WRITE_DONE,
  OP_ERROR, OP_CLOSED, OP_END_DONE, OP_UNLISTEN, OP_LISTENING, OP_CONNECTION, OP_DROP, OP_SERVER_ERROR,
  OP_SERVER_CLOSED,
} from "../../assembly/abi";

const NAMES = new Map<u32, string>();
NAMES.set(OP_READ_START, "read_start"); NAMES.set(OP_READ_STOP, "read_stop"); NAMES.set(OP_SEND, "send");
NAMES.set(OP_SHUTDOWN, "shutdown"); NAMES.set(OP_CLOSE, "close"); NAMES.set(OP_TIMER_START, "timer_start");
NAMES.set(OP_TIMER_STOP, "timer_stop"); NAMES.set(OP_AFTER_END, "after_end"); NAMES.set(OP_AFTER_WRITE, "after_write"); NAMES.set(OP_NO_DELAY, "no_delay");
NAMES.set(OP_KEEP_ALIVE, "keep_alive"); NAMES.set(OP_CONNECT, "connect"); NAMES.set(OP_DATA, "data");
NAMES.set(OP_END, "end"); NAMES.set(OP_FINISH, "finish"); NAMES.set(OP_DRAIN, "drain"); NAMES.set(OP_TIMEOUT, "timeout");
NAMES.set(OP_WRITE_DONE, "write_done"); NAMES.set(OP_ERROR, "error"); NAMES.set(OP_CLOSED, "closed");
NAMES.set(OP_END_DONE, "end_done"); NAMES.set(OP_UNLISTEN, "unlisten"); NAMES.set(OP_LISTENING, "listening");
NAMES.set(OP_CONNECTION, "connection"); NAMES.set(OP_DROP, "drop"); NAMES.set(OP_SERVER_ERROR, "server_error");
NAMES.set(OP_SERVER_CLOSED, "server_closed");

/** Every record not yet taken, as "op id a b", and marks them taken (as a host would). */
export function take(): string[] {
  const h = queue_header();
  const base = load<u32>(h);
  const length = load<u32>(h, 4);
  const out: string[] = [];
  for (let at = load<u32>(h, 8); at < length; at += 16) {
    const r = <usize>(base + at);
    const op = load<u32>(r);
    const name = NAMES.has(op) ? NAMES.get(op) : "op" + op.toString(); // an unknown op shows, not traps
    out.push(name + " " + load<u32>(r, 4).toString() + " " + load<u32>(r, 8).toString() + " " + load<u32>(r, 12).toString());
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
