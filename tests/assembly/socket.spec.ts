import {
  socket_open, socket_connect, socket_write, socket_end, socket_destroy, socket_pause, socket_resume,
  socket_set_timeout, socket_set_marks, socket_handle_connected, socket_handle_read, socket_handle_eof,
  socket_handle_write_done, socket_handle_error, socket_handle_timer, socket_cork, socket_uncork,
  socket_ready_state, socket_bytes_read, socket_bytes_written, socket_writable_length, socket_readable_length,
} from "../../assembly/socket";
import {
  WRITE_BELOW_MARK, WRITE_COPY, READ_DIRECT, READ_COPY, E_BAD_HANDLE, ERR_STREAM_WRITE_AFTER_END,
  ERR_STREAM_DESTROYED, ERR_SOCKET_CLOSED, ERR_SOCKET_CONNECTING, ENOBUFS, ECONNRESET, READY_OPEN, READY_CLOSED,
  READY_OPENING, OPEN_CONNECTED,
} from "../../assembly/abi";
import { server_open, server_listen, server_handle_listening, server_handle_connection } from "../../assembly/server";
import { ops, take } from "./queue.include";
import { connected, replyAddress } from "./socket.include";

describe("socket: connecting", () => {
  test("connect, connected: CONNECT then reading starts", () => {
    const id = socket_open(0);
    expect(socket_connect(id, 0)).toBe(0);
    expect(socket_ready_state(id)).toBe(READY_OPENING);
    socket_handle_connected(id, 0);
    expect(ops()).toBe("connect,read_start");
    expect(socket_ready_state(id)).toBe(READY_OPEN);
  });
  test("writes while connecting go out as one SEND on connect", () => {
    const id = socket_open(0);
    socket_connect(id, 0);
    expect(socket_write(id, 3, 0, 1)).toBe(WRITE_COPY | WRITE_BELOW_MARK);
    expect(socket_write(id, 4, 0, 1)).toBe(WRITE_COPY | WRITE_BELOW_MARK);
    socket_handle_connected(id, 0);
    const records = take();
    expect(records[1].split(" ")[0]).toBe("send");
    expect(records[1].split(" ")[3]).toBe("7");
  });
  test("an unknown id is refused without effect", () => {
    expect(socket_write(999999, 1, 0, 1)).toBe(-E_BAD_HANDLE);
    expect(socket_end(999999)).toBe(-E_BAD_HANDLE);
    expect(socket_connect(999999, 0)).toBe(-E_BAD_HANDLE);
    expect(ops()).toBe("");
  });
  test("id 0, a socket that has closed, answers as Node's destroyed socket does", () => {
    expect(socket_write(0, 1, 0, 1)).toBe(-ERR_STREAM_DESTROYED);
    expect(socket_end(0)).toBe(-ERR_STREAM_DESTROYED);
    expect(socket_connect(0, 0)).toBe(-ERR_SOCKET_CLOSED);
    expect(socket_cork(0)).toBe(0);
    expect(socket_uncork(0)).toBe(0);
    expect(socket_destroy(0, 0)).toBe(-E_BAD_HANDLE);
    expect(ops()).toBe("");
  });
  test("a closed socket's id answers as closed until the host has consumed its CLOSED", () => {
    const id = connected();
    socket_destroy(id, 0); // the host acts on a record of the same drain: nothing consumed yet
    expect(socket_write(id, 1, 0, 1)).toBe(-ERR_STREAM_DESTROYED);
    expect(socket_end(id)).toBe(-ERR_STREAM_DESTROYED);
    expect(socket_connect(id, 0)).toBe(-ERR_SOCKET_CLOSED);
    expect(socket_pause(id)).toBe(-E_BAD_HANDLE);
    expect(ops()).toBe("close,closed");
    expect(socket_write(id, 1, 0, 1)).toBe(-E_BAD_HANDLE); // consumed: the id may be anyone's now
  });
  test("connect while connecting or open connects again, as node:net: the platform answers", () => {
    const id = socket_open(0);
    socket_connect(id, 0);
    expect(socket_connect(id, 0)).toBe(0); // (the host connects its transport again: EALREADY)
    expect(ops()).toBe("");
    expect(socket_ready_state(id)).toBe(READY_OPENING);
    socket_handle_connected(id, 0);
    take();
    expect(socket_connect(id, 0)).toBe(0);
    expect(ops()).toBe("read_stop"); // reading waits for the connection
    expect(socket_ready_state(id)).toBe(READY_OPENING);
    socket_handle_connected(id, 0);
    expect(ops()).toBe("connect,read_start");
  });
  test("a second connect refused for its arguments leaves the first one going", () => {
    const id = socket_open(0);
    socket_connect(id, 0);
    socket_connect(id, 0);
    socket_handle_error(id, 0);
    expect(socket_ready_state(id)).toBe(READY_OPENING);
    socket_handle_connected(id, 0);
    expect(ops()).toBe("connect,read_start");
  });
  test("a server's connection cannot connect: ERR_SOCKET_CONNECTING", () => {
    const server = server_open(0);
    server_listen(server);
    server_handle_listening(server);
    const id = server_handle_connection(server, 0);
    take();
    expect(socket_connect(id, 0)).toBe(-ERR_SOCKET_CONNECTING);
    expect(ops()).toBe("");
  });
  test("a socket opened on the user's descriptor connects it: reading waits, then CONNECT", () => {
    const id = socket_open(OPEN_CONNECTED);
    expect(ops()).toBe("read_start");
    expect(socket_connect(id, 0)).toBe(0);
    expect(ops()).toBe("read_stop");
    expect(socket_ready_state(id)).toBe(READY_OPENING);
    expect(socket_write(id, 3, 0, 1)).toBe(WRITE_COPY | WRITE_BELOW_MARK); // waits for the connection
    socket_handle_connected(id, 0);
    expect(ops()).toBe("connect,send,read_start");
  });
  test("an open socket whose connect was refused for its arguments is open again", () => {
    const id = socket_open(OPEN_CONNECTED);
    socket_connect(id, 0);
    take();
    socket_handle_error(id, 0);
    expect(ops()).toBe("read_start");
    expect(socket_ready_state(id)).toBe(READY_OPEN);
  });
  test("a connect the platform refused for its arguments (error 0) leaves the socket new, silently", () => {
    const id = socket_open(0);
    socket_connect(id, 0);
    expect(socket_handle_error(id, 0)).toBe(0);
    expect(ops()).toBe("");
    expect(socket_connect(id, 0)).toBe(0); // new again: connect() may be called anew
    socket_handle_connected(id, 0);
    expect(ops()).toBe("connect,read_start");
  });
  test("error 0 on an open socket still destroys it with ERR_SOCKET_CLOSED", () => {
    const id = connected();
    socket_handle_error(id, 0);
    const records = take();
    expect(records[1]).toBe("error " + id.toString() + " " + ERR_SOCKET_CLOSED.toString() + " 0");
    expect(records[2]).toBe("closed " + id.toString() + " 1 0");
  });
});

