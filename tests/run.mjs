// npm test: every suite. as-pect first (its summary is not read by CI, so its exit code is
// kept), then node --test, whose closing summary is the last thing printed.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const run = (command, args) => spawnSync(command, args, { stdio: "inherit" }).status ?? 1;

const aspect = run("npx", ["--no-install", "asp", "--summary"]);
const suites = readdirSync(new URL(".", import.meta.url), { recursive: true })
  .filter((f) => f.endsWith(".test.mjs"))
  .sort()
  .map((f) => `tests/${f}`);
const node = run(process.execPath, ["--test", ...suites]);

if (aspect !== 0) console.error(`as-pect failed (exit ${aspect})`);
process.exit(aspect || node);
