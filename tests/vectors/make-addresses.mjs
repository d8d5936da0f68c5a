// Writes tests/vectors/addresses.json: the address grammar and formatting cases for the core.
//
//   node tests/vectors/make-addresses.mjs
//
// Every expected value comes from this machine's Node, never from the wasm core:
//   family  net.isIP(input)
//   bytes   a small expansion below (valid inputs only), cross-checked against SocketAddress
//   text    new net.SocketAddress({ address: input without its zone, family }).address,
//           which is libuv's inet_ntop (what Node shows in remoteAddress and address())
// Each case's note starts with "[category]"; tests/addresses.test.mjs groups by it.

import net from "node:net";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const OUT = fileURLToPath(new URL("./addresses.json", import.meta.url));

const cases = [];
const seen = new Map(); // input -> category of the case that has it
const counts = new Map();

function add(category, input, detail = "") {
  if (typeof input !== "string") throw new Error(`not a string: ${input}`);
  if (seen.has(input)) return; // the first category to list an input keeps it
  seen.set(input, category);
  counts.set(category, (counts.get(category) ?? 0) + 1);
  const family = net.isIP(input);
  const c = { input, family };
  if (family !== 0) {
    const bytes = expand(input, family);
    c.bytes = hex(bytes);
    c.text = nodeText(withoutZone(input), family);
    crossCheck(input, family, bytes, c.text);
  }
  c.note = `[${category}]${detail ? " " + detail : ""}`;
  cases.push(c);
}

// ---- independent expansion (only ever given inputs net.isIP accepts) ----

function withoutZone(s) {
  const at = s.indexOf("%");
  return at < 0 ? s : s.slice(0, at);
}

function expand(input, family) {
  const s = withoutZone(input);
  if (family === 4) {
    const parts = s.split(".").map((p) => Number.parseInt(p, 10));
    if (parts.length !== 4 || parts.some((v) => !(v >= 0 && v <= 255))) throw new Error(`bad IPv4 ${s}`);
    return Uint8Array.from(parts);
  }
  const words = (list) => {
    const out = [];
    for (const g of list) {
      if (g.includes(".")) {
        const v4 = expand(g, 4);
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new Error(`bad group ${JSON.stringify(g)} in ${s}`);
        out.push(Number.parseInt(g, 16));
      }
    }
    return out;
  };
  const split = (part) => (part === "" ? [] : part.split(":"));
  let all;
  const gap = s.indexOf("::");
  if (gap < 0) {
    all = words(split(s));
  } else {
    const head = words(split(s.slice(0, gap)));
    const tail = words(split(s.slice(gap + 2)));
    const zeros = 8 - head.length - tail.length;
    if (zeros < 1) throw new Error(`"::" stands for nothing in ${s}`);
    all = [...head, ...new Array(zeros).fill(0), ...tail];
  }
  if (all.length !== 8) throw new Error(`not 8 groups: ${s}`);
  const bytes = new Uint8Array(16);
  all.forEach((w, i) => { bytes[2 * i] = w >> 8; bytes[2 * i + 1] = w & 255; });
  return bytes;
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

function fullForm(bytes) {
  const words = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return words.join(":");
}

function nodeText(address, family) {
  return new net.SocketAddress({ address, family: family === 4 ? "ipv4" : "ipv6" }).address;
}

/** The expansion must agree with libuv both ways: Node's text expands to the same bytes, and
 *  the uncompressed form of our bytes is shown by Node as the same text. */
function crossCheck(input, family, bytes, text) {
  if (hex(expand(text, family)) !== hex(bytes)) {
    throw new Error(`expansion of ${JSON.stringify(input)} disagrees with Node's ${text}`);
  }
  const full = family === 4 ? Array.from(bytes).join(".") : fullForm(bytes);
  if (nodeText(full, family) !== text) throw new Error(`round trip of ${JSON.stringify(input)} via ${full}`);
}

// ---- hand-written categories ----

// Node's documentation of net.isIP / isIPv4 / isIPv6.
for (const s of ["::1", "127.0.0.1", "127.000.000.001", "127.0.0.1/24", "fhqwhgads"]) {
  add("node-docs", s, "net.isIP documentation example");
}

// In the spirit of Node's test/parallel/test-net-isip.js (own cases).
for (const [s, d] of [
  ["10.20.30.40", "plain IPv4"],
  ["y10.20.30.40", "letter before an IPv4"],
  ["10.20.30.40y", "letter after an IPv4"],
  ["nodejs.org", "host name"],
  ["localhost", "host name"],
  ["0000:0000:0000:0000:0000:0000:0000:0001", "eight 4-digit groups"],
  ["0000:0000:0000:0000:0000:0000:0000:0000::0000", "eight groups then ::"],
  ["0:0:0:0:0:0:0:0::0", "eight groups then ::"],
  ["1050:0:0:0:5:600:300c:326b", "uncompressed"],
  ["2001:db8:0:1::2008:6", "compressed middle"],
  ["2001:db8:cafe:1::2008:6", "compressed middle"],
  ["2001:db8::", "trailing ::"],
  ["2001:db8:cafe::", "trailing ::"],
  ["2001:db8:cafe:1::", "trailing ::"],
  [":2001:db8:0:1::2008:6", "leading single colon"],
  ["2001:db8:0:1::2008:6:", "trailing single colon"],
  [":2001:db8:0:1::2008:6:", "single colon at both ends"],
  ["2001:db8::1::6", "two ::"],
  ["::2001:db8:1:2008:6", "leading ::"],
  ["::2001:db8:1:10.0.0.1", "leading :: and IPv4 tail"],
  ["::2001:db8:1:255.255.255.255", "leading :: and IPv4 tail"],
  ["::2001:db8:ffff:10.0.0.1", "leading :: and IPv4 tail"],
  ["::2001:db8:1:2:3:10.0.0.1", "seven groups' worth after ::"],
  ["::2001:db8:1:2:3:4:10.0.0.1", "eight groups' worth after ::"],
  ["2001:db8:1:2:3:4:5:10.0.0.1", "nine groups' worth"],
  ["::10.0.0.1:2001", "IPv4 not last"],
  ["::1.2.3.4:ffff", "IPv4 not last"],
  ["::anything", "non-hex group"],
  ["::1::", "two ::"],
  ["1:2:3:4:5:6:7:8:9", "nine groups"],
  ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "all ones"],
  ["::ffff:255.255.255.255", "mapped broadcast"],
  ["::ffff:256.255.255.255", "mapped, part over 255"],
  ["undefined", "what String(undefined) gives"],
  ["null", "what String(null) gives"],
  ["[object Object]", "what String({}) gives"],
  ["123", "a number as text"],
  ["0", "a number as text"],
  ["NaN", "a number as text"],
  ["true", "a boolean as text"],
]) add("node-test-ideas", s, d);

