// Size budgets, checked by the build (it fails past one) and shown by npm run docs.
// The cores: issue 3 (small enough for microcontroller-class hosts); the Ruff bundles: issue 7.
export const BUDGETS = {
  "net.wasm": 32 * 1024,
  "net-lite.wasm": 12 * 1024,
  "ruff/net.js": 160 * 1024,
  "ruff-lite/net.js": 64 * 1024,
};

/** Prints one built file's size against its budget (if it has one); false when over budget. */
export function report(name, size, note = "") {
  const budget = BUDGETS[name];
  const ok = budget === undefined || size <= budget;
  const against = budget === undefined ? "" : `  (budget ${budget}) ${ok ? "ok" : "OVER BUDGET"}`;
  console.log(`${name.padEnd(30)} ${String(size).padStart(7)} bytes${against}${note}`);
  return ok;
}
