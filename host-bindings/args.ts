// Argument forms every JavaScript host reads the same way (ES5-safe: the Ruff bundle uses it).

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