// RFC 4291 section 2.2: the three conventional text forms.
for (const [s, d] of [
  ["ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", "form 1, preferred"],
  ["2001:DB8:0:0:8:800:200C:417A", "form 1, no leading zeros"],
  ["2001:0DB8:0000:0000:0008:0800:200C:417A", "form 1, leading zeros"],
  ["FF01:0:0:0:0:0:0:101", "form 1, multicast"],
  ["0:0:0:0:0:0:0:1", "form 1, loopback"],
  ["0:0:0:0:0:0:0:0", "form 1, unspecified"],
  ["2001:DB8::8:800:200C:417A", "form 2, unicast"],
  ["FF01::101", "form 2, multicast"],
  ["::1", "form 2, loopback"],
  ["::", "form 2, unspecified"],
  ["0:0:0:0:0:0:13.1.68.3", "form 3, IPv4-compatible"],
  ["0:0:0:0:0:FFFF:129.144.52.38", "form 3, IPv4-mapped"],
  ["::13.1.68.3", "form 3 compressed, compatible"],
  ["::FFFF:129.144.52.38", "form 3 compressed, mapped"],
  ["2001:DB8:0:0:8:800:200C:417A:", "form 1 with a trailing colon"],
  ["2001:DB8::8:800:200C:417A::", "form 2 with a second ::"],
]) add("rfc4291", s, d);

