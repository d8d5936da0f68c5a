// What the host reads without a call (ABI 9): socket_state's two words, and socket_wrote, the
// one input for a write the host handed to the transport first because they said it may.
import {
  socket_open, socket_write, socket_wrote, socket_state, socket_write_state, socket_writable_length,
  socket_cork, socket_uncork, socket_end, socket_destroy, socket_set_marks, socket_handle_write_done,
  socket_handle_written_at_once, socket_after_write,
} from "../../assembly/socket";
import {
  E_OK, ERR_INVALID_ARG_VALUE, E_BAD_HANDLE, WRITE_BELOW_MARK, WRITE_STATE_DIRECT, WRITE_STATE_ENDING,
  WRITE_STATE_NEED_DRAIN,
} from "../../assembly/abi";
import { ops, take } from "./queue.include";
import { connected } from "./socket.include";

function published(id: u32): u32 { return load<u32>(socket_state(id)); }
function publishedLength(id: u32): u32 { return load<u32>(socket_state(id), 4); }

describe("socket: published write state", () => {
  test("the words follow the queries through a socket's life", () => {
    const id = socket_open(0);
    expect(published(id)).toBe(socket_write_state(id)); // new: not direct (no transport yet)
    expect(published(id) & WRITE_STATE_DIRECT).toBe(0);
    const open = connected();
    expect(published(open)).toBe(WRITE_STATE_DIRECT);
    socket_write(open, 7, 0, 1);
    expect(published(open)).toBe(socket_write_state(open)); // in flight: not direct
    expect(published(open) & WRITE_STATE_DIRECT).toBe(0);
    expect(publishedLength(open)).toBe(7);
    socket_write(open, 5, 0, 1); // queued behind it
    expect(publishedLength(open)).toBe(12);
    expect(publishedLength(open)).toBe(socket_writable_length(open));
    socket_handle_write_done(open, 0); // the queued 5 go out as a SEND
    expect(publishedLength(open)).toBe(5);
    socket_handle_write_done(open, 0);
    expect(published(open)).toBe(WRITE_STATE_DIRECT);
    expect(publishedLength(open)).toBe(0);
    socket_cork(open);
    expect(published(open)).toBe(1 << 8);
    socket_uncork(open);
    expect(published(open)).toBe(WRITE_STATE_DIRECT);
    socket_end(open);
    expect(published(open)).toBe(WRITE_STATE_ENDING);
    take();
  });
  test("a destroyed socket's words keep its last state until its CLOSED is taken", () => {
    const id = connected();
    socket_write(id, 3, 0, 1);
    socket_destroy(id, 0);
    expect(socket_state(id)).not.toBe(0);
    expect(published(id)).toBe(socket_write_state(id));
    expect(publishedLength(id)).toBe(0);
    take();
  });
  test("an unknown id has no words", () => {
    expect(socket_state(0)).toBe(0);
    expect(socket_state(9999)).toBe(0);
  });
});

describe("socket: socket_wrote", () => {
  test("a direct write reported after the transport took it: as socket_write, in flight", () => {
    const id = connected();
    expect(socket_wrote(id, 5, 0, 1, 0)).toBe(WRITE_BELOW_MARK);
    expect(ops()).toBe("");
    expect(publishedLength(id)).toBe(5);
    expect(socket_handle_write_done(id, 0)).toBe(E_OK);
    expect(take()).toStrictEqual(["write_done " + id.toString() + " 1 0"]);
  });
  test("taken at once: socket_write and socket_handle_written_at_once in one input, the same records", () => {
    const a = connected();
    const b = connected();
    socket_set_marks(a, -1, 4);
    socket_set_marks(b, -1, 4);
    const two = socket_write(a, 5, 0, 1) | socket_handle_written_at_once(a, 0);
    const recordsOfTwo = ops();
    const one = socket_wrote(b, 5, 0, 1, 1);
    expect(one).toBe(two);
    expect(ops()).toBe(recordsOfTwo);
    expect(published(b)).toBe(published(a));
    expect(socket_after_write(b)).toBe(E_OK);
    expect(ops()).toBe("drain,write_done");
  });
  test("refused when the core would not send directly (corked, in flight, ending): nothing changes", () => {
    const id = connected();
    socket_cork(id);
    expect(socket_wrote(id, 5, 0, 1, 1)).toBe(-ERR_INVALID_ARG_VALUE);
    expect(publishedLength(id)).toBe(0);
    socket_uncork(id);
    socket_write(id, 20000, 0, 0);
    expect(published(id)).toBe(WRITE_STATE_NEED_DRAIN);
    expect(socket_wrote(id, 5, 0, 1, 1)).toBe(-ERR_INVALID_ARG_VALUE);
    expect(publishedLength(id)).toBe(20000);
    socket_handle_write_done(id, 0);
    socket_end(id);
    expect(socket_wrote(id, 5, 0, 1, 1)).toBe(-ERR_INVALID_ARG_VALUE);
    expect(socket_wrote(0, 5, 0, 1, 1)).toBe(-E_BAD_HANDLE);
    take();
  });
});
