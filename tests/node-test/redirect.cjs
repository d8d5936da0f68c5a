// Preloaded (--require) into every conformance child: `net` / `node:net` asked for by the test
// file itself (WASM_NET_TEST_FILE) is answered by the module under test (WASM_NET_UNDER_TEST,
// and WASM_NET_UNDER_TEST_ESM for `import`). Every other module, test/common and Node's other
// built-ins (http, tls, ...) included, keeps Node's own net.
"use strict";
const Module = require("node:module");
const { pathToFileURL } = require("node:url");

const testFile = process.env.WASM_NET_TEST_FILE;
const underTest = process.env.WASM_NET_UNDER_TEST;
const underTestEsm = process.env.WASM_NET_UNDER_TEST_ESM || underTest;
const isNet = (request) => request === "net" || request === "node:net";

if (testFile && underTest) {
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (isNet(request) && parent && parent.filename === testFile) return load.call(this, underTest, parent, false);
    return load.apply(this, arguments);
  };
  if (testFile.endsWith(".mjs")) {
    Module.register(pathToFileURL(`${__dirname}/redirect-hooks.mjs`), {
      data: { testFile: pathToFileURL(testFile).href, underTest: pathToFileURL(underTestEsm).href },
    });
  }
}
