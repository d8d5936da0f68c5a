// The address differential: for each generated string, node:net's isIP, isIPv4 and isIPv6
// against the same three functions of the Node host (build/out/node/index.cjs) and against the
// full core's grammar called directly; for every valid address, the core's parsed bytes written
// back out by the core against the text net.SocketAddress gives for the same input.

import net from "node:net";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadCore, addressFamily, formatAddress } from "../../build/out/core.js";
import { randomSource } from "./random.mjs";
import { addressInput } from "./address-inputs.mjs";

const wasmNet = createRequire(import.meta.url)("../../build/out/node/index.cjs");
const core = loadCore(readFileSync(new URL("../../build/out/net.wasm", import.meta.url)));

const withoutZone = (s) => (s.includes("%") ? s.slice(0, s.indexOf("%")) : s);

/** The text the core gives back for the address it just parsed (family 4 or 6). */
function coreText(family) {
  const at = core.exports.address_bytes();
  return formatAddress(core, core.bytes().slice(at, at + (family === 4 ? 4 : 16)));
}

/** Compares one input; returns null, or what differs. */
export function compareAddress(input) {
  const want = net.isIP(input);
  const wantAll = `${want} ${net.isIPv4(input)} ${net.isIPv6(input)}`;
  const host = `${wasmNet.isIP(input)} ${wasmNet.isIPv4(input)} ${wasmNet.isIPv6(input)}`;
  const direct = addressFamily(core, input);
  if (host !== wantAll || direct !== want) {
    return { input, node: wantAll, host, core: direct };
  }
  if (want === 0) return null;
  const text = coreText(want); // right after addressFamily: the bytes are this input's
  const nodeText = new net.SocketAddress({ address: withoutZone(input), family: want === 4 ? "ipv4" : "ipv6" }).address;
  return text === nodeText ? null : { input, node: wantAll, host, core: direct, coreText: text, nodeText };
}

/** Runs `count` generated inputs from `seed`. `onProgress(done)` is called every 2^20 inputs. */
export function runAddressDifferential({ seed, count, maxReported = 25, onProgress }) {
  const r = randomSource(seed);
  const byKind = {};
  const families = { 0: 0, 4: 0, 6: 0 };
  const disagreements = [];
  let disagreementCount = 0;
  for (let i = 0; i < count; i++) {
    const [kind, input] = addressInput(r);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    const difference = compareAddress(input);
    if (difference) {
      disagreementCount++;
      if (disagreements.length < maxReported) disagreements.push({ index: i, kind, ...difference });
    } else {
      families[net.isIP(input)]++;
    }
    if (onProgress && (i & 0xfffff) === 0xfffff) onProgress(i + 1);
  }
  return { seed, count, byKind, families, disagreementCount, disagreements };
}