describe("socket: writing", () => {
  test("an idle socket writes directly; the next write is copied", () => {
    const id = connected();
    expect(socket_write(id, 10, 0, 1)).toBe(WRITE_BELOW_MARK);
    expect(socket_write(id, 10, 0, 1)).toBe(WRITE_COPY | WRITE_BELOW_MARK);
    expect(socket_writable_length(id)).toBe(20);
    expect(socket_bytes_written(id)).toBe(20);
  });
  test("copied bytes come back in the SEND, in order", () => {
    const id = connected();
    socket_write(id, 1, 0, 1);
    socket_write(id, 2, 0, 1);
    store<u8>(replyAddress(), 0xaa);
    store<u8>(replyAddress(), 0xbb, 1);
    socket_write(id, 1, 0, 1);
    store<u8>(replyAddress(), 0xcc);
    socket_handle_write_done(id, 0);
    const send = take()[1].split(" ");
    const at = <usize>parseInt(send[2]);
    expect(send[3]).toBe("3");
    expect(load<u8>(at)).toBe(0xaa);
    expect(load<u8>(at + 1)).toBe(0xbb);
    expect(load<u8>(at + 2)).toBe(0xcc);
  });
  test("false at the mark, then one DRAIN when all is written", () => {
    const id = connected();
    socket_set_marks(id, -1, 8);
    expect(socket_write(id, 8, 0, 1) & WRITE_BELOW_MARK).toBe(0);
    socket_handle_write_done(id, 0);
    expect(ops()).toBe("drain,write_done");
    expect(socket_write(id, 1, 0, 1) & WRITE_BELOW_MARK).toBe(WRITE_BELOW_MARK);
    socket_handle_write_done(id, 0);
    expect(ops()).toBe("write_done");
  });
  test("a write mark of 0 is a mark: write() answers false every time; a negative mark keeps it", () => {
    const id = connected();
    socket_set_marks(id, -1, 0);
    expect(socket_write(id, 1, 0, 1)).toBe(0);
    socket_set_marks(id, -1, -1);
    expect(socket_write(id, 1, 0, 1)).toBe(WRITE_COPY);
    socket_set_marks(id, -1, 100);
    expect(socket_write(id, 1, 0, 1)).toBe(WRITE_COPY | WRITE_BELOW_MARK);
  });
  test("a read mark of 0: a paused socket reads only into an empty buffer (as Node's Readable)", () => {
    const id = connected();
    socket_set_marks(id, 0, -1);
    expect(ops()).toBe("");
    expect(socket_handle_read(id, 1, 0)).toBe(READ_COPY);
    expect(ops()).toBe("read_stop");
    socket_resume(id);
    expect(ops()).toBe("data,read_start");
  });
  test("write after end destroys with ERR_STREAM_WRITE_AFTER_END", () => {
    const id = connected();
    socket_end(id);
    expect(ops()).toBe("shutdown");
    expect(socket_write(id, 1, 0, 1)).toBe(-ERR_STREAM_WRITE_AFTER_END);
    expect(ops()).toBe("end_done,close,error,closed"); // end()'s callback fails too

    expect(socket_ready_state(id)).toBe(READY_CLOSED);
  });
});

