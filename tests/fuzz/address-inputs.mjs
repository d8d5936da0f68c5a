// Generated strings for the address differential: random text, and valid IPv4/IPv6 addresses
// mutated with what real inputs get wrong (digits, colons, dots, zones, whitespace, digits from
// other scripts, fullwidth forms, over-long input, IPv4 inside IPv6).
//
// addressInput(random) returns [kind, string]; the kind only labels the tally.

const DIGITS = "0123456789";
const HEX = "0123456789abcdefABCDEF";
const WHITESPACE = [" ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u1680", "\u2000", "\u2028", "\u2029",
  "\u202f", "\u205f", "\u3000", "\ufeff", "\u200b", "\u0000"];
// Zero in scripts whose digits are contiguous: U+0660 Arabic-Indic, U+06F0 Extended Arabic-Indic,
// U+0966 Devanagari, U+09E6 Bengali, U+FF10 fullwidth, U+1D7CE mathematical bold (a surrogate pair).
const ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0xff10, 0x1d7ce];
const LOOKALIKES = {
  ":": ["\uff1a", "\ufe55", "\u2236", "\u02d0", ";"],
  ".": ["\uff0e", "\u3002", "\uff61", "\u2024", ","],
  "%": ["\uff05", "\u066a"],
  a: ["\uff41", "\u0430"], // fullwidth a, Cyrillic a
  f: ["\uff46"],
  A: ["\uff21", "\u0391"],
  F: ["\uff26"],
};
const ODD = ["\u00b9", "\u00b2", "\u2460", "\u212a", "\u0131", "\u0130", "\u0301", "\ud800", "\udc00", "\ud83d\ude00",
  "\u00e9", "\u00ff", "\u0100", "\uffff", "\u007f", "-", "_", "/", "\\", "[", "]", "#", "+", "*", "~", "'", "\"", "@",
  "g", "G", "x", "X", "z", "Z", "o", "O", "l", "I", "e", "E"];
const ZONE_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.:";

/** Digit `d` (0-9) written in another script. */
const foreignDigit = (r, d) => String.fromCodePoint(r.pick(ZEROS) + d);

function ipv4Part(r) {
  switch (r.int(6)) {
    case 0: return String(r.pick([0, 1, 9, 10, 99, 100, 199, 200, 249, 250, 255]));
    case 1: return String(r.pick([256, 260, 299, 300, 999, 1000, 65535, 4294967296]));
    case 2: return r.pick(["00", "01", "010", "0255", "000", "0x1", "1e1", "-1", "+1", ""]);
    default: return String(r.int(256));
  }
}

function validIpv4(r) {
  return [r.int(256), r.int(256), r.int(256), r.int(256)].map((v) => (r.chance(0.3) ? r.pick([0, 255, 1]) : v)).join(".");
}

/** An IPv4-looking string: usually four good parts, sometimes boundary or wrong ones. */
function dotted(r) {
  if (r.chance(0.6)) return validIpv4(r);
  const n = r.chance(0.8) ? 4 : r.pick([1, 2, 3, 5, 6]);
  return Array.from({ length: n }, () => ipv4Part(r)).join(".");
}

function group(r) {
  const word = r.chance(0.3) ? r.pick([0, 1, 0xffff, 0xfffe, 0x64, 0xff9b]) : r.int(65536);
  let text = word.toString(16);
  if (r.chance(0.15)) text = text.padStart(r.between(text.length, 4), "0");
  if (r.chance(0.05)) text = text.padStart(5, "0"); // five digits: never valid
  return r.chance(0.2) ? text.toUpperCase() : text;
}

function zone(r) {
  const n = r.chance(0.9) ? r.between(1, 8) : r.pick([0, 64, 300]);
  let z = "";
  for (let i = 0; i < n; i++) z += r.chance(0.95) ? r.pick(ZONE_CHARS) : r.pick([...ODD, "%", " ", ...WHITESPACE]);
  return "%" + z;
}

/** An IPv6-looking string: 8 groups, or fewer around a "::", an IPv4 tail, a zone. Usually valid. */
function ipv6(r) {
  const tail4 = r.chance(0.25);
  const total = r.chance(0.9) ? (tail4 ? 6 : 8) : r.between(0, 10);
  const groups = Array.from({ length: total }, () => group(r));
  let text;
  if (r.chance(0.7)) {
    // a "::" standing for at least one group, at a random place
    const cut = r.int(total + 1);
    const drop = Math.min(total - cut, r.chance(0.85) ? r.between(1, 8) : 0);
    text = groups.slice(0, cut).join(":") + "::" + groups.slice(cut + drop).join(":");
  } else {
    text = groups.join(":");
  }
  if (tail4) text += (text === "" || text.endsWith(":") ? "" : ":") + dotted(r);
  if (r.chance(0.1)) text = r.pick(["::ffff:", "::", "64:ff9b::", "::ffff:0:", "0:0:0:0:0:ffff:"]) + dotted(r);
  if (r.chance(0.15)) text += zone(r);
  return text;
}

