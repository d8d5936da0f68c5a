// Nothing of ours on the user's names (issue 13): users set `socket.id`, `server.name`, give
// their own subclasses methods. Every name a user might set — today's and yesterday's internal
// names among them — set as an own property on sockets and servers, and defined as methods of
// subclasses, and an echo must still work end to end.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const net = createRequire(import.meta.url)("../../build/out/node/index.cjs");

// Names this project's own layers used or use, and common user names.
const NAMES = [
  "id", "name", "raw", "transport", "callbacks", "endCallbacks", "error", "timer", "ended", "finished",
  "gone", "max", "shell", "host", "face", "kind", "options", "readBytes", "finalBytes", "finalRead",
  "finalWritten", "writeMark", "readMark", "listener", "refed", "closedByCall", "isListening", "target",
  "pauseOnConnect", "onConnection", "attach", "accept", "accepted", "failed", "onRecord", "onClosed",
  "newTransport", "newListener", "clock", "armTimer", "disarmTimer", "timerFired", "deliverData",
  "transportRead", "transportEof", "transportError", "transportWritten", "transportShutdown",
  "transportConnected", "writableState", "held", "heldBytes", "endHeld", "decoder", "encoding", "peer",
  "connectTarget", "flush", "receive", "receiveEnd", "emitData", "emitEnd", "open", "adopt", "state",
];

const poison = (object) => {
  for (const name of NAMES) object[name] = `user's ${name}`;
};

/** Subclasses whose prototypes define every name as a method that must never be called. */
function subclass(Base) {
  class UserClass extends Base {}
  for (const name of NAMES) {
    if (name in Base.prototype && typeof Base.prototype[name] === "function" && !name.startsWith("_")) continue; // a public method of ours
    UserClass.prototype[name] = function () { throw new Error(`the library called the user's ${name}()`); };
  }
  return UserClass;
}

test("sockets and servers keep working with every name set by the user", async () => {
  const Server = subclass(net.Server);
  const Socket = subclass(net.Socket);
  const server = new Server((socket) => {
    poison(socket);
    socket.on("data", (chunk) => socket.write(chunk));
    socket.on("end", () => socket.end());
  });
  poison(server);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  assert.equal(server.listening, true);

  const client = new Socket();
  poison(client);
  const received = [];
  const closed = new Promise((resolve) => client.on("close", resolve));
  client.connect(port, "127.0.0.1", () => {
    client.write("hello, ");
    client.end("names");
  });
  client.on("data", (chunk) => received.push(chunk));
  assert.equal(await closed, false);
  assert.equal(Buffer.concat(received).toString(), "hello, names");
  assert.equal(client.id, "user's id");
  assert.equal(server.id, "user's id");
  await new Promise((resolve) => server.close(resolve));
  assert.equal(server.listening, false);
});
