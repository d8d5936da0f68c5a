// Helpers for socket specs.
import { socket_open, socket_connect, socket_handle_connected } from "../../assembly/socket";
import { queue_header } from "../../assembly/queue";
import { take } from "./queue.include";

/** A socket whose transport is open, its records taken. */
export function connected(flags: u32 = 0): u32 {
  const id = socket_open(flags);
  socket_connect(id, 0);
  socket_handle_connected(id, 0);
  take();
  return id;
}

/** Where the last WRITE_COPY / READ_COPY answer asked the host to copy its bytes. */
export function replyAddress(): usize {
  return load<u32>(queue_header(), 12);
}
