// What a Ruff script has (../shared/ruff-uv.md): the global `uv`, Node-style CommonJS modules,
// process.nextTick and timers. Only the parts this adapter uses are declared.

type UvHandle = { readonly __uvHandle: unique symbol };
type UvCallback = (error: Error | null) => void;

interface UvAddress { family: string | number; port: number; address: string }

interface RuffUv {
  new_tcp(): UvHandle;
  new_pipe(ipc: boolean): UvHandle;
  tcp_open(handle: UvHandle, fd: number): void;
  pipe_open(handle: UvHandle, fd: number): void;
  tcp_bind(handle: UvHandle, host: string, port: number): void;
  pipe_bind(handle: UvHandle, path: string): void;
  listen(handle: UvHandle, backlog: number, onConnection: UvCallback): void;
  accept(server: UvHandle, client: UvHandle): void;
  read_start(handle: UvHandle, onRead: (error: Error | null, data?: Uint8Array) => void): void;
  read_stop(handle: UvHandle): void;
  write(handle: UvHandle, data: Uint8Array | string, done: UvCallback): unknown;
  shutdown(handle: UvHandle, done: UvCallback): void;
  close(handle: UvHandle, done?: () => void): void;
  tcp_connect(handle: UvHandle, ip: string, port: number, done: UvCallback): void;
  pipe_connect(handle: UvHandle, path: string, done: UvCallback): void;
  tcp_getsockname(handle: UvHandle): UvAddress;
  tcp_getpeername(handle: UvHandle): UvAddress;
  pipe_getsockname(handle: UvHandle): string;
  tcp_nodelay(handle: UvHandle, on: boolean): void;
  tcp_keepalive(handle: UvHandle, on: boolean, delaySeconds: number): void;
  hrtime(): number; // nanoseconds from a monotonic origin
  is_ipv4(text: string): boolean;
  is_ipv6(text: string): boolean;
}

declare const uv: RuffUv;

/** true in the Ruff Lite bundle (esbuild's `define`): the parts Ruff Lite lacks fall away. */
declare const __LITE__: boolean;

/** The core's plain-JavaScript form for this bundle's profile (build/ruff.mjs makes it). */
declare module "wasm-net-core" {
  import type { CoreExports } from "../shell/core";
  export function instantiate(): CoreExports;
}
