// Core behaviours the model shows to be wrong, reported to the lead and not yet fixed. While
// an entry is here, the random sequences do not make the step that triggers it (so the other
// rules stay under test), and model.test.mjs checks that each is still reproducible: once the
// core is fixed that test fails, and the entry goes.
//
// An entry: { name, why, steps (a minimal sequence, as steps.mjs makes them) or stillThere(core),
// triggers(step, model) }. The three the model found first (EOF without a transport, server_free
// with live connections, writes beyond the pool) were fixed in ABI 3 and are plain rules now.

export const KNOWN_CORE_BUGS = [];

/** Does `step` trigger a known core bug in the model's current state? */
export const triggersKnownBug = (step, model) => KNOWN_CORE_BUGS.some((bug) => bug.triggers(step, model));
