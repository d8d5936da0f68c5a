// OPEN_ANSWER_AFTER_SEND (ABI 8): write() answers once the transport tried the write, as Node's
// streams do since 20.x's later releases. A write done at once answers true whatever its size
// and leaves no 'drain' due; one still in flight, or queued, answers from what waits, as before.
import {
  socket_write, socket_set_marks, socket_handle_write_done, socket_handle_written_at_once, socket_after_write,
  socket_cork, socket_uncork, socket_write_state,
} from "../../assembly/socket";
import { E_OK, ERR_INVALID_ARG_VALUE, OPEN_ANSWER_AFTER_SEND, WRITE_BELOW_MARK } from "../../assembly/abi";
import { ops } from "./queue.include";
import { connected } from "./socket.include";

const NEED_DRAIN_BIT = 4; // socket_write_state's needDrain

describe("socket: the answer after the send (OPEN_ANSWER_AFTER_SEND)", () => {
  test("over the mark, written at once: answers below the mark; no 'drain' due", () => {
    const id = connected(OPEN_ANSWER_AFTER_SEND);
    socket_set_marks(id, -1, 4);
    expect(socket_write(id, 5, 0, 0) & WRITE_BELOW_MARK).toBe(0); // before the attempt: as before
    expect(socket_handle_written_at_once(id, 0)).toBe(WRITE_BELOW_MARK);
    expect(socket_write_state(id) & NEED_DRAIN_BIT).toBe(0);
    expect(ops()).toBe("");
    expect(socket_after_write(id)).toBe(-ERR_INVALID_ARG_VALUE); // nothing is due
  });
  test("without the flag the same write owes a 'drain' (Node 20.11 and Ruff)", () => {
    const id = connected();
    socket_set_marks(id, -1, 4);
    socket_write(id, 5, 0, 0);
    expect(socket_handle_written_at_once(id, 0)).toBe(E_OK);
    expect(socket_write_state(id) & NEED_DRAIN_BIT).toBe(NEED_DRAIN_BIT);
    expect(ops()).toBe("after_write");
    socket_after_write(id);
    expect(ops()).toBe("drain");
  });
  test("over the mark and not written at once: the 'drain' stands, and comes when it is written", () => {
    const id = connected(OPEN_ANSWER_AFTER_SEND);
    socket_set_marks(id, -1, 4);
    socket_write(id, 5, 0, 0);
    expect(socket_handle_write_done(id, 0)).toBe(E_OK);
    expect(ops()).toBe("drain");
  });
  test("corked writes answer from what waits, as before; the flush done at once answers below the mark", () => {
    const id = connected(OPEN_ANSWER_AFTER_SEND);
    socket_set_marks(id, -1, 4);
    socket_cork(id);
    expect(socket_write(id, 3, 0, 0) & WRITE_BELOW_MARK).toBe(WRITE_BELOW_MARK);
    expect(socket_write(id, 3, 0, 0) & WRITE_BELOW_MARK).toBe(0);
    socket_uncork(id);
    expect(ops()).toBe("send");
    expect(socket_handle_written_at_once(id, 0)).toBe(WRITE_BELOW_MARK);
    expect(socket_write_state(id) & NEED_DRAIN_BIT).toBe(NEED_DRAIN_BIT); // owed by the corked write
    // a direct write over the mark, done at once, before that 'drain': answers below the mark
    // and leaves the owed 'drain' owed, as Node's needDrain is never reset by a write
    socket_write(id, 5, 0, 0);
    expect(socket_handle_written_at_once(id, 0)).toBe(WRITE_BELOW_MARK);
    expect(socket_write_state(id) & NEED_DRAIN_BIT).toBe(NEED_DRAIN_BIT);
    expect(ops()).toBe("after_write");
    socket_after_write(id);
    expect(ops()).toBe("drain");
  });
});
