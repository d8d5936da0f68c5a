// Addresses on Ruff: the core's isIP grammar (full profile; Ruff Lite's core has none, so
// Lite asks uv), and host names through Ruff's dns.lookup (Ruff Lite: 'localhost' only).
import { core } from "./runtime";
import { addressFamily } from "../shell/core";
import { nodeError, type NodeStyleError } from "../shell/errors";

type LookupCallback = (error: Error | null, address?: string, family?: number) => void;
type Lookup = (host: string, options: { family?: number }, callback: LookupCallback) => void;

export function isIP(input: unknown): number {
  const text = String(input);
  if (!__LITE__) return addressFamily(core, text);
  return uv.is_ipv4(text) ? 4 : uv.is_ipv6(text) ? 6 : 0;
}

/** Resolves `host` with the connect options' `lookup` (or dns.lookup) and `family`. */
export function lookup(host: string, options: { [key: string]: unknown }, callback: LookupCallback): void {
  const family = options.family === 4 || options.family === 6 ? options.family : 0;
  if (__LITE__) {
    if (host === "localhost") return process.nextTick(callback, null, family === 6 ? "::1" : "127.0.0.1", family === 6 ? 6 : 4);
    const error = nodeError(Error, "ENOTFOUND", "getaddrinfo ENOTFOUND " + host + " (Ruff Lite resolves only 'localhost')");
    return process.nextTick(callback, error);
  }
  const resolve: Lookup = typeof options.lookup === "function" ? (options.lookup as Lookup) : require("dns").lookup;
  resolve(host, family ? { family: family } : {}, function (error, address, addressFamily) {
    callback(error ? lookupError(error, host) : null, address, addressFamily);
  });
}

/** Node's error for a failed lookup ("getaddrinfo ENOTFOUND host"); Ruff's dns passes
 *  libuv's ("EAI_NONAME: ...", no code). */
function lookupError(error: Error & { code?: unknown }, host: string): Error {
  if (typeof error.code === "string" && !/^EAI_/.test(error.code)) return error;
  const match = /^(EAI_[A-Z]+)/.exec(String(error.code || error.message));
  const name = match ? match[1] : "EAI_FAIL";
  const code = name === "EAI_NONAME" || name === "EAI_NODATA" ? "ENOTFOUND" : name;
  const result = nodeError(Error, code, "getaddrinfo " + code + " " + host) as NodeStyleError & { hostname?: string };
  result.errno = code === "ENOTFOUND" ? -3008 : undefined;
  result.syscall = "getaddrinfo";
  result.hostname = host;
  return result;
}