describe("socket: reading", () => {
  test("a flowing socket delivers directly; a paused one buffers", () => {
    const id = connected();
    socket_resume(id);
    expect(socket_handle_read(id, 5, 0)).toBe(READ_DIRECT);
    expect(ops()).toBe("data");
    socket_pause(id);
    expect(socket_handle_read(id, 5, 0)).toBe(READ_COPY);
    expect(socket_readable_length(id)).toBe(5);
    expect(socket_bytes_read(id)).toBe(10);
    socket_resume(id);
    expect(ops()).toBe("data");
    expect(socket_readable_length(id)).toBe(0);
  });
  test("resume() on a flowing socket and pause() on a paused one change nothing", () => {
    const id = connected();
    socket_resume(id);
    ops();
    expect(socket_resume(id)).toBe(0);
    expect(ops()).toBe("");
    expect(socket_handle_read(id, 5, 0)).toBe(READ_DIRECT);
    expect(ops()).toBe("data");
    socket_pause(id);
    expect(socket_pause(id)).toBe(0);
    expect(socket_handle_read(id, 5, 0)).toBe(READ_COPY);
    expect(ops()).toBe("");
    socket_resume(id);
    expect(ops()).toBe("data");
    expect(socket_readable_length(id)).toBe(0);
  });
  test("reading stops at the read mark and restarts on resume", () => {
    const id = connected();
    socket_set_marks(id, 10, -1);
    socket_handle_read(id, 9, 0);
    expect(ops()).toBe("");
    socket_handle_read(id, 1, 0);
    expect(ops()).toBe("read_stop");
    socket_resume(id);
    expect(ops()).toBe("data,read_start");
  });
});

