import {
  server_open, server_listen, server_handle_listening, server_handle_connection, server_close, server_set_max_connections,
  server_connections, server_handle_error, server_free, server_set_marks, server_set_socket_options, server_listening,
} from "../../assembly/server";
import { socket_destroy, socket_count, socket_write, socket_handle_read } from "../../assembly/socket";
import { ERR_SERVER_NOT_RUNNING, ERR_SERVER_ALREADY_LISTEN, EADDRINUSE, READ_COPY } from "../../assembly/abi";
import { ops, take } from "./queue.include";

function listening(): u32 {
  const srv = server_open(0);
  server_listen(srv);
  server_handle_listening(srv);
  take();
  return srv;
}

/** How many of `tries` connections `max` lets in (none closes while trying). */
function admitted(max: f64, tries: i32): i32 {
  const srv = listening();
  server_set_max_connections(srv, max);
  let n = 0;
  for (let i = 0; i < tries; i++) if (server_handle_connection(srv, 0) > 0) n++;
  take();
  return n;
}

describe("server", () => {
  test("listen, accept, close waits for its connections", () => {
    const srv = server_open(0);
    expect(server_listen(srv)).toBe(0);
    expect(server_listen(srv)).toBe(-ERR_SERVER_ALREADY_LISTEN);
    server_handle_listening(srv);
    expect(ops()).toBe("listening");
    const a = server_handle_connection(srv, 0);
    expect(a).toBeGreaterThan(0);
    expect(ops()).toBe("read_start,connection");
    expect(server_connections(srv)).toBe(1);
    expect(server_close(srv)).toBe(0);
    expect(ops()).toBe("unlisten");
    socket_destroy(a, 0);
    expect(take()[2]).toBe("server_closed " + srv.toString() + " 0 0"); // a = 0: the last connection's close
    expect(server_connections(srv)).toBe(0);
  });

  test("close with no connection left: SERVER_CLOSED with a = 1", () => {
    const srv = listening();
    server_close(srv);
    expect(take()).toStrictEqual(["unlisten " + srv.toString() + " 0 0", "server_closed " + srv.toString() + " 1 0"]);
  });

  test("listening: from LISTENING until close or a failed bind", () => {
    const srv = server_open(0);
    expect(server_listening(srv)).toBe(0);
    server_listen(srv);
    expect(server_listening(srv)).toBe(0); // binding
    server_handle_listening(srv);
    expect(server_listening(srv)).toBe(1);
    server_close(srv);
    expect(server_listening(srv)).toBe(0);
    server_listen(srv);
    server_handle_error(srv, EADDRINUSE);
    expect(server_listening(srv)).toBe(0);
    take();
  });

  test("maxConnections follows Node 20: set when not 0 and not NaN, refuses while connections >= it", () => {
    expect(admitted(0, 4)).toBe(4);
    expect(admitted(NaN, 4)).toBe(4);
    expect(admitted(-1, 4)).toBe(0);
    expect(admitted(-0.5, 4)).toBe(0);
    expect(admitted(0.5, 4)).toBe(1);
    expect(admitted(1.5, 4)).toBe(2);
    expect(admitted(3, 4)).toBe(3);
    expect(admitted(Infinity, 4)).toBe(4);
  });

  test("accepted sockets get the server's marks; a negative mark keeps one", () => {
    const srv = listening();
    server_set_marks(srv, 4, 2);
    server_set_marks(srv, -1, -1);
    const a = server_handle_connection(srv, 0);
    take();
    expect(socket_write(a, 1, 0, 1)).toBe(1); // below the write mark of 2
    expect(socket_write(a, 1, 0, 1) & 1).toBe(0);
    expect(socket_handle_read(a, 4, 0)).toBe(READ_COPY);
    expect(ops()).toBe("read_stop"); // the read mark of 4 reached
  });

  test("accepted sockets get the server's socket options, before 'connection'", () => {
    const srv = listening();
    server_set_socket_options(srv, true, true, 60);
    const a = server_handle_connection(srv, 0);
    expect(take()).toStrictEqual([
      "no_delay " + a.toString() + " 1 0", "keep_alive " + a.toString() + " 1 60", "read_start " + a.toString() + " 0 0",
      "connection " + srv.toString() + " " + a.toString() + " 0",
    ]);
    server_set_socket_options(srv, false, false, 60);
    server_handle_connection(srv, 0);
    expect(ops()).toBe("read_start,connection");
  });

  test("close when not listening reports ERR_SERVER_NOT_RUNNING and still closes", () => {
    const srv = server_open(0);
    expect(server_close(srv)).toBe(-ERR_SERVER_NOT_RUNNING);
    expect(take()).toStrictEqual(["server_closed " + srv.toString() + " 1 0"]);
  });

  test("maxConnections refuses and counts nowhere", () => {
    const srv = server_open(0);
    server_listen(srv);
    server_handle_listening(srv);
    server_set_max_connections(srv, 1);
    take();
    const before = socket_count();
    expect(server_handle_connection(srv, 0)).toBeGreaterThan(0);
    take();
    expect(server_handle_connection(srv, 0)).toBe(0);
    expect(ops()).toBe("drop");
    expect(server_connections(srv)).toBe(1);
    expect(socket_count()).toBe(before + 1);
  });

  test("EADDRINUSE leaves the server able to listen again", () => {
    const srv = server_open(0);
    server_listen(srv);
    server_handle_error(srv, EADDRINUSE);
    expect(take()).toStrictEqual(["server_error " + srv.toString() + " " + EADDRINUSE.toString() + " 0"]);
    expect(server_listen(srv)).toBe(0);
  });

  test("freeing a server early detaches its connections: the server that reuses its id is not touched", () => {
    const old = server_open(0);
    server_listen(old);
    server_handle_listening(old);
    const a = server_handle_connection(old, 0);
    take();
    expect(server_free(old)).toBe(0);
    const next = server_open(0);
    expect(next).toBe(old); // the id is reused once the queue drained
    server_listen(next);
    server_handle_listening(next);
    take();
    socket_destroy(a, 0);
    expect(ops()).toBe("close,closed");
    expect(server_connections(next)).toBe(0);
    server_set_max_connections(next, 1);
    expect(server_handle_connection(next, 0)).toBeGreaterThan(0);
  });
});
