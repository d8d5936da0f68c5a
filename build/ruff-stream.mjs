// The Ruff-compatible test runtime's built-in `stream` module (Ruff ships one): readable-stream 2.x
// from npm (Node 8's streams in ES5), bundled into one ES5 CommonJS source that build/ruff-host.mjs
// embeds like lib/*.js. `util`, `events` and `buffer` stay the runtime's own modules; the rest of
// readable-stream's dependencies (string_decoder, safe-buffer, inherits...) go in the bundle.
// The runtime's process has no version (neither has Ruff's), which readable-stream reads to pick
// its next-tick helper: it sees "" as in a browser bundle, and uses process.nextTick.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as esbuild from "esbuild";
import ts from "typescript";

const require = createRequire(import.meta.url);

/** The module's source: `require('stream')` gives Readable with .Stream, .Readable, .Writable,
 *  .Duplex, .Transform and .PassThrough, the shape of readable-stream's own entry. */
export function streamModuleSource() {
  const pkg = dirname(require.resolve("readable-stream/package.json"));
  const bundled = esbuild.buildSync({
    entryPoints: [join(pkg, "readable-browser.js")],
    bundle: true,
    write: false,
    format: "cjs",
    platform: "browser", // readable-stream's browser map: its legacy Stream base is EventEmitter, not `stream`
    mainFields: ["main"],
    target: "es2017",
    external: ["util", "events", "buffer"],
    define: { "process.version": '""', "process.browser": "false" },
    logLevel: "warning",
  });
  return ts.transpileModule(bundled.outputFiles[0].text, {
    fileName: "stream.js",
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None, allowJs: true, removeComments: true },
  }).outputText;
}
