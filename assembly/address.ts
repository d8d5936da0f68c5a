// IP addresses: Node's isIP grammar, parsing to bytes, formatting as Node reports them, ports.
//
// The grammar is exactly node:net's (lib/internal/net.js):
//   IPv4: four decimal parts 0-255 joined by '.', no leading zeros ("0" itself is fine).
//   IPv6: eight groups of 1-4 hex digits joined by ':'; the last two may be an IPv4 address;
//         one "::" stands for one or more zero groups; then an optional zone: '%' followed by
//         one or more of [0-9a-zA-Z.:-]. No whitespace, no other characters, no length cap.
// Formatting is libuv's (what Node shows in remoteAddress and address()): RFC 5952 (lowercase,
// no leading zeros, the longest run of two or more zero groups as "::", the first if tied),
// plus IPv4 in dotted form for ::ffff:a.b.c.d and for the old compatible form ::a.b.c.d.
//
// The host writes the text as UTF-16 code units into `address_scratch(bytes)` and passes its
// length in code units; parsed bytes and formatted text are in fixed areas (16 and 64 bytes).

import { FAMILY_NONE, FAMILY_IPV4, FAMILY_IPV6 } from "./abi";
import { alloc, capacity, release } from "./memory";

const bytes = memory.data(16, 16); // the parsed or to-be-formatted address, network order
const text = memory.data(64, 16); //  formatted ASCII
let scratch: usize = 0;

const COLON: u32 = 0x3a;
const DOT: u32 = 0x2e;
const PERCENT: u32 = 0x25;

/** A scratch area of at least `size` bytes for the host to write text into. */
export function address_scratch(size: u32): usize {
  if (!scratch || capacity(scratch) < <usize>size) {
    release(scratch);
    scratch = alloc(max<usize>(size, 128));
  }
  return scratch;
}

/** The 16-byte area of parsed bytes (IPv4 uses the first 4). */
export function address_bytes(): usize {
  return bytes;
}

/** The 64-byte area where address_format writes ASCII. */
export function address_text(): usize {
  return text;
}

/** net.isIP on the `len` code units in the scratch area (4, 6 or 0); writes the address's
 *  bytes to address_bytes() (a zone is checked, then dropped). */
export function address_parse(len: u32): i32 {
  if (!scratch) return FAMILY_NONE;
  if (parse4(scratch, <usize>len, bytes)) return FAMILY_IPV4;
  if (parse6(scratch, <usize>len)) return FAMILY_IPV6;
  return FAMILY_NONE;
}

/** Writes the address in address_bytes() as text to address_text(); returns its length. */
export function address_format(family: i32): u32 {
  if (family == FAMILY_IPV4) return <u32>(format4(bytes, text) - text);
  if (family == FAMILY_IPV6) return <u32>(format6(text) - text);
  return 0;
}

/** A valid port number: an integer from 0 to 65535. Hosts apply their language's number
 *  conversion first (Node: a blank string is invalid, then +value). */
export function port_valid(value: f64): bool {
  return value >= 0 && value <= 65535 && Math.floor(value) == value;
}

// ---- parsing ----

@inline function unit(p: usize, i: usize): u32 {
  return load<u16>(p + (i << 1));
}

function isDigit(c: u32): bool { return c - 0x30 < 10; }

function hexValue(c: u32): i32 {
  if (c - 0x30 < 10) return <i32>(c - 0x30);
  const lower = c | 0x20;
  if (lower - 0x61 < 6) return <i32>(lower - 0x61 + 10);
  return -1;
}

/** Strict dotted quad over units [0, len) of p; writes 4 bytes to out. */
function parse4(p: usize, len: usize, out: usize): bool {
  let part = 0;
  let value: u32 = 0;
  let digits = 0;
  for (let i: usize = 0; i <= len; i++) {
    const c = i < len ? unit(p, i) : DOT;
    if (isDigit(c)) {
      if (digits == 1 && value == 0) return false; // leading zero
      value = value * 10 + (c - 0x30);
      if (value > 255 || ++digits > 3) return false;
    } else if (c == DOT) {
      if (digits == 0 || part == 4) return false;
      store<u8>(out + part++, <u8>value);
      value = 0;
      digits = 0;
    } else {
      return false;
    }
  }
  return part == 4;
}

function isZoneUnit(c: u32): bool {
  const lower = c | 0x20;
  return isDigit(c) || lower - 0x61 < 26 || c == DOT || c == COLON || c == 0x2d;
}

