// Core behaviours the model shows to be wrong, reported to the lead and not yet fixed. While
// an entry is here, the random sequences do not make the step that triggers it (so the other
// rules stay under test), and model.test.mjs checks both halves of the entry: that its steps
// still make the core differ from the model (once the core is fixed that test fails, and the
// entry goes), and that `triggers` stops one of its own steps (or the exclusion is no guard).
//
// An entry: { name, why, steps (a minimal sequence, as steps.mjs makes them) or stillThere(core),
// triggers(step, model) }. The three the model found first (EOF without a transport, server_free
// with live connections, writes beyond the pool) were fixed in ABI 3 and are plain rules now.

import * as E from "../../build/out/abi.js";

const socketOf = (step, model) => {
  const s = typeof step.who === "string" ? model.sockets.get(step.who) : null;
  return s && !s.gone ? s : null;
};
const bytes = (n) => new Uint8Array(n).fill(7);
const wouldQueue = (s) => s.transport !== "open" || s.corked > 0 || s.inFlight !== null || s.accepted.length > 0;

export const KNOWN_CORE_BUGS = [
  {
    name: "cork() after end() holds back the FIN",
    why: "Node sends FIN once nothing is left to write, corked or not (only buffered writes wait for " +
      "uncork: Writable's final step ignores the cork count); the core's flush sends neither SEND nor " +
      "SHUTDOWN while corked, so end(); cork() never finishes",
    steps: [
      { verb: "open", who: "s1", args: [] },
      { verb: "connect", who: "s1", args: [] },
      { verb: "end", who: "s1", args: [] },
      { verb: "cork", who: "s1", args: [] },
      { verb: "connected", who: "s1", args: [] },
    ],
    triggers: (step, model) => step.verb === "cork" && socketOf(step, model)?.ending === true && !socketOf(step, model).finSent,
  },
  {
    name: "'drain' after end()",
    why: "Node's afterWrite emits 'drain' only while the stream is not ending; the core emits DRAIN " +
      "once the writes complete even after end() (or the half-open rule's end)",
    steps: [
      { verb: "open", who: "s1", args: ["connected"] },
      { verb: "marks", who: "s1", args: [-1, 1] },
      { verb: "write", who: "s1", args: [5, bytes(5)] },
      { verb: "end", who: "s1", args: [] },
      { verb: "written", who: "s1", args: [] },
    ],
    // end() while a 'drain' is owed, also the host's end() after AUTO_END, which follows at
    // once a step that delivers END when the host does not hold it
    triggers: (step, model) => {
      const s = socketOf(step, model);
      if (!s || !s.needDrain) return false;
      return step.verb === "end" || (!model.holdEnd && !s.allowHalfOpen && (step.verb === "eof" || step.verb === "resume"));
    },
  },
  {
    name: "DRAIN while an empty write waits, before any write completed",
    why: "Node decides 'drain' only when a write completes (afterWrite); the core checks at every " +
      "input whether any byte waits, so with a write mark of 0 an empty write queued while " +
      "connecting (or corked) gets DRAIN at the next input, e.g. resume()",
    steps: [
      { verb: "open", who: "s1", args: [] },
      { verb: "marks", who: "s1", args: [-1, 0] },
      { verb: "connect", who: "s1", args: [] },
      { verb: "write", who: "s1", args: [0, bytes(0)] },
      { verb: "resume", who: "s1", args: [] },
    ],
    // an empty write that would be queued; the other empty-write orderings differ the same way
    triggers: (step, model) => step.verb === "write" && step.args[0] === 0 && socketOf(step, model) !== null &&
      wouldQueue(socketOf(step, model)),
  },
  {
    name: "DRAIN comes after the completed writes' WRITE_DONE (Node: 'drain' before their callbacks)",
    why: "Node's afterWrite emits 'drain' and then calls the write callbacks, so a listener that " +
      "writes from both puts its bytes in the other order than wasm-net does. The model keeps the " +
      "core's order (socket-model.mjs, written()) so the sequences stay comparable: once the core " +
      "is fixed, put DRAIN before WRITE_DONE in the model and remove this entry",
    stillThere(core) {
      const e = core.exports;
      const id = e.socket_open(E.OPEN_CONNECTED);
      e.socket_set_marks(id, -1, 1);
      e.socket_write(id, 5, 0);
      e.socket_handle_write_done(id, 0);
      const ops = [];
      core.drain((op) => { if (op === E.OP_WRITE_DONE || op === E.OP_DRAIN) ops.push(op); });
      return ops.join() === [E.OP_WRITE_DONE, E.OP_DRAIN].join();
    },
    triggers: () => false, // every sequence with a 'drain' has it: the model follows the core instead
  },
];

/** Does `step` trigger a known core bug in the model's current state? */
export const triggersKnownBug = (step, model) => KNOWN_CORE_BUGS.some((bug) => bug.triggers(step, model));
