// What a host adapter must show for each step of tests/vectors/sockets.json: the transport
// calls it makes and the user events it emits, as two sequences (actions run at once and user
// events a tick later, so they are compared apart). Shared by the Node and Ruff replays.

const ACTIONS = new Set(["read_start", "read_stop", "send", "shutdown", "close", "reset", "unlisten", "timer_start", "timer_stop", "no_delay", "keep_alive"]);
// Records a host handles without a trace of its own: AFTER_END (what its next tick does shows as
// the records after it) and END_DONE (end()'s callbacks; the replays pass none).
const SILENT = new Set(["after_end", "after_write", "end_done"]);

/** The records a step expects, as the two sequences the host produces. */
export function expected(step) {
  const actions = [];
  const events = [];
  const [verb, name, len] = step.do.split(/\s+/);
  if (verb === "write" && step.returns?.startsWith("direct")) actions.push(`${name} send ${len}`);
  if (verb === "write" && step.returns !== undefined && !/^(direct|copy) /.test(step.returns)) {
    // a refused write: the core answers with the error, and its callback gets it first, as in
    // Node; a socket that is already gone answers as a destroyed stream does
    events.push(`${name} write_cb ${step.returns === "E_BAD_HANDLE" ? "ERR_STREAM_DESTROYED" : step.returns}`);
  }
  for (const record of step.expect ?? []) {
    const [who, op, ...args] = record.split(" ");
    if (SILENT.has(op)) continue;
    if (ACTIONS.has(op)) actions.push(record);
    else if (op === "write_done") for (let i = 0; i < Number(args[0]); i++) events.push(`${who} write_cb ${args[1]}`);
    else if (op === "server_error") events.push(`${who} error ${args[0]}`);
    else events.push(record);
  }
  return { actions, events };
}

/** The first difference between what a host did for each step (`results[i]`: actions, events,
 *  returned, actual, problems, or thrown) and what the vectors say, or null. `writeCallbacks`:
 *  false for a host whose API has no per-write callbacks (their events are not expected). */
export function judge(steps, results, { writeCallbacks = true } = {}) {
  for (const [index, step] of steps.entries()) {
    const where = `step ${index + 1} (${step.do})`;
    const got = results[index];
    if (!got) return `${where}: no result`;
    if (got.thrown) return `${where}: threw ${got.thrown}`;
    const [verb, , field, value] = step.do.split(/\s+/);
    if (got.problems.length) return `${where}: ${got.problems[0]}`;
    if (verb === "write" && step.returns !== undefined) {
      const want = /^(direct|copy) /.test(step.returns) ? step.returns.split(" ")[1] : "false";
      if (got.returned !== want) return `${where}: write() returned ${got.returned}, expected ${want}`;
    }
    if (["listen", "connect", "close", "accept"].includes(verb) && step.returns !== undefined && got.returned !== step.returns) {
      return `${where}: returned ${got.returned}, expected ${step.returns}`;
    }
    if (verb === "state" && got.actual !== value) return `${where}: ${field} is ${got.actual}, expected ${value}`;
    if (verb === "state_at_end" && got.actual !== field) return `${where}: readyState in 'end' was ${got.actual}, expected ${field}`;
    if (verb === "connections" && got.actual !== field) return `${where}: connections is ${got.actual}`;
    const want = expected(step);
    if (!writeCallbacks) want.events = want.events.filter((e) => e.split(" ")[1] !== "write_cb");
    if (JSON.stringify(got.actions) !== JSON.stringify(want.actions)) {
      return `${where}: transport calls\n    got      ${JSON.stringify(got.actions)}\n    expected ${JSON.stringify(want.actions)}`;
    }
    if (JSON.stringify(got.events) !== JSON.stringify(want.events)) {
      return `${where}: user events\n    got      ${JSON.stringify(got.events)}\n    expected ${JSON.stringify(want.events)}`;
    }
  }
  return null;
}
