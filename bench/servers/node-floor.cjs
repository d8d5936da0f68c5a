// The platform floor on Node: an echo written straight on Node's libuv stream handles (the
// bindings node:net itself is built on), with no stream, no socket object and no rules: every
// read is written back at once, and nothing else is done. No net module can do less per event
// in JavaScript on Node, so its figures bound what node:net and wasm-net can reach.
//
//   node bench/servers/node-floor.cjs PORT
//
// Prints "listening PORT" like server.cjs; ends when its stdin closes. Echo only: there is no
// backpressure (a peer that does not read fills this process's memory), so it is for the
// ping-pong and pipeline loads, whose peers read everything.
"use strict";

const net = require("node:net");
const { WriteWrap, streamBaseState, kReadBytesOrError, kArrayBufferOffset, kLastWriteWasAsync } = process.binding("stream_wrap");

function onread(arrayBuffer) {
  const nread = streamBaseState[kReadBytesOrError];
  if (nread > 0) {
    const req = new WriteWrap();
    req.handle = this;
    req.oncomplete = done;
    const bytes = new Uint8Array(arrayBuffer, streamBaseState[kArrayBufferOffset], nread);
    if (this.writeBuffer(req, bytes) === 0 && streamBaseState[kLastWriteWasAsync]) req.buffer = bytes;
  } else if (nread < 0) {
    this.close();
  }
}

function done() {}

const server = net.createServer();
server.listen({ port: Number(process.argv[2] || 0), host: "127.0.0.1", backlog: 1024 }, () => {
  server._handle.onconnection = (status, client) => {
    if (status !== 0) return;
    client.onread = onread;
    client.readStart();
  };
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
