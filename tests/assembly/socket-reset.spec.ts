// resetAndDestroy() (socket_reset), destroy() while connecting, and pause() before connect.
import {
  socket_open, socket_connect, socket_write, socket_end, socket_destroy, socket_reset, socket_pause, socket_resume,
  socket_handle_connected, socket_handle_error, socket_ready_state,
} from "../../assembly/socket";
import {
  E_BAD_HANDLE, ERR_SOCKET_CLOSED, ERR_SOCKET_CLOSED_BEFORE_CONNECTION, ERR_STREAM_DESTROYED, ECONNREFUSED,
  ECONNRESET, READY_OPENING,
} from "../../assembly/abi";
import { ops, take } from "./queue.include";
import { connected } from "./socket.include";

const record = (op: string, id: u32, a: u32, b: u32 = 0): string => op + " " + id.toString() + " " + a.toString() + " " + b.toString();

describe("socket: resetAndDestroy", () => {
  test("open: closed at once with a reset (CLOSE a = 1), no error; pending writes fail", () => {
    const id = connected();
    socket_write(id, 1, 0, 1);
    socket_write(id, 1, 0, 1);
    expect(socket_reset(id)).toBe(0);
    const records = take();
    expect(records.length).toBe(3);
    expect(records[0]).toBe(record("write_done", id, 2, ERR_STREAM_DESTROYED));
    expect(records[1]).toBe(record("close", id, 1));
    expect(records[2]).toBe(record("closed", id, 0));
  });
  test("connecting: remembered, then reset right after CONNECT (nothing sent, no reading)", () => {
    const id = socket_open(0);
    socket_connect(id, 0);
    socket_write(id, 3, 0, 1);
    expect(socket_reset(id)).toBe(0);
    expect(ops()).toBe("");
    expect(socket_ready_state(id)).toBe(READY_OPENING);
    socket_handle_connected(id, 0);
    const records = take();
    expect(records.length).toBe(4);
    expect(records[0]).toBe(record("connect", id, 0));
    expect(records[1]).toBe(record("write_done", id, 1, ERR_STREAM_DESTROYED));
    expect(records[2]).toBe(record("close", id, 1));
    expect(records[3]).toBe(record("closed", id, 0));
  });
  test("connecting, then the connect fails: the failure closes it, without a reset", () => {
    const id = socket_open(0);
    socket_connect(id, 0);
    socket_reset(id);
    socket_handle_error(id, ECONNREFUSED);
    const records = take();
    expect(records[0]).toBe(record("close", id, 0));
    expect(records[1]).toBe(record("error", id, ECONNREFUSED));
  });
  test("never connected: destroyed with ERR_SOCKET_CLOSED (no transport to close)", () => {
    const id = socket_open(0);
    socket_reset(id);
    const records = take();
    expect(records.length).toBe(2);
    expect(records[0]).toBe(record("error", id, ERR_SOCKET_CLOSED));
    expect(records[1]).toBe(record("closed", id, 1));
  });
  test("a closed or unknown id is refused", () => {
    const id = connected();
    socket_destroy(id, 0);
    expect(ops()).toBe("close,closed");
    expect(socket_reset(id)).toBe(-E_BAD_HANDLE);
    expect(socket_reset(0)).toBe(-E_BAD_HANDLE);
    expect(ops()).toBe("");
  });
  test("a normal destroy closes without a reset", () => {
    const id = connected();
    socket_destroy(id, ECONNRESET);
    expect(take()[0]).toBe(record("close", id, 0));
  });
});

describe("socket: destroyed while connecting", () => {
  test("without an error: pending writes and end() fail with ERR_SOCKET_CLOSED_BEFORE_CONNECTION", () => {
    const id = socket_open(0);
    socket_connect(id, 0);
    socket_write(id, 1, 0, 1);
    socket_write(id, 1, 0, 1);
    socket_end(id);
    socket_destroy(id, 0);
    const records = take();
    expect(records[0]).toBe(record("write_done", id, 2, ERR_SOCKET_CLOSED_BEFORE_CONNECTION));
    expect(records[1]).toBe(record("end_done", id, ERR_SOCKET_CLOSED_BEFORE_CONNECTION));
    expect(records[2]).toBe(record("close", id, 0));
    expect(records[3]).toBe(record("closed", id, 0));
  });
  test("with an error: they fail with it", () => {
    const id = socket_open(0);
    socket_connect(id, 0);
    socket_write(id, 1, 0, 1);
    socket_destroy(id, ECONNRESET);
    expect(take()[0]).toBe(record("write_done", id, 1, ECONNRESET));
  });
});

describe("socket: pause() before connect", () => {
  test("a paused socket does not read at connect, until resume()", () => {
    const id = socket_open(0);
    socket_pause(id);
    socket_connect(id, 0);
    socket_handle_connected(id, 0);
    expect(ops()).toBe("connect");
    socket_pause(id);
    expect(ops()).toBe("");
    socket_resume(id);
    expect(ops()).toBe("read_start");
  });
  test("resume() before connect undoes it", () => {
    const id = socket_open(0);
    socket_pause(id);
    socket_resume(id);
    socket_connect(id, 0);
    socket_handle_connected(id, 0);
    expect(ops()).toBe("connect,read_start");
  });
});
