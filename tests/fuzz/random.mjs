// A seeded random source for the fuzzers (sfc32, seeded from one 32-bit number), so any run
// can be replayed from the seed it prints. No npm dependency, no shrinking.

/** A random source from `seed` (an integer; only its low 32 bits count). */
export function randomSource(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next(); // mix the seed in before the first answer
  const float = () => next() / 4294967296;
  const int = (n) => Math.floor(float() * n);
  return {
    seed: seed >>> 0,
    u32: next,
    float,
    /** An integer in [0, n). */
    int,
    /** An integer in [lo, hi]. */
    between: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => float() < p,
    pick: (list) => list[int(list.length)],
    /** Picks a key of `weights` ({ name: weight }) in proportion to its weight. */
    weighted(weights) {
      let total = 0;
      for (const k in weights) total += weights[k];
      let r = float() * total;
      for (const k in weights) if ((r -= weights[k]) < 0) return k;
      return Object.keys(weights).at(-1);
    },
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = next() & 255;
      return out;
    },
  };
}

/** The seed a fuzz run uses: --seed N, else WASM_NET_SEED, else `fallback` (a fixed or a fresh one). */
export function seedFrom(argv, env, fallback) {
  const at = argv.indexOf("--seed");
  const text = at >= 0 ? argv[at + 1] : env.WASM_NET_SEED;
  if (text === undefined || text === "") return fallback();
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`bad seed ${JSON.stringify(text)}: an integer 0..4294967295`);
  return seed;
}
