// The writable side's end: end(), the half-open rule (AFTER_END), END_DONE, cork().
import {
  socket_open, socket_connect, socket_write, socket_end, socket_destroy, socket_cork, socket_uncork,
  socket_end_seen, socket_after_end, socket_handle_connected, socket_handle_eof, socket_handle_write_done,
  socket_handle_shutdown_done, socket_handle_error, socket_ready_state, socket_write_state, socket_writable_length,
} from "../../assembly/socket";
import {
  OPEN_ALLOW_HALF_OPEN, WRITE_BELOW_MARK, WRITE_COPY, EPIPE, ECONNRESET, ERR_STREAM_WRITE_AFTER_END,
  ERR_STREAM_DESTROYED, ERR_STREAM_ALREADY_FINISHED, ERR_INVALID_ARG_VALUE, E_BAD_HANDLE, READY_OPEN, READY_READ_ONLY,
  READY_WRITE_ONLY, READY_CLOSED,
} from "../../assembly/abi";
import { ops, take } from "./queue.include";
import { connected } from "./socket.include";

describe("socket: half-open", () => {
  test("without allowHalfOpen, our side ends once the 'end' listeners have run (AFTER_END)", () => {
    const id = connected();
    socket_handle_eof(id, 0);
    expect(ops()).toBe("end");
    expect(socket_write(id, 1, 0, 1)).toBe(WRITE_BELOW_MARK); // the user may still answer
    socket_end_seen(id);
    expect(ops()).toBe("after_end");
    // until the host's next tick: 'writeOnly', and writes are accepted as usual
    expect(socket_ready_state(id)).toBe(READY_WRITE_ONLY);
    expect(socket_write(id, 2, 0, 1)).toBe(WRITE_COPY | WRITE_BELOW_MARK);
    expect(socket_write_state(id)).toBe(0);
    expect(socket_after_end(id)).toBe(0); // the host's tick
    expect(ops()).toBe(""); // a write in flight: the FIN waits
    expect(socket_write_state(id)).toBe(1);
    socket_handle_write_done(id, 0);
    expect(ops()).toBe("write_done,send");
    socket_handle_write_done(id, 0);
    expect(ops()).toBe("write_done,shutdown");
    socket_handle_shutdown_done(id);
    expect(ops()).toBe("end_done,finish,close,closed");
  });
  test("socket_after_end answers only the AFTER_END of an end_seen, once", () => {
    const id = connected();
    expect(socket_after_end(id)).toBe(-ERR_INVALID_ARG_VALUE);
    socket_handle_eof(id, 0);
    expect(socket_after_end(id)).toBe(-ERR_INVALID_ARG_VALUE); // END not seen yet
    socket_end_seen(id);
    take();
    expect(socket_after_end(id)).toBe(0);
    expect(ops()).toBe("shutdown");
    expect(socket_after_end(id)).toBe(-ERR_INVALID_ARG_VALUE);
    expect(socket_end_seen(id)).toBe(-ERR_INVALID_ARG_VALUE);
    expect(ops()).toBe("");
    expect(socket_after_end(999999)).toBe(-E_BAD_HANDLE);
  });
  test("the half-open end undoes every cork, as end() does", () => {
    const id = connected();
    socket_cork(id);
    socket_cork(id);
    socket_write(id, 3, 0, 1);
    socket_handle_eof(id, 0);
    socket_end_seen(id);
    expect(ops()).toBe("end,after_end");
    socket_after_end(id);
    expect(ops()).toBe("send");
    expect(socket_write_state(id)).toBe(1);
  });
  test("once our side ended after the peer's, a write is EPIPE", () => {
    const id = connected();
    socket_handle_eof(id, 0);
    socket_end_seen(id);
    socket_after_end(id);
    take();
    expect(socket_write(id, 1, 0, 1)).toBe(-EPIPE);
    expect(ops()).toBe("end_done,close,error,closed");
  });
  test("EPIPE too when the user ended first and then saw the peer's end", () => {
    const id = connected();
    socket_write(id, 1, 0, 1); // in flight: FIN waits
    socket_end(id);
    socket_handle_eof(id, 0);
    socket_end_seen(id);
    expect(ops()).toBe("end,after_end"); // AFTER_END always: the close rule waits for it too
    expect(socket_write(id, 1, 0, 1)).toBe(-EPIPE);
  });
  test("user's end before the peer's: ERR_STREAM_WRITE_AFTER_END", () => {
    const id = connected();
    socket_write(id, 1, 0, 1);
    socket_end(id);
    expect(socket_write(id, 1, 0, 1)).toBe(-ERR_STREAM_WRITE_AFTER_END);
  });
  test("with allowHalfOpen the socket stays writable until end()", () => {
    const id = connected(OPEN_ALLOW_HALF_OPEN);
    socket_handle_eof(id, 0);
    socket_end_seen(id);
    socket_after_end(id);
    expect(ops()).toBe("end,after_end");
    expect(socket_ready_state(id)).toBe(READY_WRITE_ONLY);
    expect(socket_write(id, 2, 0, 1)).toBe(WRITE_BELOW_MARK);
    socket_handle_write_done(id, 0);
    socket_end(id);
    expect(ops()).toBe("write_done,shutdown");
    socket_handle_shutdown_done(id);
    expect(ops()).toBe("end_done,finish,close,closed");
  });
  test("our end first: read-only until the peer's FIN, closed once the 'end' listeners have run", () => {
    const id = connected(OPEN_ALLOW_HALF_OPEN);
    socket_end(id);
    socket_handle_shutdown_done(id);
    expect(ops()).toBe("shutdown,end_done,finish");
    expect(socket_ready_state(id)).toBe(READY_READ_ONLY);
    socket_handle_eof(id, 0);
    expect(ops()).toBe("end"); // not closed while the user may still have bytes to read
    socket_end_seen(id);
    expect(ops()).toBe("after_end"); // nor while the 'end' listeners run
    expect(socket_ready_state(id)).toBe(READY_CLOSED);
    socket_after_end(id);
    expect(ops()).toBe("close,closed");
  });
});

