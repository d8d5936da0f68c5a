// The guest's socket ABI (README.md beside this file) answered by a script: every sys_* is a call
// to the host module "script", so a test running the guest as a plain core module (Node's
// WebAssembly, no WASI) decides readiness, bytes, FIN, errors, connect results and time, and sees
// every call the guest makes. tests/wasi/vectors.test.mjs is that script: it replays the shared
// event-order vectors (tests/vectors/) through the guest.
//
// Strings cross as (pointer, length in UTF-16 units) of AssemblyScript's own strings; the script
// throws to end the program (sys_exit, sys_abort), so they never return.

import { ENOTFOUND } from "../assembly/abi";

@external("script", "now")
declare function scriptNow(): f64;
@external("script", "listen")
declare function scriptListen(family: i32, ip: usize, port: i32, backlog: i32): i32;
@external("script", "accept")
declare function scriptAccept(listener: i32): i32;
@external("script", "connect")
declare function scriptConnect(family: i32, ip: usize, port: i32): i32;
@external("script", "connect_result")
declare function scriptConnectResult(h: i32): i32;
@external("script", "recv")
declare function scriptRecv(h: i32, buf: usize, cap: i32): i32;
@external("script", "send")
declare function scriptSend(h: i32, buf: usize, len: i32): i32;
@external("script", "shutdown")
declare function scriptShutdown(h: i32): i32;
@external("script", "close")
declare function scriptClose(h: i32): void;
@external("script", "local_address")
declare function scriptLocalAddress(h: i32, out: usize): i32;
@external("script", "remote_address")
declare function scriptRemoteAddress(h: i32, out: usize): i32;
@external("script", "wait")
declare function scriptWait(handles: usize, interests: usize, count: i32, timeoutMs: i32, ready: usize): i32;
@external("script", "print")
declare function scriptPrint(stream: i32, text: usize, length: i32): void;
@external("script", "exit")
declare function scriptExit(code: i32): void;
@external("script", "abort")
declare function scriptAbort(message: usize, messageLength: i32, file: usize, fileLength: i32, line: u32, column: u32): void;

/** The script resolves no names (its vectors connect to IP literals). */
export function sys_resolve(host: string, out: usize): i32 {
  return -ENOTFOUND;
}

export function sys_now(): f64 {
  return scriptNow();
}

export function sys_listen(family: i32, ip: usize, port: i32, backlog: i32): i32 {
  return scriptListen(family, ip, port, backlog);
}

export function sys_accept(listener: i32): i32 {
  return scriptAccept(listener);
}

export function sys_connect(family: i32, ip: usize, port: i32): i32 {
  return scriptConnect(family, ip, port);
}

export function sys_connect_result(h: i32): i32 {
  return scriptConnectResult(h);
}

export function sys_recv(h: i32, buf: usize, cap: i32): i32 {
  return scriptRecv(h, buf, cap);
}

export function sys_send(h: i32, buf: usize, len: i32): i32 {
  return scriptSend(h, buf, len);
}

export function sys_shutdown(h: i32): i32 {
  return scriptShutdown(h);
}

export function sys_close(h: i32): void {
  scriptClose(h);
}

export function sys_local_address(h: i32, out: usize): i32 {
  return scriptLocalAddress(h, out);
}

export function sys_remote_address(h: i32, out: usize): i32 {
  return scriptRemoteAddress(h, out);
}

export function sys_wait(handles: usize, interests: usize, count: i32, timeout_ms: i32, ready: usize): i32 {
  return scriptWait(handles, interests, count, timeout_ms, ready);
}

/** A scripted guest has no command line: only an (empty) program name. */
export function sys_args(): string[] {
  return [""];
}

export function sys_print(text: string): void {
  scriptPrint(1, changetype<usize>(text), text.length);
}

export function sys_print_error(text: string): void {
  scriptPrint(2, changetype<usize>(text), text.length);
}

export function sys_exit(code: i32): void {
  scriptExit(code);
  unreachable();
}

export function sys_abort(message: string | null, file: string | null, line: u32, column: u32): void {
  scriptAbort(
    changetype<usize>(message), message ? message.length : 0,
    changetype<usize>(file), file ? file.length : 0, line, column,
  );
  unreachable();
}