// RFC 5952 section 4 (and section 2's variants of one address).
for (const [s, d] of [
  ["2001:0db8::0001", "4.1 leading zeros dropped"],
  ["2001:db8:00aa::0bcd", "4.1 leading zeros dropped"],
  ["2001:db8:0:0:0:0:2:1", "4.2.1 shortest: :: for the run"],
  ["2001:db8::0:1", "4.2.1 :: used to its full extent"],
  ["2001:db8:0:1:1:1:1:1", "4.2.2 one zero group not compressed"],
  ["2001:db8::1:1:1:1:1", "4.2.2 :: standing for one group"],
  ["2001:0:0:1:0:0:0:1", "4.2.3 longest run compressed"],
  ["2001:db8:0:0:1:0:0:1", "4.2.3 equal runs: the first"],
  ["2001:DB8::ABCD:EF", "4.3 lowercase"],
  ["2001:db8:0:0:1:0:0:1", "2 variant"],
  ["2001:0db8:0:0:1:0:0:1", "2 variant"],
  ["2001:db8::1:0:0:1", "2 variant"],
  ["2001:db8::0:1:0:0:1", "2 variant"],
  ["2001:0db8::1:0:0:1", "2 variant"],
  ["2001:db8:0:0:1::1", "2 variant"],
  ["2001:db8:0000:0:1::1", "2 variant"],
  ["2001:DB8:0:0:1::1", "2 variant"],
  ["2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001", "2.1 leading zeros"],
  ["2001:db8:aaaa:bbbb:cccc:dddd:eeee:001", "2.1 leading zeros"],
  ["2001:db8:aaaa:bbbb:cccc:dddd:eeee:01", "2.1 leading zeros"],
  ["2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", "2.1 leading zeros"],
  ["2001:db8:aaaa:bbbb:cccc:dddd::1", "2.2 :: for one group"],
  ["2001:db8:aaaa:bbbb:cccc:dddd:0:1", "2.2 no ::"],
  ["2001:db8::aaaa:0:0:1", "2.2 :: placement"],
  ["2001:db8:0:0:aaaa::1", "2.2 :: placement"],
  ["2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa", "2.3 case"],
  ["2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA", "2.3 case"],
  ["2001:db8:aaaa:bbbb:cccc:dddd:eeee:AaAa", "2.3 case"],
  ["::ffff:192.0.2.1", "5 mapped, dotted"],
  ["0:0:0:0:0:ffff:c000:201", "5 mapped, hex"],
]) add("rfc5952", s, d);

// Formatting of the mapped and compatible forms (libuv inet_ntop6), including the
// "best.len == 7 && words[7] != 1" clause, which never applies: word 6 is inside the run.
for (const [s, d] of [
  ["::ffff:0:0", "mapped, zero IPv4"],
  ["::ffff:0.0.0.0", "mapped, zero IPv4"],
  ["::ffff:ffff:ffff", "mapped, broadcast in hex"],
  ["::ffff:1:1", "mapped"],
  ["::ffff:7f00:1", "mapped loopback in hex"],
  ["0:0:0:0:0:ffff:7f00:1", "mapped loopback uncompressed"],
  ["::fffe:1.2.3.4", "not mapped: fffe"],
  ["::1:ffff:1.2.3.4", "not mapped: word 4 set"],
  ["0:0:0:1:0:ffff:1.2.3.4", "not mapped: word 3 set"],
  ["ffff::1.2.3.4", "not mapped: ffff first"],
  ["::ffff", "ffff as the last word only"],
  ["::ffff:0", "compatible: ffff in word 6"],
  ["::0.0.0.0", "compatible zero: all zero"],
  ["::0.0.0.1", "compatible 0.0.0.1 is ::1"],
  ["::0.0.0.2", "run of 7, word 7 = 2"],
  ["::0.0.1.0", "run of 7, word 7 = 0x100"],
  ["::0.0.255.255", "run of 7, word 7 = 0xffff"],
  ["::0.1.0.0", "run of 6, word 6 = 1"],
  ["::0.1.0.1", "run of 6"],
  ["::1.0.0.0", "run of 6"],
  ["::1.2.3.4", "compatible"],
  ["::255.255.255.255", "compatible broadcast"],
  ["::a:b", "compatible written in hex"],
  ["::1:0", "compatible written in hex, word 7 zero"],
  ["::1:0:0", "word 5 = 1: run of 5 not mapped"],
  ["::1:2:3", "run of 5, word 5 = 1"],
  ["0:0:0:0:0:1:1.2.3.4", "run of 5, word 5 = 1"],
  ["1::1.2.3.4", "run not at the start"],
  ["1::ffff:1.2.3.4", "run not at the start"],
  ["0:1::ffff:1.2.3.4", "run not at the start"],
  ["::2", "run of 7"],
  ["::1", "run of 7, word 7 = 1"],
  ["::0:1", "run of 7 written with a zero group"],
  ["0::", "all zero, trailing"],
  ["::0", "all zero, leading"],
  ["1::", "run of 7 at the end"],
  ["1:0:0:0:0:0:0:0", "run of 7 at the end, uncompressed"],
  ["0:0:0:0:0:0:0:1:", "trailing colon after 8 groups"],
]) add("mapped-compat", s, d);

