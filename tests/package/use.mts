// Must type-check against the shipped declarations: the documented API, from ESM.
import net, { createServer, connect, isIP, Socket, type AddressInfo } from "wasm-net";
import { loadCore, type Core } from "wasm-net/core";
import { ABI_VERSION, OP_DATA } from "wasm-net/abi";

const server = createServer({ allowHalfOpen: false, pauseOnConnect: false }, (c: Socket) => {
  c.on("end", () => console.log("client disconnected"));
  c.write("hello\r\n", "utf8", (err?: Error | null) => void err);
  c.pipe(c);
});
server.listen(8124, "127.0.0.1", 511, () => console.log((server.address() as AddressInfo).port));
server.listen({ port: 0, host: "localhost", backlog: 10 }, () => undefined);
server.listen("/tmp/echo.sock");
server.maxConnections = 10;
server.getConnections((err: Error | null, count: number) => void [err, count]);
server.on("error", (e: NodeJS.ErrnoException) => { if (e.code === "EADDRINUSE") server.close(); });

const client = connect({ port: 8124, host: "localhost" }, () => client.write("world!\r\n"));
client.setTimeout(1000);
client.on("data", (data: Buffer) => console.log(data.toString()));
client.on("close", (hadError: boolean) => void hadError);
const other: Socket = net.createConnection(8124, "localhost", () => other.end());
new Socket().connect({ path: "/tmp/echo.sock" });
const family: number = isIP("::1") + net.isIPv4("1.2.3.4").toString().length;

const core: Core = loadCore(new Uint8Array(8));
const abi: number = core.exports.abi_version() + ABI_VERSION + OP_DATA;
void [family, abi];
