// npm run docs: the per-host support table of README.md, from a test run. Runs the hosts' test
// files (docs/support-map.mjs HOSTS) with docs/reporter.mjs, maps test names to cells through
// docs/support-map.mjs ITEMS, rewrites README.md between <!-- support:start --> and
// <!-- support:end -->, and prints the table. Needs npm run build first, and ../shared/net-api.txt.
//   node docs/support.mjs                    run the tests (about 2 minutes), then write
//   node docs/support.mjs --results FILE     use a saved run (each run is saved to build/out/support-results.jsonl)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HOSTS, ITEMS, NOT_RUN, RUNTIME_FILES } from "./support-map.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tests = join(root, "tests");
const apiFile = process.env.NET_API ?? join(root, "../shared/net-api.txt");
const savedRun = join(root, "build/out/support-results.jsonl");

/** net-api.txt's headings (a line followed by "Ruff available"), events named by their class. */
export function apiItems(text) {
  const lines = text.split("\n").map((l) => l.trim());
  const items = [];
  let owner = "Server";
  for (let i = 0; i < lines.length; i++) {
    const next = lines.slice(i + 1).filter(Boolean).slice(0, 2);
    if (!lines[i] || !next[0]?.startsWith("Ruff available")) continue;
    const heading = lines[i].replace(/[‘’]/g, "'");
    if (heading === "Class: net.Socket") owner = "Socket";
    const event = /^Event: ('.+')$/.exec(heading);
    items.push({ name: event ? `${owner} event ${event[1]}` : heading, lite: next.some((l) => l.startsWith("Ruff Lite available")) });
  }
  return items;
}

