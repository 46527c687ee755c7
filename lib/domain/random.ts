// Seeded randomness and hashing for lib/domain: a mulberry32 PRNG (randomness only from a seed the
// caller passes in) and murmur3_x86_32, the hash cohort buckets and rendezvous scores are built on.

/** A seeded random source: the same seed gives the same sequence. */
export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform integer in [0, n) */
  int(n: number): number;
  /** a Fisher–Yates shuffled copy; the input is left alone */
  shuffle<T>(items: readonly T[]): T[];
}

/** mulberry32: 32 bits of state, fast, and good enough for simulation (not for secrets). */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    shuffle(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}

/** A child seed for a named sub-stream, so adding draws to one part does not shift another's. */
export function deriveSeed(seed: number, label: string): number {
  return murmur3_x86_32(label, seed >>> 0);
}

function utf8(key: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < key.length) {
      const d = key.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    // a lone surrogate becomes U+FFFD, as TextEncoder does
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return bytes;
}

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * MurmurHash3 x86 32-bit over the UTF-8 bytes of `key`, as an unsigned 32-bit number. The same
 * function Unleash uses for gradual rollouts, so cohort buckets match what operators know.
 */
export function murmur3_x86_32(key: string, seed = 0): number {
  const bytes = utf8(key);
  const len = bytes.length;
  const blocks = len & ~3;
  let h = seed | 0;
  for (let i = 0; i < blocks; i += 4) {
    h = mixBlock(h, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  }
  let k = 0;
  switch (len & 3) {
    case 3:
      k ^= bytes[blocks + 2]! << 16;
    // falls through
    case 2:
      k ^= bytes[blocks + 1]! << 8;
    // falls through
    case 1:
      k ^= bytes[blocks]!;
      k = Math.imul(k, C1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, C2);
      h ^= k;
  }
  h ^= len;
  return fmix32(h);
}

/**
 * A hash of a pair of already-hashed 32-bit values, mapped into (0, 1) (never 0 or 1, so ln() is
 * finite). It is murmur3's block step over the second value seeded with the first, so rendezvous
 * can hash each name once and score every (server, app) pair with a few integer operations.
 */
export function pairHash01(a: number, b: number): number {
  const h = fmix32(mixBlock(a, b) ^ 8);
  return (h + 0.5) / 4294967296;
}

// Server addresses and app names repeat across millions of decisions; hashing each once matters.
const memo = new Map<string, number>();
const MEMO_LIMIT = 100_000;

/** murmur3_x86_32(key, 0), remembered: a pure function, so caching it changes no answer. */
export function hashName(key: string): number {
  let h = memo.get(key);
  if (h === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    h = murmur3_x86_32(key, 0);
    memo.set(key, h);
  }
  return h;
}
