// The core's address grammar and formatting against node:net.
//
//   npm run build && node --test tests/addresses.test.mjs
//
// 1. tests/vectors/addresses.json is re-checked against this machine's node:net, so a wrong
//    vector fails here rather than silently blessing the core.
// 2. Every vector through the core: addressFamily, the parsed bytes, formatAddress.
// 3. Differentials with fixed seeds: 20,000 generated strings (core family == net.isIP),
//    5,000 random IPv6 and 1,000 random IPv4 addresses (core text == SocketAddress's text).

import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { readFileSync } from "node:fs";
import { loadCore, addressFamily, formatAddress } from "../build/out/core.js";

const here = (path) => new URL(path, import.meta.url);
const core = loadCore(readFileSync(here("../build/out/net.wasm")));
const { cases } = JSON.parse(readFileSync(here("./vectors/addresses.json"), "utf8"));

const show = (s) => JSON.stringify(s);
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (s) => Uint8Array.from(s.match(/../g), (h) => Number.parseInt(h, 16));
const withoutZone = (s) => (s.includes("%") ? s.slice(0, s.indexOf("%")) : s);
const categoryOf = (c) => /^\[([^\]]+)\]/.exec(c.note ?? "")?.[1] ?? "(none)";
const nodeText = (address, family) =>
  new net.SocketAddress({ address, family: family === 4 ? "ipv4" : "ipv6" }).address;

/** The core's parse of `input`: its family and, if valid, the bytes it wrote. */
function coreParse(input) {
  const family = addressFamily(core, input);
  if (family === 0) return { family, bytes: null };
  const at = core.exports.address_bytes();
  return { family, bytes: core.bytes().slice(at, at + (family === 4 ? 4 : 16)) };
}

/** The uncompressed text of 4 or 16 bytes (no help from the core or from Node). */
function plainText(bytes) {
  if (bytes.length === 4) return Array.from(bytes).join(".");
  const words = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return words.join(":");
}

/** A small deterministic PRNG (xorshift32); returns floats in [0, 1). */
function prng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

// ---- the vectors themselves ----

test("vectors: the file has at least 320 unique cases, each with the fields its family needs", () => {
  assert.ok(cases.length >= 320, `only ${cases.length} cases`);
  const inputs = new Set();
  for (const c of cases) {
    assert.equal(typeof c.input, "string");
    assert.ok(!inputs.has(c.input), `duplicate input ${show(c.input)}`);
    inputs.add(c.input);
    assert.ok([0, 4, 6].includes(c.family), `family of ${show(c.input)}`);
    assert.match(c.note ?? "", /^\[[a-z0-9-]+\]/, `note of ${show(c.input)} names no category`);
    if (c.family === 0) {
      assert.ok(!("bytes" in c) && !("text" in c), `invalid ${show(c.input)} has bytes or text`);
    } else {
      assert.match(c.bytes, c.family === 4 ? /^[0-9a-f]{8}$/ : /^[0-9a-f]{32}$/, `bytes of ${show(c.input)}`);
      assert.equal(typeof c.text, "string", `text of ${show(c.input)}`);
    }
  }
  const valid4 = cases.filter((c) => c.family === 4).length;
  const valid6 = cases.filter((c) => c.family === 6).length;
  assert.ok(valid4 >= 20 && valid6 >= 100 && cases.length - valid4 - valid6 >= 100, "too few of some family");
});

test("vectors: family agrees with live net.isIP, net.isIPv4 and net.isIPv6", () => {
  const wrong = [];
  for (const c of cases) {
    const got = [net.isIP(c.input), net.isIPv4(c.input), net.isIPv6(c.input)];
    const want = [c.family, c.family === 4, c.family === 6];
    if (got.join() !== want.join()) wrong.push(`${show(c.input)}: vector says ${c.family}, node:net says ${got.join("/")}`);
  }
  assert.deepEqual(wrong, []);
});

test("vectors: text is SocketAddress's text, and bytes are that same address", () => {
  const wrong = [];
  for (const c of cases) {
    if (c.family === 0) continue;
    const text = nodeText(withoutZone(c.input), c.family);
    if (text !== c.text) wrong.push(`${show(c.input)}: vector text ${show(c.text)}, Node shows ${show(text)}`);
    // libuv's formatting is one-to-one, so the vector's bytes written out plainly must show the same.
    const fromBytes = nodeText(plainText(unhex(c.bytes)), c.family);
    if (fromBytes !== text) wrong.push(`${show(c.input)}: bytes ${c.bytes} are ${show(fromBytes)}, not ${show(text)}`);
  }
  assert.deepEqual(wrong, []);
});

