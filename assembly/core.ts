// The exports every profile has: the ABI version, the queue, sockets and servers.
export { queue_header } from "./queue";
export {
  socket_open, socket_connect, socket_write, socket_end, socket_cork, socket_uncork, socket_destroy, socket_reset,
  socket_pause, socket_resume, socket_set_timeout, socket_set_marks, socket_set_no_delay, socket_set_keep_alive,
  socket_end_seen, socket_after_end, socket_handle_connected, socket_handle_read, socket_handle_eof, socket_handle_write_done, socket_handle_written_at_once, socket_after_write,
  socket_handle_shutdown_done, socket_handle_error, socket_handle_timer,
  socket_ready_state, socket_bytes_read, socket_bytes_written, socket_writable_length,
  socket_readable_length, socket_write_state, socket_count,
} from "./socket";
export {
  server_open, server_listen, server_handle_listening, server_handle_error, server_handle_connection,
  server_close, server_set_max_connections, server_set_marks, server_set_socket_options, server_listening,
  server_connections, server_free,
} from "./server";
export { port_valid } from "./address";
export { memory_reserved } from "./memory";

import { ABI_VERSION } from "./abi";

/** The ABI version of this build; hosts refuse a module whose version they do not know. */
export function abi_version(): u32 {
  return ABI_VERSION;
}