/** IPv6 with optional embedded IPv4 and zone; writes 16 bytes to `bytes`. */
function parse6(p: usize, len: usize): bool {
  let end = len;
  for (let i: usize = 0; i < len; i++) {
    if (unit(p, i) == PERCENT) { end = i; break; }
  }
  if (end < len) {
    if (end + 1 == len) return false;
    for (let i = end + 1; i < len; i++) if (!isZoneUnit(unit(p, i))) return false;
  }
  const groups = changetype<usize>(memory.data(16, 16)); // big-endian u16 per group
  let count = 0; // groups seen (an IPv4 tail counts 2)
  let gap = -1; //  group index where "::" stands
  let i: usize = 0;
  if (end >= 2 && unit(p, 0) == COLON && unit(p, 1) == COLON) {
    gap = 0;
    i = 2;
  }
  while (i < end) {
    // one token: up to the next ':' or the end
    let j = i;
    let dotted = false;
    while (j < end && unit(p, j) != COLON) {
      if (unit(p, j) == DOT) dotted = true;
      j++;
    }
    if (j == i) return false; // empty token: ":::" or a lone leading ':'
    if (dotted) {
      if (j != end || count > 6 || !parse4(p + (i << 1), j - i, groups + (count << 1))) return false;
      count += 2;
    } else {
      if (j - i > 4 || count == 8) return false;
      let value: u32 = 0;
      for (let k = i; k < j; k++) {
        const h = hexValue(unit(p, k));
        if (h < 0) return false;
        value = (value << 4) | h;
      }
      store<u16>(groups + (count << 1), bswap<u16>(<u16>value));
      count++;
    }
    if (j == end) break;
    // j is at a ':'
    if (j + 1 < end && unit(p, j + 1) == COLON) {
      if (gap >= 0) return false;
      gap = count;
      i = j + 2;
    } else {
      if (j + 1 == end) return false; // trailing single ':'
      i = j + 1;
    }
  }
  if (gap < 0 ? count != 8 : count > 7) return false;
  // expand "::" into the output
  memory.fill(bytes, 0, 16);
  if (gap < 0) gap = count;
  memory.copy(bytes, groups, <usize>gap << 1);
  const tail = count - gap;
  memory.copy(bytes + 16 - (<usize>tail << 1), groups + (<usize>gap << 1), <usize>tail << 1);
  return true;
}

// ---- formatting ----

function writeDecimal(out: usize, v: u32): usize {
  if (v >= 100) store<u8>(out++, <u8>(0x30 + v / 100));
  if (v >= 10) store<u8>(out++, <u8>(0x30 + (v / 10) % 10));
  store<u8>(out++, <u8>(0x30 + v % 10));
  return out;
}

function format4(src: usize, out: usize): usize {
  for (let i: usize = 0; i < 4; i++) {
    if (i) store<u8>(out++, <u8>DOT);
    out = writeDecimal(out, load<u8>(src + i));
  }
  return out;
}

function writeHex(out: usize, v: u32): usize {
  let started = false;
  for (let shift = 12; shift >= 0; shift -= 4) {
    const d = (v >> shift) & 15;
    if (!d && !started && shift) continue;
    started = true;
    store<u8>(out++, <u8>(d < 10 ? 0x30 + d : 0x57 + d));
  }
  return out;
}

@inline function word(i: i32): u32 {
  return bswap<u16>(load<u16>(bytes + (<usize>i << 1)));
}

function format6(out: usize): usize {
  // the longest run of zero groups (first if tied), if at least 2 long
  let best = -1, bestLen = 0, cur = -1, curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (word(i) == 0) {
      if (cur < 0) { cur = i; curLen = 0; }
      if (++curLen > bestLen) { best = cur; bestLen = curLen; }
    } else {
      cur = -1;
    }
  }
  if (bestLen < 2) best = -1;
  for (let i = 0; i < 8; i++) {
    if (best >= 0 && i >= best && i < best + bestLen) {
      if (i == best) store<u8>(out++, <u8>COLON);
      continue;
    }
    if (i) store<u8>(out++, <u8>COLON);
    if (i == 6 && best == 0 && (bestLen == 6 || (bestLen == 5 && word(5) == 0xffff))) {
      return format4(bytes + 12, out);
    }
    out = writeHex(out, word(i));
  }
  if (best >= 0 && best + bestLen == 8) store<u8>(out++, <u8>COLON);
  return out;
}