// Zone ids: '%' then one or more of [0-9a-zA-Z.:-].
for (const [s, d] of [
  ["fe80::1%eth0", "interface name"],
  ["fe80::1%1", "interface index"],
  ["fe80::1%en0.100", "dot in zone"],
  ["fe80::1%a:b", "colon in zone"],
  ["fe80::1%a-b", "dash in zone"],
  ["fe80::1%-", "dash only"],
  ["fe80::1%.", "dot only"],
  ["fe80::1%:", "colon only"],
  ["fe80::1%::", "colons only"],
  ["fe80::1%Z", "upper case"],
  ["fe80::1%", "% alone"],
  ["fe80::1%%", "%%"],
  ["fe80::1%eth0%1", "% twice"],
  ["fe80::1%%eth0", "% twice, adjacent"],
  ["fe80::1%eth_0", "underscore"],
  ["fe80::1%eth 0", "space"],
  ["fe80::1%eth0 ", "trailing space"],
  ["fe80::1% eth0", "space after %"],
  ["fe80::1%eth/0", "slash"],
  ["fe80::1%eth+0", "plus"],
  ["fe80::1%[0]", "brackets"],
  ["fe80::1%eth0]", "bracket"],
  ["fe80::1%\u00e9th0", "non-ASCII letter"],
  ["fe80::1%\u0661", "Arabic-Indic digit"],
  ["fe80::1%\uff11", "fullwidth digit"],
  ["fe80::1%@", "at sign"],
  ["fe80::1%`", "backquote"],
  ["fe80::1%{", "brace"],
  ["fe80::1%~", "tilde"],
  ["fe80::1%_", "underscore only"],
  ["fe80::1%\u0000", "NUL"],
  ["fe80::%eth0", "after ::"],
  ["::%eth0", "unspecified with zone"],
  ["::%", "unspecified, % alone"],
  ["::1%lo", "loopback"],
  ["::ffff:1.2.3.4%eth0", "after IPv4 tail"],
  ["::1.2.3.4%1.2.3.4", "IPv4-looking zone"],
  ["1:2:3:4:5:6:7:8%x", "after 8 groups"],
  ["1:2:3:4:5:6:7::%x", "after trailing ::"],
  ["1.2.3.4%eth0", "IPv4 has no zone"],
  ["%eth0", "zone alone"],
  ["%", "% alone"],
  ["fe80::1 %eth0", "space before %"],
  ["fe80::1%25eth0", "URL-escaped %"],
  ["fe80:%eth0:1", "% inside the address"],
  ["fe80::1%eth0::", "zone like an address"],
]) add("zone", s, d);

// IPv4: four decimal parts 0-255, no leading zeros.
for (const [s, d] of [
  ["0.0.0.0", "zeros"],
  ["00.0.0.0", "00"],
  ["0.00.0.0", "00"],
  ["0.0.000.0", "000"],
  ["0.0.0.00", "00"],
  ["01.1.1.1", "leading zero, part 1"],
  ["1.01.1.1", "leading zero, part 2"],
  ["1.1.01.1", "leading zero, part 3"],
  ["1.1.1.01", "leading zero, part 4"],
  ["001.1.1.1", "two leading zeros"],
  ["010.10.10.10", "octal-looking"],
  ["0177.0.0.1", "octal loopback"],
  ["0x7f.0.0.1", "hex part"],
  ["0x7f000001", "hex integer"],
  ["2130706433", "integer form"],
  ["127.1", "short form"],
  ["127.0.1", "short form"],
  ["1.2.3", "three parts"],
  ["1.2.3.4.5", "five parts"],
  ["1..3.4", "empty part"],
  [".1.2.3.4", "leading dot"],
  ["1.2.3.4.", "trailing dot"],
  [".", "dot"],
  ["...", "dots"],
  ["1.2.3.-4", "minus"],
  ["+1.2.3.4", "plus"],
  ["-1.2.3.4", "minus"],
  ["1e2.0.0.1", "exponent"],
  ["1.2.3.4/32", "prefix length"],
  ["1.2.3.4:80", "port"],
  ["1,2,3,4", "commas"],
  ["1.2.3.4\u0000", "NUL"],
  ["192.168.0.1", "private"],
  ["100.64.0.1", "shared"],
  ["169.254.1.1", "link-local"],
  ["224.0.0.251", "multicast"],
]) add("ipv4", s, d);
// 255/256 and the other digit-count boundaries in every position.
for (let pos = 0; pos < 4; pos++) {
  for (const v of ["9", "10", "99", "100", "199", "200", "249", "250", "255", "256", "260", "299", "300", "999", "1000", "0255"]) {
    const parts = ["1", "2", "3", "4"];
    parts[pos] = v;
    add("ipv4-boundaries", parts.join("."), `part ${pos + 1} = ${v}`);
  }
}
add("ipv4-boundaries", "255.255.255.255", "broadcast");
add("ipv4-boundaries", "256.256.256.256", "all over");