function testFiles() {
  const files = new Set();
  for (const host of HOSTS) {
    for (const pattern of host.files) {
      const dir = join(tests, dirname(pattern));
      const re = new RegExp(`^${pattern.split("/").pop().replace(/\./g, "\\.").replace("*", ".*")}$`);
      for (const f of readdirSync(dir).filter((f) => re.test(f))) {
        if (!NOT_RUN.includes(join(dirname(pattern), f).replace(/^\.\//, ""))) files.add(join(dir, f));
      }
    }
  }
  return [...files].sort();
}

function runTests() {
  const files = testFiles();
  console.error(`npm run docs: running ${files.length} test files (progress: one dot per test)`);
  const result = spawnSync(process.execPath, [
    "--test", "--test-reporter=./docs/reporter.mjs", "--test-reporter-destination=stdout",
    "--test-reporter=dot", "--test-reporter-destination=stderr", ...files,
  ], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
  writeFileSync(savedRun, result.stdout);
  return result.stdout;
}

const parse = (jsonl) => jsonl.split("\n").filter(Boolean).map((line) => JSON.parse(line));

/** The outcomes of the tests a reference names; a file that failed to load fails its references. */
function outcomes(ref, results, stale) {
  const [path, name] = Array.isArray(ref) ? ref : [ref.slice(0, ref.indexOf(": ")), ref.slice(ref.indexOf(": ") + 2)];
  const file = join(tests, `${path}.test.mjs`);
  const matches = (r) => r.file === file && (name instanceof RegExp ? name.test(r.name) : r.name.startsWith(name));
  const found = results.filter(matches).map((r) => r.outcome);
  if (found.length) return found;
  if (results.some((r) => r.file === file && r.name === file && r.outcome === "fail")) return ["fail"];
  stale.push(`${path}: ${name}`);
  return [];
}

/** A reference as the column of WASI runtime `runtime` reads it (support-map.mjs RUNTIME_FILES). */
function onRuntime(ref, runtime) {
  if (!runtime || Array.isArray(ref)) return ref;
  const path = ref.slice(0, ref.indexOf(": "));
  return RUNTIME_FILES.includes(path) ? `${path}: ${runtime}: ${ref.slice(path.length + 2)}` : ref;
}

function verdict(found) {
  if (found.includes("fail")) return "✗";
  if (found.includes("skipped")) return "skipped";
  return found.length ? "✓" : "not tested";
}

/** The table's cells: item × host → { text, note? }. */
function cells(items, results, stale) {
  const table = new Map();
  for (const item of items) {
    const row = {};
    const map = ITEMS[item.name];
    for (const host of HOSTS) {
      const source = map[host.key] ?? (host.like ? map[host.like] : undefined);
      if (host.key === "lite" && !item.lite) {
        if (source !== undefined) throw new Error(`support-map: ${item.name} is not in Ruff Lite (net-api.txt), but lite is mapped`);
        row[host.key] = { text: "—", note: "not in Ruff Lite's API (net-api.txt has no \"Ruff Lite available\" for it)" };
      } else if (source === undefined) {
        throw new Error(`support-map: ${item.name} has no cell for ${host.like ?? host.key}`);
      } else if (source.no) {
        row[host.key] = { text: "—", note: source.no };
      } else if (host.checks) {
        const v = verdict(host.checks.flatMap((ref) => outcomes(ref, results, stale)));
        row[host.key] = { text: v === "✓" ? "◐" : v };
      } else {
        const refs = (Array.isArray(source) ? source : source.refs).map((ref) => onRuntime(ref, host.runtime));
        row[host.key] = { text: verdict(refs.flatMap((ref) => outcomes(ref, results, stale))), note: source.note };
      }
    }
    table.set(item.name, row);
  }
  return table;
}

const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const superscript = (n) => String(n).split("").map((d) => SUPERSCRIPTS[d]).join("");

function markdown(items, table, results) {
  const notes = [];
  const noteMark = (note) => {
    if (!note) return "";
    if (!notes.includes(note)) notes.push(note);
    return superscript(notes.indexOf(note) + 1);
  };
  const rows = items.map((item) => {
    const row = table.get(item.name);
    return `| \`${item.name}\` | ${HOSTS.map((h) => row[h.key].text + noteMark(row[h.key].note)).join(" | ")} |`;
  });
  const top = results.filter((r) => r.nesting === 0);
  const passed = top.filter((r) => r.outcome === "pass").length;
  const wamr = HOSTS.filter((h) => h.checks).map((h) => h.title).join(" and ");
  return [
    `Generated by \`npm run docs\` from a run of ${top.length} tests (${passed} passed) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}; which tests stand behind each cell: \`docs/support-map.mjs\`.`,
    "",
    `| net-api.txt | ${HOSTS.map((h) => h.title).join(" | ")} |`,
    `|---|${HOSTS.map(() => ":-:").join("|")}|`,
    ...rows,
    "",
    `✓ every test that calls it on that host passed · ✗ one failed · not tested: no test calls it on that host · ◐ ${wamr}: built, and the build's imports checked against the runtime's socket ABI (\`tests/wasi/abi-imports.test.mjs\`); not run in CI (run outside it on WAMR 2.4.5 and WasmEdge 0.17.1: the echo's greeting, 1 MiB echo, 200 concurrent connections, half-close and resets, \`bench/results/2026-12-01-wasi.md\`) · — not offered. Notes:`,
    ...notes.map((note, i) => `${superscript(i + 1)} ${note}`).join("  \n").split("\n"),
  ].join("\n");
}

function writeReadme(section) {
  const readme = join(root, "README.md");
  const text = readFileSync(readme, "utf8");
  const start = "<!-- support:start -->", end = "<!-- support:end -->";
  const from = text.indexOf(start), to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} section`);
  writeFileSync(readme, text.slice(0, from + start.length) + "\n" + section + "\n" + text.slice(to));
}

function main() {
  const items = apiItems(readFileSync(apiFile, "utf8"));
  const unmapped = items.filter((i) => !ITEMS[i.name]).map((i) => i.name);
  const unknown = Object.keys(ITEMS).filter((name) => !items.some((i) => i.name === name));
  if (unmapped.length || unknown.length) {
    throw new Error(`support-map and net-api.txt disagree:\n  not mapped: ${unmapped.join(", ") || "none"}\n  not in net-api.txt: ${unknown.join(", ") || "none"}`);
  }
  const at = process.argv.indexOf("--results");
  const results = parse(at > 0 ? readFileSync(process.argv[at + 1], "utf8") : runTests());
  const stale = [];
  const table = cells(items, results, stale);
  if (stale.length) {
    throw new Error(`support-map names tests that did not run (renamed? update docs/support-map.mjs):\n  ${[...new Set(stale)].join("\n  ")}`);
  }
  const section = markdown(items, table, results);
  writeReadme(section);
  console.log(section);
  const failed = results.filter((r) => r.outcome === "fail");
  if (failed.length) console.error(`\n${failed.length} tests failed:\n  ${failed.map((r) => r.name).join("\n  ")}`);
}

try {
  main();
} catch (error) {
  console.error(`npm run docs: ${error.message}`);
  process.exit(1);
}
