// A node --test reporter for npm run docs: one JSON line per finished test (its file, name,
// nesting and outcome); docs/support.mjs reads them.
export default async function* results(source) {
  for await (const { type, data } of source) {
    if (type !== "test:pass" && type !== "test:fail") continue;
    const outcome = data.skip !== undefined || data.todo !== undefined ? "skipped" : type === "test:pass" ? "pass" : "fail";
    yield JSON.stringify({ file: data.file, name: data.name, nesting: data.nesting, outcome }) + "\n";
  }
}
