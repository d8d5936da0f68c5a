// The package as users get it: `npm pack` (after npm run build), the tarball installed into a
// fresh scratch project without network, then used from CommonJS, ESM and TypeScript there.
// Scratch-project programs are in tests/package/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// The npm that came with this node (or runs this script): under npm scripts, PATH's first npm
// is node_modules/.bin/npm, an npm 6 that a dev dependency pulls in.
const npmCli = [
  process.env.npm_execpath,
  join(dirname(process.execPath), "../lib/node_modules/npm/bin/npm-cli.js"),
  join(dirname(process.execPath), "node_modules/npm/bin/npm-cli.js"),
].find((file) => file && /npm-cli\.js$/.test(file) && !file.startsWith(join(root, "node_modules")) && existsSync(file));
const npm = (args, options) => execFileSync(process.execPath, [npmCli, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
// Any registry access fails at once: the install must come from the tarball alone.
const offline = ["--offline", "--registry=http://127.0.0.1:9/", "--no-audit", "--no-fund", "--ignore-scripts"];

let work, scratch, installed, packed, manifest;

before(() => {
  assert.ok(existsSync(join(root, "build/out/node/index.cjs")), "build/out is missing: run npm run build first");
  work = mkdtempSync(join(tmpdir(), "wasm-net-package-"));
  // --ignore-scripts: prepack would rebuild; the test packs the build that is there
  assert.ok(npmCli, "no npm-cli.js beside node");
  [packed] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: root }));
  console.log(`wasm-net-${packed.version}.tgz: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`);

  scratch = join(work, "scratch");
  cpSync(join(root, "tests/package"), scratch, { recursive: true });
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true }) + "\n");
  npm(["install", ...offline, "--cache", join(work, "npm-cache"), join(work, packed.filename)], { cwd: scratch });
  installed = join(scratch, "node_modules/wasm-net");
  manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
});

after(() => { if (work) rmSync(work, { recursive: true, force: true }); });

const files = () => packed.files.map((f) => f.path);

