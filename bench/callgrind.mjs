// A server's user-space instructions under valgrind's callgrind, for the deterministic rows of
// the benchmarks (bench/node-instructions.mjs, bench/ruff.mjs --callgrind): instruction counts
// repeat where the wall clock of a shared machine swings 2x.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** Instructions a server executes from start to exit: `program args` runs under callgrind,
 *  prints "listening PORT", `load(port)` loads it (synchronously), then it is stopped: its
 *  stdin closed, and with `signal`, that signal sent too (servers that do not read stdin). */
export async function serverInstructions({ program, args, cwd, load, signal }) {
  if (spawnSync("valgrind", ["--version"]).status !== 0) throw new Error("needs valgrind (apt-get install valgrind)");
  const scratch = mkdtempSync(join(tmpdir(), "wasm-net-callgrind-"));
  const out = join(scratch, "callgrind.out");
  try {
    const server = spawn("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, program, ...args],
      { cwd, stdio: ["pipe", "pipe", "ignore"] });
    const exited = new Promise((resolve) => server.on("exit", resolve));
    const port = await new Promise((resolve, reject) => {
      createInterface({ input: server.stdout }).on("line", (line) => {
        const m = /^listening (\d+)/.exec(line);
        if (m) resolve(Number(m[1]));
      });
      server.on("exit", (code) => reject(new Error(`${program} ${args.join(" ")} under callgrind exited (${code})`)));
    });
    load(port);
    server.stdin.end();
    if (signal) server.kill(signal);
    await exited;
    const summary = /^summary: (\d+)/m.exec(readFileSync(out, "utf8"));
    if (!summary) throw new Error(`no callgrind summary for ${program} ${args.join(" ")}`);
    return Number(summary[1]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Instructions per operation: `count(n)` (instructions of a run of n operations) at two
 *  lengths, so start-up and warm-up cancel out. */
export async function perOperation(count, short, long) {
  return ((await count(long)) - (await count(short))) / (long - short);
}