function randomText(r) {
  const n = r.chance(0.9) ? r.int(24) : r.int(80);
  let s = "";
  for (let i = 0; i < n; i++) {
    const k = r.int(10);
    s += k < 3 ? r.pick(HEX) : k < 5 ? ":" : k < 7 ? "." : k === 7 ? r.pick(DIGITS) : k === 8 ? r.pick(ODD) : r.pick(WHITESPACE);
  }
  return s;
}

/** One edit of the kinds that turn a good address into a near miss. */
function mutateOnce(r, s) {
  const at = r.int(s.length + 1);
  const put = (text) => s.slice(0, at) + text + s.slice(at);
  switch (r.int(12)) {
    case 0: return put(r.pick(DIGITS));
    case 1: return put(r.pick([":", "::", ".", "%"]));
    case 2: return s.slice(0, at) + s.slice(at + 1); // delete one code unit
    case 3: return s.slice(0, at) + r.pick(HEX) + s.slice(at + 1);
    case 4: return r.pick([put(r.pick(WHITESPACE)), r.pick(WHITESPACE) + s, s + r.pick(WHITESPACE)]);
    case 5: { // an ASCII digit written in another script
      const digits = [...s].map((c, i) => (c >= "0" && c <= "9" ? i : -1)).filter((i) => i >= 0);
      if (!digits.length) return put(foreignDigit(r, r.int(10)));
      const i = r.pick(digits);
      const chars = [...s];
      chars[i] = foreignDigit(r, Number(chars[i]));
      return chars.join("");
    }
    case 6: { // a separator or hex letter replaced by a lookalike
      const chars = [...s];
      const spots = chars.map((c, i) => (c in LOOKALIKES ? i : -1)).filter((i) => i >= 0);
      if (!spots.length) return put(r.pick(ODD));
      const i = r.pick(spots);
      chars[i] = r.pick(LOOKALIKES[chars[i]]);
      return chars.join("");
    }
    case 7: return s + zone(r);
    case 8: { // a slice doubled
      const end = Math.min(s.length, at + r.between(1, 6));
      return s.slice(0, end) + s.slice(at, end) + s.slice(end);
    }
    case 9: return s.slice(0, at); // truncated
    case 10: return put(r.pick(ODD));
    default: { // two neighbours swapped
      if (s.length < 2) return s + s;
      const i = Math.min(at, s.length - 2);
      return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    }
  }
}

function mutate(r, s) {
  for (let k = r.chance(0.6) ? 1 : r.between(2, 4); k > 0; k--) s = mutateOnce(r, s);
  return s;
}

/** Long inputs: repeated groups, long zones, long digit runs, padding (40 to 2,000 units). */
function overLong(r) {
  const n = r.chance(0.8) ? r.between(10, 100) : r.between(100, 500);
  switch (r.int(7)) {
    case 0: return "::" + Array.from({ length: n }, () => group(r)).join(":");
    case 1: return ipv6(r) + "%" + "a".repeat(n * 4);
    case 2: return "0".repeat(n) + r.pick(["1.2.3.4", "::1", "1::", "1"]);
    case 3: return validIpv4(r) + ".1".repeat(n);
    case 4: return r.pick([":", ".", "::", "1:", "1."]).repeat(n);
    case 5: return ipv6(r).padEnd(n * 4, r.pick([" ", "0", ":"]));
    default: return "fe80::1%" + Array.from({ length: n }, () => r.pick(ZONE_CHARS)).join("");
  }
}

/** [kind, input]: the kinds are fixed shares of the stream. */
export function addressInput(r) {
  const k = r.int(100);
  if (k < 10) return ["ipv4", dotted(r)];
  if (k < 25) return ["ipv6", ipv6(r)];
  if (k < 40) return ["ipv4 mutated", mutate(r, dotted(r))];
  if (k < 70) return ["ipv6 mutated", mutate(r, ipv6(r))];
  if (k < 90) return ["random", r.chance(0.3) ? mutate(r, randomText(r)) : randomText(r)];
  if (k < 98) return ["embedded ipv4", mutate(r, group(r) + "::" + (r.chance(0.5) ? "ffff:" : "") + dotted(r))];
  return ["over-long", r.chance(0.5) ? overLong(r) : mutate(r, overLong(r))];
}