describe("socket: end()", () => {
  test("end() once FINISHED is ERR_STREAM_ALREADY_FINISHED; before, a second end() changes nothing", () => {
    const id = connected(OPEN_ALLOW_HALF_OPEN);
    socket_write(id, 1, 0, 1);
    expect(socket_end(id)).toBe(0);
    expect(socket_end(id)).toBe(0);
    expect(ops()).toBe("");
    socket_handle_write_done(id, 0);
    expect(ops()).toBe("write_done,shutdown");
    expect(socket_end(id)).toBe(0);
    socket_handle_shutdown_done(id);
    take();
    expect(socket_end(id)).toBe(-ERR_STREAM_ALREADY_FINISHED);
    expect(ops()).toBe("");
  });
  test("destroy before FIN is done: END_DONE with the error, right after the pending writes' WRITE_DONE", () => {
    const id = connected();
    socket_write(id, 1, 0, 1);
    socket_write(id, 1, 0, 1);
    socket_end(id);
    socket_handle_error(id, ECONNRESET);
    const records = take();
    expect(records[0]).toBe("write_done " + id.toString() + " 2 " + ECONNRESET.toString());
    expect(records[1]).toBe("end_done " + id.toString() + " " + ECONNRESET.toString() + " 0");
  });
  test("destroy() after FIN was sent, before it was done: END_DONE with ERR_STREAM_DESTROYED", () => {
    const id = connected();
    socket_end(id);
    expect(ops()).toBe("shutdown");
    socket_destroy(id, 0);
    expect(take()[0]).toBe("end_done " + id.toString() + " " + ERR_STREAM_DESTROYED.toString() + " 0");
  });
  test("destroy without end(): no END_DONE", () => {
    const id = connected();
    socket_destroy(id, 0);
    expect(ops()).toBe("close,closed");
  });
  test("end() on a socket never connected: FIN waits for the transport", () => {
    const id = socket_open(0);
    socket_end(id);
    socket_connect(id, 0);
    expect(ops()).toBe("");
    socket_handle_connected(id, 0);
    expect(ops()).toBe("connect,shutdown,read_start");
  });
});

describe("socket: cork", () => {
  test("writes queue while corked; the last uncork sends them as one SEND", () => {
    const id = connected();
    socket_cork(id);
    socket_cork(id);
    expect(socket_write_state(id)).toBe(2 << 8);
    expect(socket_write(id, 3, 0, 1)).toBe(WRITE_COPY | WRITE_BELOW_MARK);
    expect(socket_write(id, 4, 0, 1)).toBe(WRITE_COPY | WRITE_BELOW_MARK);
    socket_uncork(id);
    expect(ops()).toBe("");
    socket_uncork(id);
    const records = take();
    expect(records.length).toBe(1);
    expect(records[0].split(" ")[0]).toBe("send");
    expect(records[0].split(" ")[3]).toBe("7");
    expect(socket_uncork(id)).toBe(0); // more uncorks than corks: nothing
    expect(socket_write_state(id)).toBe(0);
  });
  test("end() undoes every cork", () => {
    const id = connected();
    socket_cork(id);
    socket_cork(id);
    socket_write(id, 5, 0, 1);
    socket_end(id);
    expect(ops()).toBe("send");
    expect(socket_write_state(id)).toBe(1);
    socket_handle_write_done(id, 0);
    expect(ops()).toBe("write_done,shutdown");
  });
  test("write_state: ending, finished, needDrain and the cork count", () => {
    const id = connected(OPEN_ALLOW_HALF_OPEN);
    expect(socket_write_state(id)).toBe(0);
    socket_write(id, 20000, 0, 1);
    expect(socket_write_state(id)).toBe(4);
    socket_handle_write_done(id, 0);
    expect(ops()).toBe("drain,write_done");
    socket_cork(id);
    socket_end(id);
    expect(socket_write_state(id)).toBe(1);
    socket_handle_shutdown_done(id);
    expect(socket_write_state(id)).toBe(3);
    expect(socket_ready_state(id)).toBe(READY_READ_ONLY);
    expect(socket_writable_length(id)).toBe(0);
  });
  test("a corked socket still reads and stays open", () => {
    const id = connected();
    socket_cork(id);
    expect(socket_ready_state(id)).toBe(READY_OPEN);
  });
});
