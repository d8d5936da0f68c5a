// Node's internal bindings (process.binding), on Node itself and only where using them warns
// no one: libuv's stream handles for the transport (transport.ts), and the JSStream the
// socket's handle for Node's C++ consumers is made of (stream-handle.ts).

/** The binding `name`, or null: on Deno and Bun (which imitate some bindings, not their read
 *  path: on Deno 2.9 the handles accept but reads never arrive), and where process.binding()
 *  is DEP0111 under --pending-deprecation (a warning, or an exit under --throw-deprecation). */
export function nodeBinding<T>(name: string): T | null {
  if (!usable) return null;
  try {
    return (process as unknown as { binding(name: string): T }).binding(name) ?? null;
  } catch {
    return null;
  }
}

const usable = ((): boolean => {
  const versions = process.versions as Record<string, string | undefined>;
  if (versions.deno || versions.bun || typeof (globalThis as { Deno?: unknown }).Deno !== "undefined") return false;
  if (typeof (process as unknown as { binding?: unknown }).binding !== "function") return false;
  const pending = /(^|\s)--pending-deprecation(\s|=|$)/;
  const warns = process.execArgv.some((arg) => pending.test(arg)) || pending.test(process.env.NODE_OPTIONS ?? "") ||
    process.env.NODE_PENDING_DEPRECATION === "1";
  return !warns || process.noDeprecation === true;
})();