// IPv6 groups: 1-4 hex digits; 5 is too many, even as zeros.
for (let pos = 0; pos < 8; pos++) {
  for (const g of ["f", "fe", "fed", "fedc", "fedcb", "00000", "0000f", "-1", ""]) {
    const groups = ["1", "2", "3", "4", "5", "6", "7", "8"];
    groups[pos] = g;
    add("ipv6-groups", groups.join(":"), `group ${pos + 1} = ${JSON.stringify(g)}`);
  }
}
for (const s of ["::0", "::00", "::000", "::0000", "::00000", "::12345", "12345::", "1::12345", "12345::1",
  "::ffff0", "::fffff", "g::", "::g", "1:2:3:4:5:6:7:g", "::x1", "0x1::", "::1:G", "::1 :2", "::-1"]) {
  add("ipv6-groups", s);
}

// Colons and "::" alone or misplaced.
for (const [s, d] of [
  [":", "lone colon"],
  ["::", "lone ::"],
  [":::", "three colons"],
  ["::::", "four colons"],
  [":::1", "three colons then a group"],
  ["1:::", "a group then three colons"],
  ["1:::2", "three colons in the middle"],
  [":1", "leading single colon"],
  ["1:", "trailing single colon"],
  [":1::", "leading single colon and ::"],
  ["::1:", "trailing single colon after ::"],
  [":1:2:3:4:5:6:7:8", "leading colon, 8 groups"],
  ["1:2:3:4:5:6:7:8:", "trailing colon, 8 groups"],
  ["1:2:3:4:5:6:7:8::", "8 groups and ::"],
  ["::1:2:3:4:5:6:7:8", ":: and 8 groups"],
  ["1::2::3", "two ::"],
  ["::1::2", "two ::"],
  ["1:2", "two groups, no ::"],
  ["1:2:3:4:5:6:7", "seven groups, no ::"],
  ["1:2:3:4:5:6:7:", "seven groups, trailing colon"],
  [":1:2:3:4:5:6:7", "seven groups, leading colon"],
  ["1::2:", "trailing colon after ::"],
  ["1:2:3:4:5:6::", "six groups then ::"],
  ["1:2:3:4:5:6:7::", "seven groups then ::"],
  ["::2:3:4:5:6:7:8", ":: then seven groups"],
  [": :", "space between colons"],
  ["1: :2", "space between colons"],
]) add("colons", s, d);

// Where "::" may stand, and for how many groups (systematic).
{
  const head = ["1", "22", "333", "4444", "a", "bb", "ccc", "dddd"];
  const tail = ["e", "f0", "f00", "9", "88", "777", "6666", "5"];
  for (let p = 0; p <= 8; p++) {
    for (let s = 0; p + s <= 8; s++) {
      const text = head.slice(0, p).join(":") + "::" + tail.slice(8 - s).join(":");
      add("compress-position", text, `${p} groups before ::, ${s} after`);
    }
  }
}