/** Every subpath of the exports map, a pattern expanded to the packed files it matches. */
function subpaths() {
  const result = [];
  for (const [key, target] of Object.entries(manifest.exports)) {
    if (!key.includes("*")) { result.push(key); continue; }
    const to = (typeof target === "string" ? target : target.default).replace(/^\.\//, "");
    const [prefix, suffix] = to.split("*");
    for (const file of files()) {
      if (file.startsWith(prefix) && file.endsWith(suffix)) result.push(key.replace("*", file.slice(prefix.length, file.length - suffix.length)));
    }
  }
  return result;
}

/** Every file the exports map names, conditions included. */
function exportTargets(value = manifest.exports) {
  if (typeof value === "string") return value.includes("*") ? [] : [value.replace(/^\.\//, "")];
  return Object.values(value).flatMap((v) => exportTargets(v));
}

test("the tarball holds the built hosts, types, docs and the WASI guest API's sources, and no tests, build scripts or dependencies", () => {
  const list = files();
  // sources: the guest API (host-bindings/wasi/) and the core it compiles in (assembly/), for wasm-net-wasi
  const allowed = /^(build\/out\/.+|bin\/[\w-]+\.mjs|host-bindings\/wasi\/.+\.(ts|wit|md)|assembly\/\w+\.(ts|md)|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/;
  assert.deepEqual(list.filter((f) => !allowed.test(f)), []);
  assert.deepEqual(list.filter((f) => /(^|\/)(src|tests|node_modules|bench|tmp)\//.test(f) || f.endsWith(".wat") || /^build\/out\/.*\.ts$/.test(f) && !f.endsWith(".d.ts")), []);
  for (const file of ["README.md", "LICENSE", "CHANGELOG.md", "assembly/ABI.md", "host-bindings/wasi/net.ts", "host-bindings/wasi/abi/component.wit", ...exportTargets(), ...Object.values(manifest.bin).map((f) => f.replace(/^\.\//, ""))]) {
    assert.ok(list.includes(file), `${file} is not in the tarball`);
  }
  for (const abi of ["component", "wamr", "wasmedge"]) {
    assert.ok(list.includes(`build/out/wasi/echo.${abi}.wasm`), `the ${abi} echo build is not in the tarball`);
  }
  // the WASI builds shipped are the example programs' (a test guest needs a "!" line in "files")
  const examples = readdirSync(join(root, "host-bindings/wasi/examples")).map((f) => f.replace(/\.ts$/, ""));
  const wasi = list.filter((f) => f.startsWith("build/out/wasi/"));
  assert.deepEqual(wasi.filter((f) => !examples.includes(f.slice("build/out/wasi/".length).split(".")[0])), []);
  // each Ruff folder is what a Ruff app copies as ruff_modules/net: the bundle and its package.json
  for (const dir of ["ruff", "ruff-lite"]) {
    assert.deepEqual(list.filter((f) => f.startsWith(`build/out/${dir}/`)).sort(), [`build/out/${dir}/net.js`, `build/out/${dir}/package.json`]);
    assert.equal(JSON.parse(readFileSync(join(installed, `build/out/${dir}/package.json`), "utf8")).main, "net.js");
  }
});

test("the version's minor is the core's ABI version while 0.x (CHANGELOG.md)", async () => {
  const { ABI_VERSION } = await import(join(installed, "build/out/abi.js"));
  const [major, minor] = manifest.version.split(".").map(Number);
  assert.equal(major, 0);
  assert.equal(minor, ABI_VERSION);
});

const run = (file) => spawnSync(process.execPath, [file], { cwd: scratch, encoding: "utf8", timeout: 20_000 });

test("require('wasm-net') from CommonJS: an echo round trip over loopback", () => {
  const result = run("echo.cjs");
  assert.equal(result.status, 0, result.stderr);
  const { reply, resolved } = JSON.parse(result.stdout);
  assert.equal(reply, "ping from require");
  assert.equal(resolved, join(installed, "build/out/node/index.cjs"));
});

test("import net, { createServer, connect, isIP } from 'wasm-net': an echo round trip; the core alone loads", () => {
  const result = run("echo.mjs");
  assert.equal(result.status, 0, result.stderr);
  const { reply, resolved } = JSON.parse(result.stdout);
  assert.equal(reply, "ping from import");
  assert.equal(resolved, join(installed, "build/out/node/index.mjs"));
});

test("every exports subpath resolves, by require.resolve and by import, to a file in the package", () => {
  const names = subpaths().map((key) => "wasm-net" + key.slice(1));
  assert.ok(names.includes("wasm-net/wasi/echo.component.wasm"));
  const program = `
    const names = ${JSON.stringify(names)};
    const out = {};
    for (const name of names) out[name] = [require.resolve(name), require("node:url").fileURLToPath(import.meta.resolve(name))];
    console.log(JSON.stringify(out));`;
  writeFileSync(join(scratch, "resolve.mjs"), `import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n${program}\n`);
  const result = run("resolve.mjs");
  assert.equal(result.status, 0, result.stderr);
  const resolved = JSON.parse(result.stdout);
  for (const name of names) {
    for (const path of resolved[name]) {
      assert.ok(path.startsWith(installed + "/") && existsSync(path), `${name} resolved to ${path}`);
    }
  }
});

/** tsc in the scratch project: nodenext, strict, @types/node from the repo (no network). */
function typecheck(...sources) {
  writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true,
      typeRoots: [join(root, "node_modules/@types")], types: ["node"],
    },
    files: sources,
  }));
  return spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
    cwd: scratch, encoding: "utf8", timeout: 60_000,
  });
}

test("TypeScript: the documented API type-checks with the shipped declarations, from ESM and CommonJS", () => {
  const result = typecheck("use.mts", "use.cts");
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test("TypeScript: string ports and a listener of the wrong type fail, each on its line", () => {
  const result = typecheck("misuse.mts");
  assert.notEqual(result.status, 0);
  const errors = [...result.stdout.matchAll(/^misuse\.mts\((\d+),\d+\): error (TS\d+)/gm)].map(([, line, code]) => `${line} ${code}`);
  assert.deepEqual(errors, [
    "4 TS2769", // connect({ port: "8124" }): no overload takes a string port
    "5 TS2769", // connect("8124", "localhost"): a string is a path, and a path takes no host
    "6 TS2769", // listen("8124", "127.0.0.1"): the same for listen
    "7 TS2769", // socket.connect({ port: "8124", ... })
    "8 TS2769", // createServer((c: number) => ...): the listener gets a Socket
    "9 TS2769", // createServer({ allowHalfOpen: "yes" })
  ], result.stdout);
});

/** tsc in the scratch project with `options` over `sources`, emitting JavaScript into `outDir`. */
function compile(name, outDir, sources, options) {
  const config = join(scratch, `tsconfig.${name}.json`);
  writeFileSync(config, JSON.stringify({
    // skipLibCheck: @types/node is checked once, by the type-check tests above
    compilerOptions: { ...options, target: "es2022", strict: true, skipLibCheck: true, outDir, typeRoots: [join(root, "node_modules/@types")], types: ["node"] },
    files: sources,
  }));
  return spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", config], { cwd: scratch, encoding: "utf8", timeout: 60_000 });
}

// modes.ts under each module mode a TypeScript user picks, then run: it must not only type-check
const MODES = [
  { name: "esm-nodenext", file: "modes.mts", out: "modes.mjs", options: { module: "nodenext", moduleResolution: "nodenext" } },
  { name: "cjs-nodenext", file: "modes.cts", out: "modes.cjs", options: { module: "nodenext", moduleResolution: "nodenext" } },
  { name: "cjs-interop", file: "modes.ts", out: "modes.js", options: { module: "commonjs", moduleResolution: "node10", esModuleInterop: true } },
  { name: "cjs-plain", file: "modes.ts", out: "modes.js", options: { module: "commonjs", moduleResolution: "node10" } },
  { name: "esm-bundler", file: "modes.mts", out: "modes.mjs", options: { module: "esnext", moduleResolution: "bundler" } },
];

for (const mode of MODES) {
  test(`TypeScript ${mode.name} (${JSON.stringify(mode.options)}): compiled to JavaScript and run, default and named imports work, names are the real ones`, () => {
    const dir = join(scratch, mode.name);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(scratch, "modes.ts"), join(dir, mode.file));
    const compiled = compile(mode.name, join(dir, "out"), [join(dir, mode.file)], mode.options);
    assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
    const result = spawnSync(process.execPath, [join(dir, "out", mode.out)], { cwd: scratch, encoding: "utf8", timeout: 20_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      reply: "ping",
      names: ["Socket", "Socket", "Server", "createServer", "connect"],
      inspected: "Socket",
      isSocket: true,
    });
  });
}

test("no deprecation warning in any Node mode: --pending-deprecation (with --throw-deprecation), NODE_OPTIONS, NODE_PENDING_DEPRECATION", () => {
  const modes = [
    { args: ["--pending-deprecation", "--throw-deprecation"], env: {} },
    { args: ["--throw-deprecation"], env: { NODE_OPTIONS: "--pending-deprecation" } },
    { args: [], env: { NODE_PENDING_DEPRECATION: "1" } },
    { args: ["--pending-deprecation"], env: {} },
  ];
  for (const { args, env } of modes) {
    for (const file of ["echo.cjs", "echo.mjs"]) {
      const result = spawnSync(process.execPath, [...args, file], { cwd: scratch, encoding: "utf8", timeout: 20_000, env: { ...process.env, ...env } });
      const mode = `${args.join(" ")} ${JSON.stringify(env)} ${file}`;
      assert.equal(result.status, 0, `${mode}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /Deprecation|DEP0/, mode);
      assert.match(result.stdout, /"reply":"ping from/, mode);
    }
  }
});

/** A scratch project's tool chain for WASI guests, as a user installs it (the repository's
 *  copies, linked: the install is offline). */
function linkToolchain() {
  for (const name of ["assemblyscript", "@assemblyscript/wasi-shim", "@bytecodealliance/jco", "@bytecodealliance/preview2-shim"]) {
    const link = join(scratch, "node_modules", name);
    if (existsSync(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, "node_modules", name), link, "dir");
  }
}

/** The README's own WASI guest walkthrough program (the \`\`\`ts block after its heading). */
function readmeGuest() {
  const readme = readFileSync(join(installed, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Writing a WASI guest"));
  return /```ts\n([^]*?)```/.exec(section)[1];
}

test("a user's own WASI guest (the README's walkthrough), outside the source tree: npx wasm-net-wasi builds it for every ABI from the tarball, and the component runs on Node", { timeout: 240_000 }, async () => {
  linkToolchain();
  const app = join(scratch, "src"); // the user's project: the scratch one, far from this repository
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, "my-server.ts"), readmeGuest());
  const bin = join(scratch, "node_modules/.bin/wasm-net-wasi");
  assert.ok(existsSync(bin), "the package's bin is not linked");
  const built = spawnSync(bin, ["build", join(app, "my-server.ts"), "--abi", "component,wamr,wasmedge", "--node"], { cwd: scratch, encoding: "utf8", timeout: 200_000 });
  assert.equal(built.status, 0, built.stdout + built.stderr);
  for (const abi of ["component", "wamr", "wasmedge"]) {
    const file = join(app, "build", `my-server.${abi}.wasm`);
    assert.ok(existsSync(file), `${file} was not built`);
    if (abi !== "component") {
      const module = new WebAssembly.Module(readFileSync(file));
      assert.ok(WebAssembly.Module.exports(module).some((e) => e.name === "_start"), `${abi}: no _start`);
      // wasi-shim's process functions, the ABI file's sockets: every import is preview1's
      assert.deepEqual([...new Set(WebAssembly.Module.imports(module).map((i) => i.module))], ["wasi_snapshot_preview1"]);
    }
  }
  // nothing of the user's build went into the package
  assert.deepEqual(readdirSync(join(installed, "build/out/wasi")).filter((f) => f.startsWith("my-server")), []);

  const server = spawn(process.execPath, [join(app, "build/js/my-server.mjs"), "0"], { cwd: scratch, stdio: ["ignore", "pipe", "pipe"] });
  try {
    let out = "", errors = "";
    server.stdout.setEncoding("utf8");
    server.stderr.setEncoding("utf8").on("data", (d) => { errors += d; });
    const port = await new Promise((resolve, reject) => {
      server.stdout.on("data", (d) => {
        out += d;
        const m = /listening on (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server.on("close", (code) => reject(new Error(`the guest ended (${code}) before listening: ${out}${errors}`)));
    });
    const { connect } = await import("node:net");
    const reply = await new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.end("hello, wasi\n"));
      let text = "";
      socket.setEncoding("utf8").on("data", (d) => { text += d; }).on("close", () => resolve(text)).on("error", reject);
    });
    assert.equal(reply, "HELLO, WASI\n");
    assert.equal(errors, "", "the guest printed warnings or errors");
  } finally {
    server.kill();
  }
});
