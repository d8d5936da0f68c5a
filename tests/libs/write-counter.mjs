// Counts the sends a socket makes: every write call on a libuv TCP handle (writeBuffer, writev,
// write*String: one each per send node:net or wasm-net hands to libuv), keyed by the handle's
// local and peer ports. Deterministic where counting 'data' events at the peer is not (the peer
// may read two sends as one). Both of wasm-net's transports end in these calls: the handle
// transport calls them itself, the public-API transport through its node:net socket.
import process from "node:process";

const { TCP } = process.binding("tcp_wrap");
const METHODS = ["writeBuffer", "writev", "writeUtf8String", "writeLatin1String", "writeAsciiString", "writeUcs2String"];
const counts = new Map(); // "local:peer" -> number of write calls

function ownerOf(proto, name) {
  for (let p = proto; p; p = Object.getPrototypeOf(p)) if (Object.hasOwn(p, name)) return p;
  return null;
}

function portsOf(handle) {
  const local = {};
  const peer = {};
  handle.getsockname?.(local);
  handle.getpeername?.(peer);
  return `${local.port}:${peer.port}`;
}

for (const name of METHODS) {
  const owner = ownerOf(TCP.prototype, name);
  if (!owner) continue;
  const original = owner[name];
  if (original.countingSends) continue;
  const counting = function (...args) {
    const key = portsOf(this);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return original.apply(this, args);
  };
  counting.countingSends = true;
  owner[name] = counting;
}

/** The number of sends so far by the TCP socket with these local and peer ports. */
export function sendsBy(localPort, peerPort) {
  return counts.get(`${localPort}:${peerPort}`) ?? 0;
}
