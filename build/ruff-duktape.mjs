// The core's wasm2js form rewritten for Duktape, the engine of Ruff: the same operations, fewer
// of the ones Duktape makes expensive. Duktape (as Ruff and Debian build it, without fastints)
// runs each bitwise operator through two ToInt32 conversions of doubles (an fmod each), while
// + - * / on numbers are plain double arithmetic. wasm2js writes `| 0` around every i32 value
// for asm.js validators; most are no-ops here. This pass drops a coercion only where the value
// is already what it would produce:
//   - `x | 0` where x is known to be an int32 (a bitwise result, an int32 literal, a read from
//     an Int8/16/32 or Uint8/16 view, a call of a function that returns only such values, a
//     variable that is only ever assigned such values, a parameter every caller passes as one);
//   - `x | 0` as the operand of another bitwise operator, or stored into an integer view (each
//     converts again anyway);
//   - `+x` where x is known to be a number; a parameter's own `p = p | 0` / `p = +p` when every
//     caller passes what it makes (functions only ever called by name, inside the module);
//   - `HEAP32[a >> 2]` → `HEAP32[a / 4]` (and `>> 1`, `>> 0` likewise): wasm2js already
//     assumes these accesses aligned (the shift drops the low bits), and the core's addresses
//     are small non-negative integers, so both give the same element.
// Out-of-range reads give undefined instead of 0, and a wrapped address differs: cases where the
// wasm module would trap, which the core never does (its vectors run through this form).
import ts from "typescript";

const INT_VIEWS = new Set(["HEAP8", "HEAP16", "HEAP32", "HEAPU8", "HEAPU16"]);
const STORE_VIEWS = new Set(["HEAP8", "HEAP16", "HEAP32", "HEAPU8", "HEAPU16", "HEAPU32"]);
const NUMBER_VIEWS = new Set(["HEAPU32", "HEAPF32", "HEAPF64"]);
const SHIFT_OF_VIEW = { HEAP8: 0, HEAPU8: 0, HEAP16: 1, HEAPU16: 1, HEAP32: 2, HEAPU32: 2, HEAPF32: 2, HEAPF64: 3 };
const INT_CALLS = new Set(["Math_imul", "Math_clz32"]);
const BITWISE = new Set([
  ts.SyntaxKind.BarToken, ts.SyntaxKind.AmpersandToken, ts.SyntaxKind.CaretToken,
  ts.SyntaxKind.LessThanLessThanToken, ts.SyntaxKind.GreaterThanGreaterThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
]);
const ARITHMETIC = new Set([
  ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken, ts.SyntaxKind.PercentToken,
]);

// Types, as a lattice: INT (an int32 number) < NUM (any number) < ANY.
const INT = 0, NUM = 1, ANY = 2;
const join = (a, b) => (a > b ? a : b);

const isZero = (node) => ts.isNumericLiteral(node) && node.text === "0";
const strip = (node) => (ts.isParenthesizedExpression(node) ? strip(node.expression) : node);
const isOr0 = (node) => ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.BarToken && isZero(strip(node.right));

/** `p = p | 0` or `p = +p` for a parameter p: its kind (INT or NUM), else -1. */
function coercionOf(statement, param) {
  if (!ts.isExpressionStatement(statement)) return -1;
  const e = statement.expression;
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return -1;
  if (!ts.isIdentifier(e.left) || e.left.text !== param) return -1;
  const r = e.right;
  if (isOr0(r) && ts.isIdentifier(strip(r.left)) && strip(r.left).text === param) return INT;
  if (ts.isPrefixUnaryExpression(r) && r.operator === ts.SyntaxKind.PlusToken && ts.isIdentifier(r.operand) && r.operand.text === param) return NUM;
  return -1;
}