// An IPv4 tail in every position relative to "::" (systematic), and its misuses.
{
  const groups = ["1", "20", "300", "4000", "ffff", "a"];
  const v4 = "192.0.2.33";
  for (let p = 0; p <= 6; p++) {
    for (let s = 0; p + s <= 6; s++) {
      const before = groups.slice(0, p).join(":");
      const after = groups.slice(6 - s).map((g) => g + ":").join("");
      add("embedded-ipv4", `${before}::${after}${v4}`, `${p} groups before ::, ${s} after, then IPv4`);
    }
  }
  for (let n = 4; n <= 7; n++) {
    add("embedded-ipv4", groups.concat(["b"]).slice(0, n).join(":") + ":" + v4, `${n} groups then IPv4, no ::`);
  }
  for (const [s, d] of [
    ["::1.2.3.4:1", "IPv4 then a group"],
    ["1:1.2.3.4::", "IPv4 before ::"],
    ["::1.2.3.4::", "IPv4 between ::"],
    ["1.2.3.4::", "IPv4 first"],
    ["::1.2.3.4.5", "five parts"],
    ["::1.2.3", "three parts"],
    ["::1.2.3.", "trailing dot"],
    ["::.1.2.3", "leading dot"],
    ["::1.2.3.04", "leading zero"],
    ["::01.2.3.4", "leading zero"],
    ["::1.2.3.256", "part over 255"],
    ["::1.2.3.4.", "trailing dot after 4 parts"],
    ["::1.2.3.4:1.2.3.4", "two IPv4 tails"],
    ["::a.b.c.d", "hex letters as parts"],
    ["::1.2.3.4a", "letter after IPv4"],
    ["::ffff:1.2.3.4", "mapped"],
    ["::FFFF:1.2.3.4", "mapped upper case"],
    ["0:0:0:0:0:ffff:1.2.3.4", "mapped uncompressed"],
    ["0000:0000:0000:0000:0000:ffff:1.2.3.4", "mapped with leading zeros"],
    ["::0:ffff:1.2.3.4", "mapped, one zero group written"],
    ["::ffff:0.0.0.0", "mapped zero"],
    ["::ffff:127.0.0.1", "mapped loopback"],
    ["::ffff:1.2.3.4:5", "mapped then a group"],
    ["64:ff9b::192.0.2.33", "NAT64 prefix"],
    ["::ffff:1.2.3.4%", "mapped, % alone"],
    ["::1.2.3.4 ", "trailing space"],
  ]) add("embedded-ipv4", s, d);
}

// Upper- and mixed-case hex.
for (const s of ["ABCD::", "::ABCD", "aBcD::EfEf", "FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF",
  "FE80::A%ETH0", "2001:DB8::F:E:D", "::FfFf:10.0.0.1", "Fe80::Fe80", "DEAD:BEEF::CAFE", "::G"]) {
  add("uppercase", s);
}

// Whitespace anywhere: never valid.
{
  const spaces = {
    space: " ", tab: "\t", "line feed": "\n", "carriage return": "\r", "vertical tab": "\v",
    "form feed": "\f", "U+00A0": "\u00a0", "U+3000": "\u3000", "U+2028": "\u2028",
    "U+FEFF": "\ufeff", "U+200B": "\u200b", NUL: "\u0000",
  };
  for (const [name, w] of Object.entries(spaces)) {
    for (const base of ["10.1.2.3", "::1", "fe80::1%eth0"]) {
      add("whitespace", w + base, `${name} before`);
      add("whitespace", base + w, `${name} after`);
      const cut = base.indexOf(base.includes("%") ? "%" : base.includes(".") ? "." : ":") + 1;
      add("whitespace", base.slice(0, cut) + w + base.slice(cut), `${name} inside`);
    }
  }
  add("whitespace", "\r\n::1\r\n", "CRLF around");
  add("whitespace", " ", "space alone");
  add("whitespace", "\t\n", "whitespace alone");
}

// Digits and punctuation from other scripts: never valid.
for (const [s, d] of [
  ["\u0661\u0662\u0667.\u0660.\u0660.\u0661", "Arabic-Indic IPv4"],
  ["127.0.0.\u0661", "one Arabic-Indic digit"],
  ["\u06f1.2.3.4", "Extended Arabic-Indic digit"],
  ["\uff11\uff12\uff17.\uff10.\uff10.\uff11", "fullwidth IPv4"],
  ["127.0.0.\uff11", "one fullwidth digit"],
  ["127\uff0e0\uff0e0\uff0e1", "fullwidth full stops"],
  ["127\u30020\u30020\u30021", "ideographic full stops"],
  ["\u0967.2.3.4", "Devanagari digit"],
  ["\u00b9.2.3.4", "superscript one"],
  ["\u2460.2.3.4", "circled one"],
  ["\ud835\udfcf.2.3.4", "mathematical bold one (surrogate pair)"],
  ["\ud800.2.3.4", "lone surrogate"],
  ["::\u0661", "Arabic-Indic group"],
  ["::\uff11", "fullwidth group"],
  ["\uff1a\uff1a1", "fullwidth colons"],
  ["::\uff21\uff22", "fullwidth hex letters"],
  ["::ffff:127.0.0.\u0661", "Arabic-Indic in IPv4 tail"],
  ["fe80::1%\u0661\u0662", "Arabic-Indic zone"],
  ["::\u212a", "Kelvin sign"],
  ["::\u0131", "dotless i"],
  ["\u0130::", "dotted capital I"],
  ["::1\u0301", "combining accent"],
]) add("unicode", s, d);

