// TCP_NODELAY, SO_KEEPALIVE and TCP_KEEPIDLE of one of this process's sockets, as the kernel
// has them. No `ss` or /proc file shows TCP_NODELAY, so sockopt.c (built here with gcc) copies
// the socket's descriptor out of this process with pidfd_getfd (Linux 5.6+; ptrace rights over
// this process, which root has) and asks getsockopt. Exact and deterministic: no packet
// counting, no clock.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "sockopt.c");
const binary = join(here, "../../build/out/tests-libs/sockopt");

function build() {
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return;
  mkdirSync(dirname(binary), { recursive: true });
  execFileSync("gcc", ["-O2", "-Wall", "-Wextra", "-o", binary, source], { stdio: "pipe" });
}

/** { nodelay, keepalive, keepidle } of this process's TCP socket with that local (and peer) port. */
export function kernelOptions(localPort, peerPort) {
  build();
  const args = [String(process.pid), String(localPort), ...(peerPort === undefined ? [] : [String(peerPort)])];
  const { nodelay, keepalive, keepidle } = JSON.parse(execFileSync(binary, args, { encoding: "utf8" }));
  return { nodelay, keepalive, keepidle };
}
