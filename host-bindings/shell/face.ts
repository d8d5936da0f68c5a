// The part of the user's API that is the same on every face: methods and getters that only
// hand over to the shell. Each face class calls these once on its prototype; its own file then
// holds only what is platform's (streams, handles, addresses).

import type { SocketShell } from "./socket";
import type { ServerShell } from "./server";

/** Where a face keeps its shell: one symbol, so users own every string name. */
export const kShell = Symbol("wasm-net shell");

type Holder<S> = { [kShell]: S };

export function installSocketApi(proto: object): void {
  const methods: { [name: string]: (this: Holder<SocketShell>, a?: unknown, b?: unknown, c?: unknown) => unknown } = {
    write: function (chunk, encoding, cb) { return this[kShell].write(chunk, encoding, cb); },
    end: function (chunk, encoding, cb) { this[kShell].end(chunk, encoding, cb); return this; },
    cork: function () { this[kShell].cork(); },
    uncork: function () { this[kShell].uncork(); },
    setTimeout: function (ms, callback) { this[kShell].setTimeout(ms, callback); return this; },
    setNoDelay: function (noDelay) { this[kShell].setNoDelay(noDelay); return this; },
    setKeepAlive: function (enable, initialDelay) { this[kShell].setKeepAlive(enable, initialDelay); return this; },
  };
  for (const name in methods) define(proto, name, { value: methods[name], writable: true });
  const getters: { [name: string]: (this: Holder<SocketShell>) => unknown } = {
    connecting: function () { return this[kShell].connecting; },
    readyState: function () { return this[kShell].readyState; },
    bytesRead: function () { return this[kShell].bytesRead; },
    bytesWritten: function () { return this[kShell].bytesWritten; },
    writableLength: function () { return this[kShell].writableLength; },
    bufferSize: function () { return this[kShell].writableLength; },
  };
  for (const name in getters) define(proto, name, { get: getters[name] });
}

export function installServerApi(proto: object): void {
  const methods: { [name: string]: (this: Holder<ServerShell>, a?: unknown) => unknown } = {
    close: function (callback) { this[kShell].close(callback); return this; },
    getConnections: function (callback) { this[kShell].getConnections(callback); return this; },
  };
  for (const name in methods) define(proto, name, { value: methods[name], writable: true });
  define(proto, "listening", { get: function (this: Holder<ServerShell>) { return this[kShell].isListening; } });
  define(proto, "connections", { get: function (this: Holder<ServerShell>) { return this[kShell].connections; } });
  define(proto, "maxConnections", {
    get: function (this: Holder<ServerShell>) { return this[kShell].maxConnections; },
    set: function (this: Holder<ServerShell>, n: unknown) { this[kShell].setMaxConnections(n); },
  });
}

function define(proto: object, name: string, descriptor: PropertyDescriptor): void {
  descriptor.configurable = true;
  Object.defineProperty(proto, name, descriptor);
}
