// The Node host (build/out/node/index.cjs) together with the exports of the one core instance
// it made, so tests and the soak can read the core's own memory figures (memory_reserved,
// socket_count). The host does not export its core: this watches WebAssembly.Instance while
// the module loads. Import this before anything else requires index.cjs in the process.
import { createRequire } from "node:module";

const made = [];
const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(RealInstance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    made.push(instance);
    return instance;
  },
});
let net;
try {
  net = createRequire(import.meta.url)("../../build/out/node/index.cjs");
} finally {
  WebAssembly.Instance = RealInstance;
}
if (made.length !== 1) throw new Error(`expected the host to make one core instance while loading, saw ${made.length} (loaded twice?)`);

/** wasm-net's net module. */
export const wasmNet = net;
/** The exports of the host's core: memory_reserved(), socket_count(), memory… */
export const hostCore = made[0].exports;
