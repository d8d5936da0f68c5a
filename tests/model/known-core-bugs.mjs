// Core behaviours the model shows to be wrong, reported to the lead and not yet fixed. While
// an entry is here, the random sequences do not make the step that triggers it (so the other
// rules stay under test), and model.test.mjs checks both halves of the entry: that its steps
// still make the core differ from the model (once the core is fixed that test fails, and the
// entry goes), and that `triggers` stops one of its own steps (or the exclusion is no guard).
//
// An entry: { name, why, steps (a minimal sequence, as steps.mjs makes them) or stillThere(core),
// triggers(step, model) }. The three the model found first (EOF without a transport, server_free
// with live connections, writes beyond the pool) were fixed in ABI 3 and are plain rules now.

const socketOf = (step, model) => {
  const s = typeof step.who === "string" ? model.sockets.get(step.who) : null;
  return s && !s.gone ? s : null;
};
const bytes = (n) => new Uint8Array(n).fill(7);

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
];

/** Does `step` trigger a known core bug in the model's current state? */
export const triggersKnownBug = (step, model) => KNOWN_CORE_BUGS.some((bug) => bug.triggers(step, model));
