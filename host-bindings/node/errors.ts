// Node-style errors on Node: the shared ones (../errors.ts), with values shown by util.inspect.
import { inspect } from "node:util";
import * as shared from "../errors";

export { coreError, codeOf } from "../errors";

/** How Node describes a received value in argument errors. */
function received(value: unknown): string {
  if (value == null) return ` Received ${value}`;
  if (typeof value === "function") return ` Received function ${value.name || "<anonymous>"}`;
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    return name ? ` Received an instance of ${name}` : ` Received ${inspect(value, { depth: -1 })}`;
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

export function invalidArgType(name: string, expected: string, value: unknown) {
  return shared.invalidArgType(received, name, expected, value);
}

export function badPort(port: unknown, name = "Port") {
  return shared.badPort(received, port, name);
}
