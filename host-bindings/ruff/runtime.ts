// The one core of a Ruff process, in its plain-JavaScript form, and its record router.
import { plainCore } from "../core";
import { Router } from "../router";
import { instantiate } from "wasm-net-core";

export const core = plainCore(instantiate());
export const wasm = core.exports;
export const router = new Router(core, {
  nextTick: function (run, events) { process.nextTick(run, events); },
  setImmediate: function (run) { setImmediate(run); },
});

/** The core's clock: milliseconds from a monotonic origin. */
export function now(): number {
  return uv.hrtime() / 1e6; // no array per call, as process.hrtime() makes
}
