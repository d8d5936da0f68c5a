// Addresses for the guest API, through the core's own grammar and formatting (../address.ts):
// isIP as node:net answers it, host text to bytes for the ABI, bytes to Node's text.

import { address_scratch, address_parse, address_bytes, address_format, address_text } from "../../assembly/address";

/** 4, 6 or 0, as net.isIP. */
export function isIP(input: string): i32 {
  const units = <u32>input.length;
  const at = address_scratch(units << 1);
  memory.copy(at, changetype<usize>(input), <usize>units << 1);
  return address_parse(units);
}

export function isIPv4(input: string): bool { return isIP(input) == 4; }
export function isIPv6(input: string): bool { return isIP(input) == 6; }

/** Parses `host` (an IP literal, or "localhost") to 16 bytes at `out`; returns 4, 6 or 0. */
export function hostBytes(host: string, out: usize): i32 {
  const family = isIP(host == "localhost" ? "127.0.0.1" : host);
  if (family) memory.copy(out, address_bytes(), 16);
  return family;
}

/** The text Node shows for the address in an ABI address record (family u32, port u32, 16 bytes). */
export function formatAddress(record: usize): string {
  const family = load<u32>(record);
  if (family != 4 && family != 6) return "";
  memory.copy(address_bytes(), record + 8, 16);
  const len = address_format(<i32>family);
  return String.UTF8.decodeUnsafe(address_text(), <usize>len);
}

export function familyName(record: usize): string {
  return load<u32>(record) == 6 ? "IPv6" : "IPv4";
}
