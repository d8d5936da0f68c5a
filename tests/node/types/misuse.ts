// Must NOT type-check: a port given as an object, and a listener of the wrong shape.
import { createServer, connect } from "wasm-net";

connect({ port: { value: 80 } });
createServer((c: number) => c);
