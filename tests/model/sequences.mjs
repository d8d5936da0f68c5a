// Runs random sequences of inputs through a core and through the model (net-model.mjs) and
// compares, after every step: what the input returned, every record (with the bytes of
// every SEND and DATA), the queryable state of every socket and server, and that the core
// did not trap. A sequence ends by destroying every socket and closing and freeing every
// server, so its end state is compared too.

import { Core } from "../../build/out/core.js";
import { ABI_VERSION } from "../../build/out/abi.js";
import { randomSource } from "../fuzz/random.mjs";
import { NetModel } from "./net-model.mjs";
import { CoreDriver } from "./core-driver.mjs";
import { nextSteps, namer, stepText } from "./steps.mjs";
import { triggersKnownBug } from "./known-core-bugs.mjs";

/** The seed of sequence `index` of a run seeded `runSeed` (sequence 0 has the run's seed). */
export const sequenceSeed = (runSeed, index) => (runSeed + Math.imul(index, 0x9e3779b9)) >>> 0;

/** A fresh core from a compiled module (instantiating is cheap; compiling is done once). */
export function freshCore(module) {
  const core = new Core(new WebAssembly.Instance(module, {}).exports);
  if (core.exports.abi_version() !== ABI_VERSION) throw new Error(`core ABI ${core.exports.abi_version()}, tests know ${ABI_VERSION}`);
  return core;
}

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Compares one step; returns null or the difference, as text. */
function runStep(step, model, driver) {
  const isLive = (kind, name) => (kind === "socket" ? model.sockets.get(name)?.gone === false : model.servers.get(name)?.freed === false);
  const liveBefore = new Set(model.liveSockets().map(([name]) => name));
  let got;
  try {
    got = driver.apply(step, isLive);
  } catch (error) {
    return { difference: `the core trapped: ${error?.stack ?? error}`, returned: "trap", records: [] };
  }
  const want = model.apply(step);
  const closedNow = new Set([...liveBefore].filter((name) => model.sockets.get(name).gone));
  const lines = [];
  if (got.returned !== want.returned) lines.push(`returned: core "${got.returned}", model "${want.returned}"`);
  if (!same(got.records, want.records)) lines.push(`records:\n      core  ${JSON.stringify(got.records)}\n      model ${JSON.stringify(want.records)}`);
  if (got.problems.length) lines.push(...got.problems);
  const gotState = driver.observe(model, closedNow);
  const wantState = model.observe(closedNow);
  if (!same(gotState, wantState)) lines.push(`state:\n      core  ${JSON.stringify(gotState)}\n      model ${JSON.stringify(wantState)}`);
  return { difference: lines.length ? lines.join("\n    ") : null, returned: want.returned, records: want.records };
}

/** Runs one sequence; returns { failure, stats } (failure null when core and model agreed). */
export function runSequence(module, seed) {
  const r = randomSource(seed);
  const holdEnd = r.chance(0.3);
  const model = new NetModel({ holdEnd });
  const driver = new CoreDriver(freshCore(module), { holdEnd });
  const names = namer();
  const log = [];
  const stats = { steps: 0, records: 0, seen: {} };
  const check = (step) => {
    log.push(stepText(step));
    const before = step.verb === "connect" ? model.sockets.get(step.who) : null;
    const again = before && !before.gone && !before.server && before.transport !== "none" ? `connect while ${before.transport}` : null;
    const { difference, returned, records } = runStep(step, model, driver);
    if (again) stats.seen[again] = (stats.seen[again] ?? 0) + 1;
    stats.steps++;
    stats.records += records.length;
    const kinds = records.flatMap((text) => {
      const [, op, arg, code] = text.split(" ");
      if (op === "closed" || op === "server_closed" || op === "close") return [`${op} ${arg}`];
      if (op === "write_done" && code !== "OK") return [op, `${op} ${code}`];
      return [op];
    });
    for (const kind of [`returned ${returned}`, ...kinds]) stats.seen[kind] = (stats.seen[kind] ?? 0) + 1;
    return difference && { seed, holdEnd, steps: log, difference };
  };
  const length = r.between(10, 120);
  for (let i = 0; i < length; i++) {
    const stale = [...model.sockets].filter(([name, s]) => s.gone && driver.staleIdFree(name)).map(([name]) => name);
    for (const step of nextSteps(r, model, names, stale)) {
      if (triggersKnownBug(step, model)) break;
      const failure = check(step);
      if (failure) return { failure, stats };
    }
  }
  const cleanup = [
    ...model.liveSockets().map(([who]) => ({ verb: "destroy", who, args: [] })),
    ...model.liveServers().flatMap(([who]) => [{ verb: "close", who, args: [] }, { verb: "free", who, args: [] }]),
  ];
  for (const step of cleanup) {
    const failure = check(step);
    if (failure) return { failure, stats };
  }
  return { failure: null, stats };
}

export function describeFailure({ seed, holdEnd, steps, difference }) {
  return [
    `sequence seed ${seed}${holdEnd ? " (the host holds END: end_seen is a step)" : ""}, failed at step ${steps.length}:`,
    ...steps.map((s, i) => `  ${String(i + 1).padStart(3)}  ${s}`),
    `    ${difference}`,
  ].join("\n");
}

/** Runs `count` sequences from `runSeed`; stops at the first failure. */
export function runSequences(module, runSeed, count) {
  const totals = { sequences: 0, steps: 0, records: 0, seen: {} };
  for (let i = 0; i < count; i++) {
    const { failure, stats } = runSequence(module, sequenceSeed(runSeed, i));
    totals.sequences++;
    totals.steps += stats.steps;
    totals.records += stats.records;
    for (const k in stats.seen) totals.seen[k] = (totals.seen[k] ?? 0) + stats.seen[k];
    if (failure) return { failure, totals };
  }
  return { failure: null, totals };
}

/** Does a known bug's `triggers` stop one of its own `steps`, replayed through the model? If
 *  not, the random sequences would not be kept from the bug. */
export function triggeredAlong(bug) {
  const model = new NetModel({ holdEnd: false });
  return bug.steps.some((step) => bug.triggers(step, model) || (model.apply(step), false));
}

/** Does the core still differ from the model somewhere in `steps` (a fixed, short sequence)? */
export function coreDiffers(module, steps) {
  const model = new NetModel({ holdEnd: false });
  const driver = new CoreDriver(freshCore(module), { holdEnd: false });
  return steps.some((step) => runStep(step, model, driver).difference !== null);
}