// ---- the vectors through the core ----

const categories = new Map();
for (const c of cases) {
  const k = categoryOf(c);
  if (!categories.has(k)) categories.set(k, []);
  categories.get(k).push(c);
}

for (const [category, list] of categories) {
  test(`core: family, parsed bytes and formatted text match the vectors [${category}, ${list.length} cases]`, () => {
    const wrong = [];
    for (const c of list) {
      const got = coreParse(c.input);
      if (got.family !== c.family) {
        wrong.push(`family of ${show(c.input)}: core ${got.family}, vector (net.isIP) ${c.family}`);
        continue;
      }
      if (c.family === 0) continue;
      if (hex(got.bytes) !== c.bytes) wrong.push(`bytes of ${show(c.input)}: core ${hex(got.bytes)}, vector ${c.bytes}`);
      const text = formatAddress(core, unhex(c.bytes));
      if (text !== c.text) wrong.push(`text of ${c.bytes} (${show(c.input)}): core ${show(text)}, vector (SocketAddress) ${show(c.text)}`);
    }
    assert.deepEqual(wrong, []);
  });
}

// ---- differential: the grammar ----

test("differential: core family equals net.isIP on 20,000 generated strings (seed 0x5eed)", (t) => {
  const rand = prng(0x5eed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (n) => Math.floor(rand() * n);
  // What mutations insert: mostly the grammar's own characters, some that must never pass.
  const alphabet = [
    ..."0123456789abcdefABCDEF", ...":::::....%%", "0", "1", "f", "g", "x", "G", "-", "_", "/", "z",
    " ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u0661", "\u06f5", "\uff11", "\uff41", "\ufeff", "\u0000",
  ];
  const seeds = cases.filter((c) => c.family !== 0 && c.input.length < 60).map((c) => c.input);
  const group = () => int(16 ** (1 + int(4))).toString(16);
  const v4part = () => String(pick([0, 1, 9, 10, 99, 100, 199, 200, 249, 250, 255, 256, int(256), int(256), "01", "00"]));
  const dotted = () => Array.from({ length: rand() < 0.85 ? 4 : 3 + 2 * int(2) }, v4part).join(".");
  const structured = () => {
    // a random number of groups around at most one "::", sometimes an IPv4 tail and a zone
    const n = int(10);
    const parts = Array.from({ length: n }, group);
    let s = parts.join(":");
    if (rand() < 0.6) {
      const at = int(n + 1);
      s = parts.slice(0, at).join(":") + "::" + parts.slice(at).join(":");
    }
    if (rand() < 0.3) s += (s === "" || s.endsWith(":") ? "" : ":") + dotted();
    if (rand() < 0.2) s += "%" + pick(["eth0", "1", "a.b", "x:y", "-", "", "a_b", "%"]);
    return s;
  };
  const mutate = (s) => {
    const chars = Array.from(s);
    for (let k = 1 + int(3); k > 0; k--) {
      const at = int(chars.length + 1);
      const op = int(3);
      if (op === 0) chars.splice(at, 0, pick(alphabet));
      else if (op === 1 && chars.length) chars.splice(Math.min(at, chars.length - 1), 1);
      else if (chars.length) chars[Math.min(at, chars.length - 1)] = pick(alphabet);
    }
    return chars.join("");
  };

  const tally = { 0: 0, 4: 0, 6: 0 };
  const wrong = [];
  for (let i = 0; i < 20000; i++) {
    const r = rand();
    let input;
    if (r < 0.45) input = mutate(pick(seeds));
    else if (r < 0.55) input = pick(seeds);
    else if (r < 0.7) input = structured();
    else if (r < 0.8) input = dotted();
    else if (r < 0.9) input = mutate(rand() < 0.5 ? structured() : dotted());
    else input = Array.from({ length: int(12) }, () => pick(alphabet)).join("");
    const want = net.isIP(input);
    tally[want]++;
    const got = addressFamily(core, input);
    if (got !== want && wrong.length < 25) wrong.push(`input ${show(input)}: core ${got}, net.isIP ${want}`);
  }
  t.diagnostic(`net.isIP answers in the sample: ${show(tally)}`);
  assert.deepEqual(wrong, [], "core and net.isIP disagree");
  // The sample must hold plenty of each answer, or the differential proves little.
  assert.ok(tally[4] >= 800 && tally[6] >= 4000 && tally[0] >= 10000, `sample too one-sided: ${show(tally)}`);
});

// ---- differential: formatting ----

/** A random IPv6 address biased towards zero runs and the mapped and compatible prefixes. */
function randomWords(rand) {
  const int = (n) => Math.floor(rand() * n);
  const word = () => {
    const r = rand();
    if (r < 0.45) return 0;
    if (r < 0.55) return 0xffff;
    if (r < 0.65) return 1;
    if (r < 0.8) return int(256);
    return int(65536);
  };
  const w = Array.from({ length: 8 }, word);
  const r = rand();
  if (r < 0.2) { w.fill(0, 0, 5); w[5] = 0xffff; } //                           ::ffff:a.b.c.d
  else if (r < 0.3) { w.fill(0, 0, 5); w[5] = pick2(rand, 0xfffe, 1); } //       almost mapped
  else if (r < 0.45) w.fill(0, 0, 6); //                                         ::a.b.c.d
  else if (r < 0.55) { w.fill(0, 0, 7); w[7] = pick2(rand, int(3), int(65536)); } // ::x
  else if (r < 0.6) w.fill(0, 1, 8);
  return w;
}
const pick2 = (rand, a, b) => (rand() < 0.5 ? a : b);

/** One of the many valid ways to write `words`: a "::" for any stretch of zero groups (even
 *  one group), leading zeros, upper case, a dotted IPv4 tail. */
function someText(words, rand) {
  const groups = words.map((w) => (rand() < 0.2 ? w.toString(16).padStart(4, "0") : w.toString(16)));
  let tailV4 = rand() < 0.3;
  let gap = null;
  if (rand() < 0.7) {
    const zeros = [];
    for (let i = 0; i < 8; i++) if (words[i] === 0) zeros.push(i);
    if (zeros.length) {
      const start = zeros[Math.floor(rand() * zeros.length)];
      let end = start + 1;
      while (end < 8 && words[end] === 0 && rand() < 0.8) end++;
      gap = [start, end];
      if (end > 6) tailV4 = false;
    }
  }
  const v4 = `${words[6] >> 8}.${words[6] & 255}.${words[7] >> 8}.${words[7] & 255}`;
  const render = (from, to) => {
    const list = groups.slice(from, to);
    if (tailV4 && to === 8) list.splice(list.length - 2, 2, v4);
    return list.join(":");
  };
  let s = gap ? `${render(0, gap[0])}::${render(gap[1], 8)}` : render(0, 8);
  if (rand() < 0.2) s = s.toUpperCase();
  return s;
}

test("differential: core formats 5,000 random IPv6 addresses as SocketAddress does (seed 0xf0a7)", () => {
  const rand = prng(0xf0a7);
  const wrong = [];
  for (let i = 0; i < 5000 && wrong.length < 25; i++) {
    const words = randomWords(rand);
    const bytes = new Uint8Array(16);
    words.forEach((w, k) => { bytes[2 * k] = w >> 8; bytes[2 * k + 1] = w & 255; });
    const text = someText(words, rand);
    assert.equal(net.isIP(text), 6, `test bug: built an invalid text ${show(text)}`);
    const want = nodeText(text, 6);
    const got = formatAddress(core, bytes);
    if (got !== want) wrong.push(`bytes ${hex(bytes)} (${show(text)}): core ${show(got)}, Node ${show(want)}`);
    const parsed = coreParse(text);
    if (parsed.family !== 6 || hex(parsed.bytes) !== hex(bytes)) {
      wrong.push(`parse of ${show(text)}: core ${parsed.family} ${parsed.bytes && hex(parsed.bytes)}, expected 6 ${hex(bytes)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("differential: core formats 1,000 random IPv4 addresses as SocketAddress does (seed 0x4444)", () => {
  const rand = prng(0x4444);
  const part = () => {
    const r = rand();
    return r < 0.2 ? 0 : r < 0.35 ? 255 : r < 0.45 ? Math.floor(rand() * 10) : Math.floor(rand() * 256);
  };
  const wrong = [];
  for (let i = 0; i < 1000 && wrong.length < 25; i++) {
    const bytes = Uint8Array.from([part(), part(), part(), part()]);
    const text = bytes.join(".");
    const want = nodeText(text, 4);
    const got = formatAddress(core, bytes);
    if (got !== want) wrong.push(`bytes ${hex(bytes)}: core ${show(got)}, Node ${show(want)}`);
    const parsed = coreParse(text);
    if (parsed.family !== 4 || hex(parsed.bytes) !== hex(bytes)) wrong.push(`parse of ${show(text)}: core ${parsed.family}`);
  }
  assert.deepEqual(wrong, []);
});
