// Must NOT type-check: each line after the imports is one misuse (tests/package.test.mjs lists the lines).
import { createServer, connect, Socket } from "wasm-net";

connect({ port: "8124" });
connect("8124", "localhost");
createServer().listen("8124", "127.0.0.1");
new Socket().connect({ port: "8124", host: "localhost" });
createServer((c: number) => void c);
createServer({ allowHalfOpen: "yes" });
