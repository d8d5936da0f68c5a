// What a host adapter must show for each step of tests/vectors/sockets.json: the transport
// calls it makes and the user events it emits, as two sequences (actions run at once and user
// events a tick later, so they are compared apart). Shared by the Node and Ruff replays.

const ACTIONS = new Set(["read_start", "read_stop", "send", "shutdown", "close", "unlisten", "timer_start", "timer_stop"]);

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
    if (ACTIONS.has(op)) actions.push(record);
    else if (op === "write_done") for (let i = 0; i < Number(args[0]); i++) events.push(`${who} write_cb ${args[1]}`);
    else if (op === "server_error") events.push(`${who} error ${args[0]}`);
    else events.push(record);
  }
  return { actions, events };
}