// Empty and over-long inputs.
{
  add("length", "", "empty string");
  add("length", "fe80::1%" + "a".repeat(1000), "1000-character zone");
  add("length", "fe80::1%" + "a1.:-".repeat(200) + "%", "long zone ending in %");
  add("length", "fe80::1%" + "a".repeat(999) + " ", "long zone ending in a space");
  add("length", "1:2:3:4:5:6:7:8:9", "9 groups");
  add("length", "1:2:3:4:5:6:7:8:9:a:b:c:d:e:f:10", "16 groups");
  add("length", "1".repeat(1000), "1000 digits");
  add("length", "x".repeat(1000), "1000 letters");
  add("length", ":".repeat(1000), "1000 colons");
  add("length", ".".repeat(1000), "1000 dots");
  add("length", "0".repeat(996) + "1.2.3.4", "IPv4 behind 996 zeros");
  add("length", "1.2.3.4" + ".5".repeat(496), "IPv4 with 496 more parts");
  add("length", "::" + "1:".repeat(499) + "1", "500 groups after ::");
  add("length", "0".repeat(998) + "::", "a 998-digit group");
  add("length", "ffff:".repeat(199) + "ffff", "200 groups");
  add("length", "1.2.3.4".padEnd(1000, " "), "IPv4 padded to 1000 with spaces");
  add("length", "255.255.255.255", "longest IPv4");
  add("length", "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "longest formatted IPv6");
  add("length", "0000:0000:0000:0000:0000:0000:0000:0000", "39 characters, no zone");
}

// Brackets, prefixes, ports and other things people pass as addresses.
for (const [s, d] of [
  ["[::1]", "URL brackets"],
  ["[::1]:80", "URL brackets and port"],
  ["::1/128", "prefix length"],
  ["fe80::/10", "prefix"],
  ["::1#53", "hash port"],
  ["::1.", "trailing dot"],
  ["v6::1", "letters"],
  ["::1\\", "backslash"],
  ["\"::1\"", "quoted"],
  ["'1.2.3.4'", "quoted"],
  ["1.2.3.4 ", "trailing space"],
  ["http://1.2.3.4", "URL"],
  ["1.2.3.4.in-addr.arpa", "reverse name"],
]) add("junk", s, d);

// Formatting: every pattern of zero and non-zero words (systematic), written uncompressed.
for (let mask = 0; mask < 256; mask++) {
  const words = [];
  for (let i = 0; i < 8; i++) words.push(mask & (0x80 >> i) ? [0x2001, 0xdb8, 0x10, 0xabc, 0xf, 0xffff, 0x1, 0x200][i].toString(16) : "0");
  add("zero-runs", words.join(":"), `non-zero words mask ${mask.toString(2).padStart(8, "0")}`);
}

// ---- write ----

const json = {
  description:
    "Address cases for the core's net.isIP grammar, parsing and formatting. family is net.isIP(input) " +
    "on Node " + process.versions.node + "; bytes (valid inputs) are the address in network order " +
    "(4 or 16); text is new net.SocketAddress({address: input without its zone, family}).address, " +
    "libuv's formatting. note starts with the case's category. Generated by make-addresses.mjs; do not edit.",
  cases,
};
writeFileSync(OUT, JSON.stringify(json, null, 1) + "\n");
const valid = cases.filter((c) => c.family !== 0).length;
console.log(`${cases.length} cases (${valid} valid, ${cases.length - valid} invalid) -> ${OUT}`);
for (const [category, n] of counts) console.log(`  ${category.padEnd(18)} ${n}`);
