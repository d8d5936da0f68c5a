// TCP_NODELAY and SO_KEEPALIVE: remembered, applied once the transport is open.
import {
  socket_open, socket_connect, socket_handle_connected, socket_set_no_delay, socket_set_keep_alive, socket_destroy,
} from "../../assembly/socket";
import { OPEN_CONNECTED } from "../../assembly/abi";
import { ops, take } from "./queue.include";
import { connected } from "./socket.include";

describe("socket: options", () => {
  test("set before connect: applied when the socket becomes OPEN, after CONNECT", () => {
    const id = socket_open(0);
    socket_set_no_delay(id, true);
    socket_set_keep_alive(id, true, 30);
    socket_connect(id, 0);
    expect(ops()).toBe("");
    socket_handle_connected(id, 0);
    const records = take();
    expect(records[0]).toBe("connect " + id.toString() + " 0 0");
    expect(records[1]).toBe("no_delay " + id.toString() + " 1 0");
    expect(records[2]).toBe("keep_alive " + id.toString() + " 1 30");
  });
  test("turned on then off before connect: nothing to apply", () => {
    const id = socket_open(0);
    socket_set_no_delay(id, true);
    socket_set_no_delay(id, false);
    socket_connect(id, 0);
    socket_handle_connected(id, 0);
    expect(ops()).toBe("connect,read_start");
  });
  test("an adopted fd is open at once: options go out when set", () => {
    const id = socket_open(OPEN_CONNECTED);
    take();
    socket_set_no_delay(id, true);
    expect(take()).toStrictEqual(["no_delay " + id.toString() + " 1 0"]);
  });
  test("while open: only changes go out; a new delay is a change while keep-alive is on", () => {
    const id = connected();
    socket_set_no_delay(id, false);
    socket_set_keep_alive(id, false, 10);
    expect(ops()).toBe("");
    socket_set_no_delay(id, true);
    socket_set_no_delay(id, true);
    expect(ops()).toBe("no_delay");
    socket_set_keep_alive(id, true, 10);
    socket_set_keep_alive(id, true, 10);
    socket_set_keep_alive(id, true, 20);
    expect(take()).toStrictEqual(["keep_alive " + id.toString() + " 1 10", "keep_alive " + id.toString() + " 1 20"]);
    socket_set_keep_alive(id, false, 99);
    expect(take()).toStrictEqual(["keep_alive " + id.toString() + " 0 99"]);
    socket_destroy(id, 0);
    take();
  });
});