/** What the pass knows of one inner function of asmFunc. */
class FunctionFacts {
  constructor(node) {
    this.node = node;
    this.name = node.name.text;
    this.params = node.parameters.map((p) => p.name.text);
    this.coercions = new Map(); // param → INT/NUM, from its leading `p = p | 0` / `p = +p`
    const statements = node.body.statements;
    for (let i = 0; i < statements.length && i < this.params.length; i++) {
      const param = this.params.find((p) => coercionOf(statements[i], p) >= 0);
      if (param === undefined) break;
      this.coercions.set(param, coercionOf(statements[i], param));
      statements[i].coercion = true;
    }
    this.locals = new Set(this.params);
    this.assigned = new Map(); // local → right-hand sides (an undefined one: declared without a value)
    for (const p of this.params) this.assigned.set(p, []);
    this.returns = [];
    this.endsInReturn = statements.length > 0 && ts.isReturnStatement(statements[statements.length - 1]);
    const visit = (n) => {
      if (ts.isFunctionLike(n) && n !== node) return; // (none inside: wasm2js nests no functions)
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) {
        this.locals.add(n.name.text);
        if (!this.assigned.has(n.name.text)) this.assigned.set(n.name.text, []);
        this.assigned.get(n.name.text).push(n.initializer);
      } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left)) {
        if (!n.parent || !n.parent.coercion) (this.pendingAssignments ??= []).push(n);
      } else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
                 (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) {
        if (ts.isIdentifier(n.operand)) (this.pendingAssignments ??= []).push(n);
      } else if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstCompoundAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastCompoundAssignment && ts.isIdentifier(n.left)) {
        (this.pendingAssignments ??= []).push(n);
      } else if (ts.isReturnStatement(n)) {
        this.returns.push(n.expression);
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(node.body, visit);
    for (const n of this.pendingAssignments ?? []) {
      const target = ts.isBinaryExpression(n) ? n.left.text : n.operand.text;
      if (!this.locals.has(target)) continue; // the module's globals: not typed
      const plain = ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      this.assigned.get(target).push(plain ? n.right : "any");
    }
    this.types = new Map([...this.locals].map((l) => [l, INT])); // optimistic, narrowed to a fixpoint
    this.entry = new Map(this.params.map((p) => [p, INT])); // what callers pass, likewise
    this.result = INT;
  }
}

// wasm2js's memory object answers `buffer` with a getter: a call at each look, and the host
// looks before each read of the queue. A plain property instead, set again when memory grows.
const MEMORY_OBJECT = /"memory": Object\.create\(Object\.prototype, \{\s*"grow": \{\s*"value": __wasm_memory_grow\s*\},\s*"buffer": \{\s*"get": function \(\) \{\s*return buffer;\s*\}\s*\}\s*\}\)/;
const BUFFER_DECLARED = /^( *)var buffer = (new ArrayBuffer\(\d+\));$/m;
const BUFFER_GROWN = /^( *)buffer = newBuffer;$/m;

function plainMemoryObject(source) {
  if (!MEMORY_OBJECT.test(source) || !BUFFER_DECLARED.test(source) || !BUFFER_GROWN.test(source)) {
    throw new Error("wasm2js's memory object changed shape: update build/ruff-duktape.mjs");
  }
  return source
    .replace(MEMORY_OBJECT, '"memory": memory$')
    .replace(BUFFER_DECLARED, '$1var buffer = $2;\n$1var memory$ = { "grow": __wasm_memory_grow, "buffer": buffer };')
    .replace(BUFFER_GROWN, "$1buffer = memory$.buffer = newBuffer;");
}

