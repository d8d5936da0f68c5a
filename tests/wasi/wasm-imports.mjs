// The function imports of a WebAssembly binary with their exact types, read from the type and
// import sections (WebAssembly.Module.imports() gives names and kinds but not signatures).
const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const VALUE_TYPES = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" };
const KINDS = ["func", "table", "memory", "global", "tag"];

/** [{ module, name, kind, params: ["i32", …], results: [...] }] in import order. */
export function functionImports(bytes) {
  const reader = new Reader(bytes);
  if (reader.u32le() !== 0x6d736100) throw new Error("not a WebAssembly binary");
  reader.u32le(); // version
  const types = [];
  const imports = [];
  while (!reader.done()) {
    const id = reader.byte();
    const size = reader.leb();
    const end = reader.at + size;
    if (id === SECTION_TYPE) {
      for (let n = reader.leb(); n > 0; n--) {
        if (reader.byte() !== 0x60) throw new Error("only function types are expected");
        const params = reader.vector(() => valueType(reader.byte()));
        const results = reader.vector(() => valueType(reader.byte()));
        types.push({ params, results });
      }
    } else if (id === SECTION_IMPORT) {
      for (let n = reader.leb(); n > 0; n--) {
        const module = reader.name();
        const name = reader.name();
        const kind = KINDS[reader.byte()];
        if (kind !== "func") throw new Error(`import ${module}.${name} is a ${kind}, not a function`);
        imports.push({ module, name, kind, ...types[reader.leb()] });
      }
    }
    reader.at = end;
  }
  return imports;
}

function valueType(code) {
  const type = VALUE_TYPES[code];
  if (!type) throw new Error(`unknown value type 0x${code.toString(16)}`);
  return type;
}

class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.at = 0;
  }
  done() {
    return this.at >= this.bytes.length;
  }
  byte() {
    if (this.done()) throw new Error("truncated WebAssembly binary");
    return this.bytes[this.at++];
  }
  u32le() {
    const value = this.bytes[this.at] | (this.bytes[this.at + 1] << 8) | (this.bytes[this.at + 2] << 16) | (this.bytes[this.at + 3] << 24);
    this.at += 4;
    return value >>> 0;
  }
  leb() {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return value;
    }
  }
  vector(item) {
    return Array.from({ length: this.leb() }, item);
  }
  name() {
    const length = this.leb();
    const text = new TextDecoder().decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }
}
