// ESM half of redirect.cjs: `import ... from "net" | "node:net"` in the test file resolves to the
// module under test; every other importer gets Node's net.
let testFile;
let underTest;

export function initialize(data) {
  ({ testFile, underTest } = data);
}

export function resolve(specifier, context, nextResolve) {
  if ((specifier === "net" || specifier === "node:net") && context.parentURL === testFile) {
    return { url: underTest, format: underTest.endsWith(".mjs") ? "module" : "commonjs", shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