/** Rewrites the body of wasm2js's asmFunc (see the top of this file). */
export function forDuktape(source) {
  source = plainMemoryObject(source);
  const file = ts.createSourceFile("core.js", source, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS);
  let asmFunc;
  const find = (n) => { if (ts.isFunctionDeclaration(n) && n.name && n.name.text === "asmFunc") asmFunc = n; else ts.forEachChild(n, find); };
  find(file);
  if (!asmFunc) throw new Error("wasm2js output has no asmFunc: update build/ruff-duktape.mjs");

  const functions = new Map();
  for (const s of asmFunc.body.statements) if (ts.isFunctionDeclaration(s) && s.name) functions.set(s.name.text, new FunctionFacts(s));
  // A function only ever called by name inside the module gets its callers' arguments' types;
  // one used any other way (exported, stored) gets anything.
  const calls = new Map([...functions.keys()].map((name) => [name, []]));
  const escaped = new Set();
  const scan = (n, owner) => {
    if (ts.isFunctionDeclaration(n) && n.name && functions.has(n.name.text)) owner = functions.get(n.name.text);
    if (ts.isIdentifier(n) && functions.has(n.text) && !(owner && owner.locals.has(n.text))) {
      const p = n.parent;
      if (ts.isCallExpression(p) && p.expression === n) calls.get(n.text).push({ call: p, owner });
      else if (!(ts.isFunctionDeclaration(p) && p.name === n)) escaped.add(n.text);
    }
    ts.forEachChild(n, (c) => scan(c, owner));
  };
  scan(file, undefined);

  const typeOf = (node, facts) => {
    if (node === undefined) return ANY;
    if (node === "any") return ANY;
    node = strip(node);
    if (ts.isNumericLiteral(node)) {
      const v = Number(node.text);
      return Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff ? INT : NUM;
    }
    if (ts.isPrefixUnaryExpression(node)) {
      if (node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) {
        const v = -Number(node.operand.text);
        return Number.isInteger(v) && !Object.is(v, -0) && v >= -0x80000000 ? INT : NUM;
      }
      if (node.operator === ts.SyntaxKind.TildeToken) return INT;
      if (node.operator === ts.SyntaxKind.PlusToken || node.operator === ts.SyntaxKind.MinusToken) return NUM;
      return ANY;
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken) return NUM;
      if (BITWISE.has(op)) return INT;
      if (ARITHMETIC.has(op)) return join(typeOf(node.left, facts), typeOf(node.right, facts)) <= NUM ? NUM : ANY;
      if (op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.CommaToken) return typeOf(node.right, facts);
      return ANY;
    }
    if (ts.isConditionalExpression(node)) return join(typeOf(node.whenTrue, facts), typeOf(node.whenFalse, facts));
    if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression)) {
      if (INT_VIEWS.has(node.expression.text)) return INT;
      if (NUMBER_VIEWS.has(node.expression.text)) return NUM;
      return ANY;
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const callee = node.expression.text;
      if (INT_CALLS.has(callee)) return INT;
      if (callee.startsWith("Math_")) return NUM;
      if (functions.has(callee) && !(facts && facts.locals.has(callee))) return functions.get(callee).result;
      return ANY;
    }
    if (ts.isIdentifier(node) && facts && facts.locals.has(node.text)) return facts.types.get(node.text);
    return ANY;
  };

  // Narrow every optimistic guess until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    const update = (map, key, value) => { if (map.get(key) !== value) { map.set(key, value); changed = true; } };
    for (const facts of functions.values()) {
      facts.params.forEach((p, i) => {
        let t = escaped.has(facts.name) ? ANY : INT;
        for (const { call, owner } of calls.get(facts.name)) t = join(t, i < call.arguments.length ? typeOf(call.arguments[i], owner) : ANY);
        update(facts.entry, p, t);
      });
      for (const local of facts.locals) {
        let t = facts.params.includes(local) ? (facts.coercions.has(local) ? facts.coercions.get(local) : facts.entry.get(local)) : INT;
        for (const rhs of facts.assigned.get(local)) t = join(t, typeOf(rhs, facts));
        update(facts.types, local, t);
      }
      let r = facts.endsInReturn && facts.returns.length > 0 ? INT : ANY;
      for (const e of facts.returns) r = join(r, typeOf(e, facts));
      if (facts.result !== r) { facts.result = r; changed = true; }
    }
  }

  let dropped = 0, divided = 0;
  const transformer = (context) => {
    let facts;
    const visit = (node) => {
      if (ts.isFunctionDeclaration(node) && node.name && functions.has(node.name.text) && node.parent === asmFunc.body) {
        const outer = facts;
        facts = functions.get(node.name.text);
        const result = ts.visitEachChild(node, visit, context);
        facts = outer;
        return result;
      }
      // a parameter's coercion that every caller already makes
      if (facts && ts.isExpressionStatement(node) && node.coercion) {
        const param = node.expression.left.text;
        if (facts.entry.get(param) <= facts.coercions.get(param)) { dropped++; return undefined; }
        return node;
      }
      if (facts && isOr0(node)) {
        const p = node.parent, inner = node.left;
        const operandOfBitwise = ts.isBinaryExpression(p) && BITWISE.has(p.operatorToken.kind);
        const parenthesized = ts.isParenthesizedExpression(p) && ts.isBinaryExpression(p.parent) && BITWISE.has(p.parent.operatorToken.kind);
        if (typeOf(inner, facts) === INT || operandOfBitwise || parenthesized || isDiscardedStore(node)) {
          dropped++;
          return ts.factory.createParenthesizedExpression(ts.visitNode(inner, visit));
        }
      }
      if (facts && ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.PlusToken && typeOf(node.operand, facts) <= NUM) {
        dropped++;
        return ts.factory.createParenthesizedExpression(ts.visitNode(node.operand, visit));
      }
      if (facts && ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text in SHIFT_OF_VIEW) {
        const index = strip(node.argumentExpression);
        const shift = SHIFT_OF_VIEW[node.expression.text];
        if (ts.isBinaryExpression(index) && index.operatorToken.kind === ts.SyntaxKind.GreaterThanGreaterThanToken &&
            ts.isNumericLiteral(index.right) && Number(index.right.text) === shift) {
          let address = ts.visitNode(index.left, visit);
          if (isOr0(strip(address))) address = strip(address).left; // (the |0 the shift made redundant)
          divided++;
          const element = shift === 0 ? address : ts.factory.createBinaryExpression(
            ts.factory.createParenthesizedExpression(address), ts.SyntaxKind.SlashToken, ts.factory.createNumericLiteral(1 << shift));
          return ts.factory.updateElementAccessExpression(node, node.expression, element);
        }
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (root) => ts.visitNode(root, visit);
  };

  /** `VIEW[i] = x | 0` as a statement (its value unused), into an integer view. */
  function isDiscardedStore(node) {
    const p = node.parent;
    if (!ts.isBinaryExpression(p) || p.operatorToken.kind !== ts.SyntaxKind.EqualsToken || p.right !== node) return false;
    if (!ts.isElementAccessExpression(p.left) || !ts.isIdentifier(p.left.expression) || !STORE_VIEWS.has(p.left.expression.text)) return false;
    let up = p;
    while (ts.isParenthesizedExpression(up.parent) || (ts.isBinaryExpression(up.parent) && up.parent.operatorToken.kind === ts.SyntaxKind.CommaToken && up.parent.right === up)) up = up.parent;
    return ts.isExpressionStatement(up.parent) ||
      (ts.isBinaryExpression(up.parent) && up.parent.operatorToken.kind === ts.SyntaxKind.CommaToken && up.parent.left === up);
  }

  const result = ts.transform(file, [transformer]);
  const text = ts.createPrinter({ removeComments: true }).printFile(result.transformed[0]);
  result.dispose();
  return { text: cacheViews(text), dropped, divided };
}

/** A statement after which the function returns without reading a view (its next statement
 *  returns a value that reads none, or it ends the function's body). */
function isLastUse(statement, views) {
  if (!ts.isExpressionStatement(statement) || !ts.isBlock(statement.parent)) return false;
  const list = statement.parent.statements, next = list[list.indexOf(statement) + 1];
  if (!next) return ts.isFunctionDeclaration(statement.parent.parent);
  if (!ts.isReturnStatement(next)) return false;
  let reads = false;
  const visit = (n) => { if (ts.isIdentifier(n) && views.has(n.text)) reads = true; ts.forEachChild(n, visit); };
  if (next.expression) visit(next.expression);
  return !reads;
}

const VIEWS = new Set(["HEAP8", "HEAP16", "HEAP32", "HEAPU8", "HEAPU16", "HEAPU32", "HEAPF32", "HEAPF64"]);

/** Duktape finds a closure's outer variable by name, in the outer scope's table, at each use:
 *  a function that reads a memory view more than once reads it once into a local instead, and
 *  again after each call that may grow the memory (growing replaces the views). */
function cacheViews(source) {
  const file = ts.createSourceFile("core.js", source, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS);
  let asmFunc;
  const find = (n) => { if (ts.isFunctionDeclaration(n) && n.name && n.name.text === "asmFunc") asmFunc = n; else ts.forEachChild(n, find); };
  find(file);
  const functions = new Map();
  for (const s of asmFunc.body.statements) {
    if (!ts.isFunctionDeclaration(s) || !s.name) continue;
    const facts = { callees: new Set(), calls: [], uses: new Map(), growsItself: false };
    const visit = (n) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) { facts.callees.add(n.expression.text); facts.calls.push(n.expression.text); }
      if (ts.isIdentifier(n) && VIEWS.has(n.text)) {
        const p = n.parent;
        if (ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) facts.growsItself = true;
        else facts.uses.set(n.text, (facts.uses.get(n.text) ?? 0) + 1);
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(s.body, visit);
    functions.set(s.name.text, facts);
  }
  const growers = new Set([...functions].filter(([, f]) => f.growsItself).map(([name]) => name));
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, f] of functions) {
      if (!growers.has(name) && [...f.callees].some((c) => growers.has(c))) { growers.add(name); changed = true; }
    }
  }
  const f = ts.factory;
  const transformer = (context) => {
    let cached = null;
    const refresh = () => [...cached].map((v) => f.createAssignment(f.createIdentifier("v$" + v), f.createIdentifier(v)));
    const visit = (node) => {
      if (ts.isFunctionDeclaration(node) && node.parent === asmFunc.body && node.name && functions.has(node.name.text)) {
        const facts = functions.get(node.name.text);
        if (facts.growsItself) return node;
        // a cached view costs a look-up at entry and one after each call that may grow memory,
        // (measured) worth it when read more than once per two such calls
        const refreshes = facts.calls.filter((c) => growers.has(c)).length;
        cached = new Set([...facts.uses].filter(([, count]) => count > 1 + refreshes / 2).map(([view]) => view));
        if (cached.size === 0) return node;
        const body = ts.visitEachChild(node.body, visit, context);
        const locals = [...cached].map((v) => f.createVariableDeclaration("v$" + v, undefined, undefined, f.createIdentifier(v)));
        if ([...facts.callees].some((c) => growers.has(c))) locals.push(f.createVariableDeclaration("t$", undefined, undefined, f.createNumericLiteral(0)));
        cached = null;
        return f.updateFunctionDeclaration(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, node.parameters, node.type,
          f.updateBlock(body, [f.createVariableStatement(undefined, locals), ...body.statements]));
      }
      if (cached && ts.isIdentifier(node) && cached.has(node.text)) return f.createIdentifier("v$" + node.text);
      if (cached && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && growers.has(node.expression.text)) {
        const call = ts.visitEachChild(node, visit, context);
        if (ts.isReturnStatement(node.parent) || isLastUse(node.parent, cached)) return call;
        if (ts.isExpressionStatement(node.parent)) return f.createParenthesizedExpression(f.createCommaListExpression([call, ...refresh()]));
        return f.createParenthesizedExpression(f.createCommaListExpression([
          f.createAssignment(f.createIdentifier("t$"), call), ...refresh(), f.createIdentifier("t$")]));
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (root) => ts.visitNode(root, visit);
  };
  const result = ts.transform(file, [transformer]);
  const text = ts.createPrinter({ removeComments: true }).printFile(result.transformed[0]);
  result.dispose();
  return text;
}
