import { server_open, server_listen, server_handle_listening, server_handle_connection, server_close, server_set_max_connections, server_connections, server_handle_error, server_free } from "../../assembly/server";
import { socket_destroy, socket_count } from "../../assembly/socket";
import { ERR_SERVER_NOT_RUNNING, ERR_SERVER_ALREADY_LISTEN, EADDRINUSE } from "../../assembly/abi";
import { ops, take } from "./queue.include";

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
    expect(ops()).toBe("close,closed,server_closed");
    expect(server_connections(srv)).toBe(0);
  });

  test("close when not listening reports ERR_SERVER_NOT_RUNNING and still closes", () => {
    const srv = server_open(0);
    expect(server_close(srv)).toBe(-ERR_SERVER_NOT_RUNNING);
    expect(ops()).toBe("server_closed");
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
