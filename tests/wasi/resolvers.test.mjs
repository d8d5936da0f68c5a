// WAMR's and WasmEdge's resolvers cannot run here (neither runtime installs), so sys_resolve of
// wamr.ts and wasmedge.ts is run against each runtime's resolver as its source lays out the
// answers (the sources of tests/wasi/socket-abis.mjs): WAMR's sock_addr_resolve writes
// __wasi_addr_info_t records into one array; WasmEdge's sock_getaddrinfo fills the addrinfo,
// sockaddr and sa_data records the guest linked beforehand. Both answer ::1, then 127.0.0.1 for
// "localhost": the guest must take the IPv4 one (abi/README.md), and ENOTFOUND for an unknown name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

const path = (relative) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const WASI_EINVAL = 28;
const WASI_EAI_NONAME = 84; // WasmEdge's __WASI_ERRNO_AINONAME
const ENOTFOUND = 29; //       assembly/abi.ts
const LOOPBACK6 = [0, 0, 0, 0, 0, 0, 0, 1];
const LOOPBACK4 = [127, 0, 0, 1];

async function build(abiFile) {
  const outputs = {};
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main([
    "tests/wasi/resolve-entry.ts", "--baseDir", path("."), "--config", "tests/wasi/abi-entry.asconfig.json",
    "--lib", path(abiFile), "--outFile", "entry.wasm",
  ], { stdout: asc.createMemoryStream(), stderr, writeFile: (name, contents) => { outputs[name] = contents; } });
  delete asc.libraryFiles[basename(abiFile, ".ts")]; // see abi-imports.test.mjs
  assert.equal(error, null, `asc failed for ${abiFile}: ${error?.message}\n${stderr.toString()}`);
  return outputs["entry.wasm"];
}

/** The guest with `resolver` as its runtime's resolver import; every other import fails (ENOSYS). */
async function guest(abiFile, name, resolver) {
  let memory;
  const view = () => new DataView(memory.buffer);
  const cString = (at) => { const bytes = new Uint8Array(memory.buffer, at); return Buffer.from(bytes.subarray(0, bytes.indexOf(0))).toString(); };
  const preview1 = new Proxy({ [name]: (...args) => resolver(view(), cString, ...args) }, { get: (t, k) => t[k] ?? (() => 52) });
  const { instance } = await WebAssembly.instantiate(await build(abiFile), { wasi_snapshot_preview1: preview1 });
  memory = instance.exports.memory;
  instance.exports._start(); // the entry's globals (--exportStart)
  return (which) => {
    const family = instance.exports.resolve(which);
    return { family, bytes: [...new Uint8Array(memory.buffer, instance.exports.address(), family === 6 ? 16 : 4)] };
  };
}

test("wamr: sys_resolve reads sock_addr_resolve's __wasi_addr_info_t array, IPv4 first", async () => {
  const resolve = await guest("host-bindings/wasi/abi/wamr.ts", "sock_addr_resolve", (v, cString, host, service, hints, info, count, total) => {
    assert.equal(cString(service), "");
    assert.deepEqual([v.getInt32(hints, true), v.getInt32(hints + 4, true), v.getUint8(hints + 8)], [1, 2, 1]); // stream, unspec, enabled
    if (cString(host) !== "localhost") return WASI_EINVAL; // getaddrinfo's EAI_NONAME
    assert.ok(count >= 2);
    v.setUint32(info, 1, true); // IPv6: eight u16 values @4, port @20
    LOOPBACK6.forEach((g, i) => v.setUint16(info + 4 + 2 * i, g, true));
    v.setInt32(info + 24, 1, true);
    v.setUint32(info + 28, 0, true); // IPv4: four bytes @4, port @8
    LOOPBACK4.forEach((b, i) => v.setUint8(info + 28 + 4 + i, b));
    v.setInt32(info + 28 + 24, 1, true);
    v.setUint32(total, 2, true);
    return 0;
  });
  assert.deepEqual(resolve(0), { family: 4, bytes: LOOPBACK4 });
  assert.equal(resolve(1).family, -ENOTFOUND);
});

test("wasmedge: sys_resolve reads the addrinfo records sock_getaddrinfo filled, IPv4 first", async () => {
  const resolve = await guest("host-bindings/wasi/abi/wasmedge.ts", "sock_getaddrinfo", (v, cString, node, nodeLength, service, serviceLength, hints, first, max, count) => {
    assert.equal(serviceLength, 0);
    assert.equal(v.getUint8(hints + 3), 2); // SOCK_STREAM
    const name = Buffer.from(new Uint8Array(v.buffer, node, nodeLength)).toString();
    if (name !== "localhost") return WASI_EAI_NONAME;
    // as WasiSockGetAddrinfo::body: the records the guest linked, up to max
    const infos = [];
    for (let at = v.getUint32(first, true); infos.length < max; at = v.getUint32(at + 24, true)) infos.push(at);
    const answer = (info, family, port, address) => {
      v.setUint8(info + 2, family);
      const sockaddr = v.getUint32(info + 12, true);
      const data = v.getUint32(sockaddr + 8, true);
      assert.ok(v.getUint32(sockaddr + 4, true) >= 26, "sa_data too short for an IPv6 sockaddr");
      v.setUint8(sockaddr, family);
      v.setUint16(data, port);
      new Uint8Array(v.buffer, data + (family === 1 ? 2 : 6), address.length).set(address);
    };
    answer(infos[0], 2, 0, LOOPBACK6.flatMap((g) => [g >> 8, g & 255]));
    answer(infos[1], 1, 0, LOOPBACK4);
    v.setUint32(count, 2, true);
    return 0;
  });
  assert.deepEqual(resolve(0), { family: 4, bytes: LOOPBACK4 });
  assert.equal(resolve(1).family, -ENOTFOUND);
});
