// Type-checked by tests/node/types.test.mjs against the shipped declarations.
import net from "wasm-net";
import { createServer, connect, type Socket } from "wasm-net";

const server = createServer({ allowHalfOpen: false }, (c: Socket) => { c.pipe(c); });
server.listen(8124, "127.0.0.1", () => console.log(server.address()));
const c = connect({ port: 8124 }, () => c.write("hi"));
c.setTimeout(1000);
const family: number = net.isIP("::1");
void family;
