// Argument forms every JavaScript host reads the same way (ES5-safe: the Ruff bundle uses it).
import type { Host } from "./host";
import { invalidArgType, badPort } from "./errors";

/** Node's connect argument forms: (options[, cb]), (port[, host][, cb]), (path[, cb]). */
export function normalizeConnectArgs(args: unknown[]): [{ [key: string]: unknown }, unknown] {
  const last = args[args.length - 1];
  const cb = typeof last === "function" ? last : undefined;
  const first = args[0], second = args[1];
  const options: { [key: string]: unknown } = {};
  if (first !== null && typeof first === "object") {
    for (const key in first as object) options[key] = (first as { [key: string]: unknown })[key];
    return [options, cb];
  }
  if (typeof first === "string" && !/^\d+$/.test(first) && isNaN(Number(first))) {
    options.path = first;
    return [options, cb];
  }
  options.port = first;
  if (typeof second === "string") options.host = second;
  return [options, cb];
}

/** Node's port rule: a number or a numeric string (not blank) that the core finds valid.
 *  Node names the property in the type error and `rangeName` in the range error. */
export function checkPort(host: Host, port: unknown, rangeName?: string): number {
  const describe = host.platform.describe;
  if (typeof port !== "number" && typeof port !== "string") throw invalidArgType(describe, "options.port", "one of type number or string", port);
  if ((typeof port === "string" && port.replace(/^\s+|\s+$/g, "") === "") || !host.wasm.port_valid(+port)) throw badPort(describe, port, rangeName);
  return +port;
}
