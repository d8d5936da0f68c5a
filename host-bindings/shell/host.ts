// What a platform gives the shell: its core, its event loop and its bytes. Each host's
// runtime.ts makes one Host; everything in shell/ reaches the platform only through it.

import * as abi from "../../assembly/abi";
import type { Core, CoreExports } from "./core";
import { Router } from "./router";
import type { Describe } from "./errors";

export interface Platform {
  /** Milliseconds from a monotonic origin: the core's `now`. */
  now(): number;
  nextTick(run: (a: never, b: never) => void, a?: unknown, b?: unknown): void;
  setImmediate(run: () => void): void;
  /** One timer per socket (`owner` is its face, for diagnostics and tests). */
  setTimer(ms: number, fire: () => void, owner: unknown): unknown;
  clearTimer(timer: unknown, owner: unknown): void;
  /** A copy of the core's bytes [at, at + length), as the platform's Buffer. */
  copyOut(at: number, length: number): Uint8Array;
  /** write()'s chunk and encoding as bytes; throws Node's error for anything else. */
  toBytes(chunk: unknown, encoding?: string): Uint8Array;
  /** Optional: the byte length of a string written in `encoding`, or -1 where toBytes must be
   *  used (an encoding writeString does not write). */
  stringLength?(text: string, encoding?: string): number;
  /** With stringLength: writes `text` at `at` in `memory`, the `length` bytes stringLength gave
   *  (as many as characters: a byte each; more: utf8). */
  writeString?(memory: Uint8Array, at: number, text: string, length: number): void;
  /** How argument errors show a received value. */
  describe: Describe;
  /** Optional: the platform streams' default highWaterMark for bytes (Node 22's is 64 KiB), for
   *  a socket given none, so that its stream's mark and the core's are one; else the core's. */
  defaultMark?(): number;
  /** Optional: true where the platform's streams answer write() once the write was tried (a
   *  write done at once answers true whatever its size: Node since 20.x's later releases). */
  answersAfterSend?: boolean;
}

/** The open flags every socket of this platform gets, whatever its options (for servers: every
 *  accepted socket). */
export function platformOpenFlags(platform: Platform): number {
  return platform.answersAfterSend ? abi.OPEN_ANSWER_AFTER_SEND : 0;
}

/** A mark from the user's options (-1: none given), or the platform's default. */
export function markOrDefault(platform: Platform, mark: number): number {
  return mark < 0 && platform.defaultMark ? platform.defaultMark() : mark;
}

export class Host {
  readonly wasm: CoreExports;
  readonly router: Router;

  constructor(readonly core: Core, readonly platform: Platform) {
    this.wasm = core.exports;
    const p = platform;
    this.router = new Router(core, {
      nextTick: function (run, events) { p.nextTick(run as (a: never) => void, events); },
      setImmediate: function (run) { p.setImmediate(run); },
    });
  }
}
