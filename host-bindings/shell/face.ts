// The part of the user's API that is the same on every face: methods and getters that only
// hand over to the shell. Each face class calls these once on its prototype; its own file then
// holds only what is platform's (streams, handles, addresses).

import type { SocketShell } from "./socket";
import type { ServerShell } from "./server";

/** Where a face keeps its shell: one symbol, so users own every string name. */
export const kShell = Symbol("wasm-net shell");

type Holder<S> = { [kShell]: S };

/** What installSocketApi gives a socket face (its types, for the faces' declarations). */
export interface SocketApi {
  setTimeout(ms: number, callback?: () => void): this;
  setNoDelay(noDelay?: boolean): this;
  setKeepAlive(enable?: boolean, initialDelay?: number): this;
  resetAndDestroy(): this;
  destroySoon(): void;
  /** What setTimeout() was last given (node:net's field); undefined before. */
  timeout?: number;
  readonly connecting: boolean;
  readonly readyState: string;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly bufferSize: number;
}

/** What installServerApi gives a server face. */
export interface ServerApi {
  close(callback?: (error?: Error) => void): this;
  getConnections(callback: (error: Error | null, count: number) => void): this;
  readonly listening: boolean;
  readonly connections: number;
  maxConnections: number;
}

export function installSocketApi(proto: object): void {
  const methods: { [name: string]: (this: Holder<SocketShell>, a?: unknown, b?: unknown, c?: unknown) => unknown } = {
    write: function (chunk, encoding, cb) { return this[kShell].write(chunk, encoding, cb); },
    end: function (chunk, encoding, cb) { this[kShell].end(chunk, encoding, cb); return this; },
    cork: function () { this[kShell].cork(); },
    uncork: function () { this[kShell].uncork(); },
    setTimeout: function (ms, callback) {
      // node:net: a destroyed socket ignores the call; otherwise `timeout` shows what was asked
      // (http's Agent reads it to know whether a kept socket needs a new timeout)
      const face = this as Holder<SocketShell> & { destroyed?: boolean; timeout?: unknown };
      if (face.destroyed) return this;
      face.timeout = ms;
      this[kShell].setTimeout(ms, callback);
      return this;
    },
    setNoDelay: function (noDelay) { this[kShell].setNoDelay(noDelay); return this; },
    setKeepAlive: function (enable, initialDelay) { this[kShell].setKeepAlive(enable, initialDelay); return this; },
    resetAndDestroy: function () { this[kShell].reset(); return this; },
    destroySoon: function () { this[kShell].destroySoon(); },
  };
  for (const name in methods) define(proto, name, { value: methods[name], writable: true });
  // (on the prototype itself, as on node:net's, they answer undefined)
  const getters: { [name: string]: (shell: SocketShell) => unknown } = {
    connecting: function (shell) { return shell.connecting; },
    readyState: function (shell) { return shell.readyState; },
    bytesRead: function (shell) { return shell.bytesRead; },
    bytesWritten: function (shell) { return shell.bytesWritten; },
    writableLength: function (shell) { return shell.writableLength; },
    bufferSize: function (shell) { return shell.writableLength; },
  };
  for (const name in getters) {
    const read = getters[name];
    define(proto, name, { get: function (this: Holder<SocketShell>) { const shell = this[kShell]; return shell ? read(shell) : undefined; } });
  }
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

/** Makes `name` a plain own field of `target` holding `value`: a field node:net keeps that we
 *  show through a getter, once code assigns it (what it assigns is what is read from then on). */
export function plainField(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

function define(proto: object, name: string, descriptor: PropertyDescriptor): void {
  descriptor.configurable = true;
  Object.defineProperty(proto, name, descriptor);
}

/** The class, callable without `new` as node:net's and Ruff's own constructors are
 *  (`net.Socket()`); `instanceof`, subclassing and statics are the class's. Where the class is
 *  an ES5 function (the Ruff bundle), a function in front of it, which an ES5 subclass may also
 *  call on its `this` (`net.Socket.call(this)`); an ES class gets a Proxy (Node). */
export function callable<C extends new (...args: never[]) => object>(Class: C): C {
  const construct = function (args: ArrayLike<unknown>): object {
    return new (Function.prototype.bind.apply(Class, ([null] as unknown[]).concat(Array.prototype.slice.call(args)) as [never]) as new () => object)();
  };
  let front: C;
  if (/^class\b/.test(Function.prototype.toString.call(Class))) {
    front = new Proxy(Class, { apply: function (_target, _self, args: unknown[]) { return construct(args); } });
  } else {
    const es5 = function (this: unknown) {
      if (!(this instanceof es5)) return construct(arguments);
      const made = (Class as unknown as (...a: unknown[]) => unknown).apply(this, arguments as unknown as unknown[]);
      return made === undefined ? this : made;
    } as unknown as C;
    es5.prototype = Class.prototype;
    Object.setPrototypeOf(es5, Class); // statics
    Object.defineProperty(es5, "name", { value: (Class as unknown as { name: string }).name, configurable: true });
    front = es5;
  }
  Object.defineProperty(Class.prototype, "constructor", { value: front, configurable: true, writable: true });
  return front;
}
