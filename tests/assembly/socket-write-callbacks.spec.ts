// Write callbacks (ABI 5): WRITE_DONE counts only the writes that have one, and writes done at
// once need AFTER_WRITE only when a callback or 'drain' is due (Node 20 skips that tick too).
import {
  socket_write, socket_set_marks, socket_handle_write_done, socket_handle_written_at_once, socket_after_write,
  socket_destroy, socket_cork, socket_uncork,
} from "../../assembly/socket";
import { E_OK, ERR_INVALID_ARG_VALUE, ERR_STREAM_DESTROYED } from "../../assembly/abi";
import { ops, take } from "./queue.include";
import { connected } from "./socket.include";

describe("socket: write callbacks", () => {
  test("a write without a callback done at once: no AFTER_WRITE, no WRITE_DONE", () => {
    const id = connected();
    socket_write(id, 5, 0, 0);
    socket_handle_written_at_once(id, 0);
    expect(ops()).toBe("");
    expect(socket_after_write(id)).toBe(-ERR_INVALID_ARG_VALUE); // nothing is due
  });
  test("a write with a callback done at once: AFTER_WRITE, then WRITE_DONE 1 on the next tick", () => {
    const id = connected();
    socket_write(id, 5, 0, 1);
    socket_handle_written_at_once(id, 0);
    expect(ops()).toBe("after_write");
    expect(socket_after_write(id)).toBe(E_OK);
    expect(take()).toStrictEqual(["write_done " + id.toString() + " 1 0"]);
  });
  test("without a callback but over the mark: AFTER_WRITE for 'drain' alone", () => {
    const id = connected();
    socket_set_marks(id, -1, 4);
    socket_write(id, 5, 0, 0); // answers false: 'drain' is owed
    socket_handle_written_at_once(id, 0);
    expect(ops()).toBe("after_write");
    socket_after_write(id);
    expect(ops()).toBe("drain");
  });
  test("one AFTER_WRITE for a burst; WRITE_DONE counts only the writes with callbacks", () => {
    const id = connected();
    socket_write(id, 1, 0, 0);
    socket_handle_written_at_once(id, 0);
    socket_write(id, 1, 0, 1);
    socket_handle_written_at_once(id, 0);
    socket_write(id, 1, 0, 1);
    socket_handle_written_at_once(id, 0);
    expect(ops()).toBe("after_write");
    socket_after_write(id);
    expect(take()).toStrictEqual(["write_done " + id.toString() + " 2 0"]);
  });
  test("a send completing later reports only its callbacks' count, none without", () => {
    const id = connected();
    socket_write(id, 1, 0, 0); // in flight (the host's own bytes)
    socket_write(id, 1, 0, 1); // queued
    socket_write(id, 1, 0, 0); // queued
    take();
    socket_handle_write_done(id, 0); // no callback: no WRITE_DONE; the queued two go out
    expect(ops()).toBe("send");
    socket_handle_write_done(id, 0);
    expect(take()).toStrictEqual(["write_done " + id.toString() + " 1 0"]);
  });
  test("corked writes keep their callback count through the send", () => {
    const id = connected();
    socket_cork(id);
    socket_write(id, 1, 0, 1);
    socket_write(id, 1, 0, 1);
    socket_write(id, 1, 0, 0);
    socket_uncork(id);
    expect(ops()).toBe("send");
    socket_handle_write_done(id, 0);
    expect(take()).toStrictEqual(["write_done " + id.toString() + " 2 0"]);
  });
  test("destroy fails only the pending writes that have callbacks", () => {
    const id = connected();
    socket_write(id, 1, 0, 1);
    socket_write(id, 1, 0, 0);
    socket_write(id, 1, 0, 1);
    take();
    socket_destroy(id, 0);
    const records = take();
    expect(records[0]).toBe("write_done " + id.toString() + " 2 " + ERR_STREAM_DESTROYED.toString());
  });
});