describe("socket: errors and timeouts", () => {
  test("a reset fails pending writes, then ERROR and CLOSED(1)", () => {
    const id = connected();
    socket_write(id, 1, 0, 1);
    socket_write(id, 1, 0, 1);
    socket_handle_error(id, ECONNRESET);
    const records = take();
    expect(records[0]).toBe("write_done " + id.toString() + " 2 " + ECONNRESET.toString());
    expect(records[3]).toBe("closed " + id.toString() + " 1 0");
  });
  test("destroy is final: later inputs are refused", () => {
    const id = connected();
    socket_destroy(id, 0);
    expect(ops()).toBe("close,closed");
    expect(socket_handle_read(id, 1, 0)).toBe(-E_BAD_HANDLE);
    expect(socket_destroy(id, 0)).toBe(-E_BAD_HANDLE);
  });
  test("timeout: re-armed for the time left, fires once when idle", () => {
    const id = connected();
    socket_set_timeout(id, 100, 0);
    expect(take()[0]).toBe("timer_start " + id.toString() + " 100 0");
    socket_resume(id);
    socket_handle_read(id, 1, 30);
    take();
    socket_handle_timer(id, 100);
    expect(take()[0]).toBe("timer_start " + id.toString() + " 30 0");
    socket_handle_timer(id, 130);
    expect(ops()).toBe("timeout");
    socket_handle_timer(id, 500);
    expect(ops()).toBe("");
  });
  test("setTimeout(0) stops the timer: the armed one fires and finds nothing to do", () => {
    const id = connected();
    socket_set_timeout(id, 100, 0);
    socket_set_timeout(id, 0, 0);
    expect(ops()).toBe("timer_start");
    socket_handle_timer(id, 1000);
    expect(ops()).toBe("");
  });
  test("set, cleared and set again around each request: no new host timer until it fires", () => {
    const id = connected();
    socket_set_timeout(id, 5000, 0);
    expect(ops()).toBe("timer_start");
    for (let t = 10; t < 100; t += 10) {
      socket_set_timeout(id, 0, <f64>t);
      socket_set_timeout(id, 5000, <f64>t + 1);
    }
    expect(ops()).toBe("");
    socket_handle_timer(id, 5000);
    expect(take()[0]).toBe("timer_start " + id.toString() + " 91 0"); // the rest of 5000 from t = 91
  });
  test("a shorter timeout than the armed one re-arms to fire sooner", () => {
    const id = connected();
    socket_set_timeout(id, 5000, 0);
    take();
    socket_set_timeout(id, 100, 10);
    expect(take()[0]).toBe("timer_start " + id.toString() + " 100 0");
  });
});

describe("socket: inputs that cannot happen are refused, nothing changes", () => {
  test("a FIN on a socket whose transport never opened is ERR_SOCKET_CLOSED", () => {
    const id = socket_open(0);
    expect(socket_handle_eof(id, 0)).toBe(-ERR_SOCKET_CLOSED);
    expect(ops()).toBe("");
    expect(socket_ready_state(id)).toBe(READY_OPEN);
  });
  test("a write the core would queue beyond 256 MiB is ENOBUFS, and the queue is as it was", () => {
    const id = connected();
    expect(socket_write(id, 10, 0, 1)).toBe(WRITE_BELOW_MARK); // in flight: later writes queue
    take();
    expect(socket_write(id, (256 << 20) + 1, 0, 1)).toBe(-ENOBUFS);
    expect(socket_writable_length(id)).toBe(10);
    expect(socket_write(id, 5, 0, 1)).toBe(WRITE_COPY | WRITE_BELOW_MARK);
    expect(socket_writable_length(id)).toBe(15);
  });
});
