// Core behaviours the model shows to be wrong, reported to the lead and not yet fixed. While
// an entry is here, the random sequences do not make the step that triggers it (so the other
// rules stay under test), and model.test.mjs checks both halves of the entry: that its steps
// still make the core differ from the model (once the core is fixed that test fails, and the
// entry goes), and that `triggers` stops one of its own steps (or the exclusion is no guard).
//
// An entry: { name, why, steps (a minimal sequence, as steps.mjs makes them) or stillThere(core),
// triggers(step, model) }. The three the model found first (EOF without a transport, server_free
// with live connections, writes beyond the pool) were fixed in ABI 3 and are plain rules now.


export const KNOWN_CORE_BUGS = [
  // none known: the four the ABI 4 model found (cork() after end() holding back the FIN, 'drain'
  // after end(), DRAIN with an empty write waiting, DRAIN after the completed writes'
  // WRITE_DONE) were fixed in ABI 4 and are plain rules now
];

/** Whether a step would trigger one of the known bugs (the random sequences leave it out). */
export const triggersKnownBug = (step, model) => KNOWN_CORE_BUGS.some((bug) => bug.triggers(step, model));
