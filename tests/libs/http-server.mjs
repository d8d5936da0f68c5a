// The http server the HTTP judges share: Node's http server fed by `net`'s server through
// `emit('connection', socket)`. It echoes POST bodies (with their checksum in x-body-sha),
// streams BIG on /big honouring backpressure, answers 204 on /empty and a line otherwise.
import http from "node:http";
import { createHash } from "node:crypto";
import { closeServer, listen, pattern } from "./nets.mjs";

export const sha = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
export const BIG = pattern(4 * 2 ** 20, 7);

export async function startServer(net) {
  const httpServer = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (d) => chunks.push(d)).on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.method === "POST") {
        res.setHeader("x-body-sha", sha(body));
        res.end(body);
      } else if (req.url === "/big") {
        let at = 0;
        const more = () => {
          while (at < BIG.length) {
            const piece = BIG.subarray(at, (at += 100_000));
            if (!res.write(piece)) return res.once("drain", more);
          }
          res.end();
        };
        more();
      } else if (req.url === "/empty") {
        res.writeHead(204).end();
      } else {
        res.setHeader("content-type", "text/plain");
        res.end(`answer to ${req.method} ${req.url}`);
      }
    });
  });
  let connections = 0;
  const server = net.createServer((socket) => { connections++; httpServer.emit("connection", socket); });
  const port = await listen(server);
  return { port, httpServer, connections: () => connections, close: async () => { httpServer.close(); await closeServer(server); } };
}
