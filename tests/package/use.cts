// Must type-check against the shipped declarations: the documented API, from CommonJS.
import net = require("wasm-net");

const server = net.createServer((c) => c.pipe(c));
server.listen(8124, () => console.log(server.address()));
const client = net.connect(8124, "localhost", () => client.end("world!\r\n"));
const family: number = net.isIP("127.0.0.1");
void family;
