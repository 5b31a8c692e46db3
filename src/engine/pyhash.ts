// CPython's hash functions, 64-bit build, PYTHONHASHSEED=0 (hash randomization off: the SipHash key
// is all zeros, Python/bootstrap_hash.c `_Py_HashRandomization_Init`: "if (config->hash_seed == 0)
// memset(secret, 0, ...)").
//
// Follows: Python/pyhash.c (_Py_HashDouble, _Py_HashPointer, _Py_HashBytes, siphash13/siphash24),
// Objects/longobject.c long_hash, Objects/floatobject.c float_hash, Objects/complexobject.c
// complex_hash, Objects/tupleobject.c tuplehash (xxHash-based since 3.8), Objects/setobject.c
// frozenset_hash, Objects/object.c none_hash (3.12+), Objects/unicodeobject.c unicode_hash (hashes
// the PEP 393 buffer: 1, 2 or 4 bytes per character).
//
// Representation: a Python hash (a signed 64-bit Py_hash_t) is a JS number when it is a safe integer,
// otherwise a bigint. Small ints therefore hash without any BigInt work.

import type { PyVersion } from './versions';
import { splitDouble } from './format/dtoa';

export type Hash = number | bigint;

interface HashProfile {
  /** Py_HASH_ALGORITHM: SIPHASH24 up to 3.10, SIPHASH13 from 3.11 (Include/pyhash.h:132-134). */
  sipCRounds: number;
  sipDRounds: number;
  /** 3.10+: NaN hashes by object identity (_Py_HashDouble(inst, v) -> _Py_HashPointer(inst));
   *  3.8/3.9: NaN hashes to _PyHASH_NAN = 0. */
  nanHashById: boolean;
  /** 3.12+: None has a constant hash, Objects/object.c none_hash returns 0xFCA86420;
   *  before: object's default hash, _Py_HashPointer(None). */
  noneHash: number | null;
}

const HASH_PROFILES: Record<PyVersion, HashProfile> = {
  '3.8': { sipCRounds: 2, sipDRounds: 4, nanHashById: false, noneHash: null },
  '3.9': { sipCRounds: 2, sipDRounds: 4, nanHashById: false, noneHash: null },
  '3.10': { sipCRounds: 2, sipDRounds: 4, nanHashById: true, noneHash: null },
  '3.11': { sipCRounds: 1, sipDRounds: 3, nanHashById: true, noneHash: null },
  '3.12': { sipCRounds: 1, sipDRounds: 3, nanHashById: true, noneHash: 0xfca86420 },
  '3.13': { sipCRounds: 1, sipDRounds: 3, nanHashById: true, noneHash: 0xfca86420 },
};

/** _PyHASH_BITS 61, _PyHASH_MODULUS 2**61-1 (Include/pyhash.h). */
export const PYHASH_BITS = 61;
const MODULUS_BIG = (1n << 61n) - 1n;
const PYHASH_INF = 314159;
const PYHASH_IMAG = 1000003n;

/** Normalize a bigint (any size) to a signed 64-bit Hash, as a number when safe. */
export function hashFromBigInt(b: bigint): Hash {
  const s = BigInt.asIntN(64, b);
  if (s >= -9007199254740991n && s <= 9007199254740991n) return Number(s);
  return s;
}

function toBig(h: Hash): bigint {
  return typeof h === 'bigint' ? h : BigInt(h);
}

/** Final `if (x == -1) x = -2` step shared by most hash functions. */
function fixMinusOne(h: Hash): Hash {
  return h === -1 ? -2 : h;
}

/** long_hash (Objects/longobject.c): sign * (|v| mod 2**61-1), -1 -> -2. */
export function hashInt(v: number | bigint): Hash {
  if (typeof v === 'number') {
    // A safe integer is below 2**53 < 2**61-1: its hash is itself.
    return v === -1 ? -2 : v;
  }
  if (v >= -9007199254740991n && v <= 9007199254740991n) return hashInt(Number(v));
  const neg = v < 0n;
  let r = (neg ? -v : v) % MODULUS_BIG;
  if (neg) r = -r;
  return fixMinusOne(hashFromBigInt(r));
}

/** _Py_HashPointer (Python/pyhash.c): address rotated right by 4 bits, -1 -> -2. */
export function hashPointer(id: number | bigint): Hash {
  if (typeof id === 'number' && id % 16 === 0) return id / 16;
  const y = BigInt.asUintN(64, toBig(id));
  const r = (y >> 4n) | BigInt.asUintN(64, y << 60n);
  return fixMinusOne(hashFromBigInt(r));
}

/** _Py_HashDouble (Python/pyhash.c). `id` is the float object's id (used for NaN from 3.10). */
export function hashFloat(v: number, id: number | bigint, version: PyVersion): Hash {
  if (Number.isInteger(v) && Number.isSafeInteger(v)) return hashInt(v);
  if (!Number.isFinite(v)) {
    if (v === Infinity) return PYHASH_INF;
    if (v === -Infinity) return -PYHASH_INF;
    return HASH_PROFILES[version].nanHashById ? hashPointer(id) : 0;
  }
  // v = M * 2**E exactly; the C loop computes (M * 2**E) mod P where 2**-k == 2**(61-k mod 61).
  const { neg, mant, e } = splitDouble(v);
  let em = e % PYHASH_BITS;
  if (em < 0) em += PYHASH_BITS;
  let x = (mant % MODULUS_BIG) * (1n << BigInt(em)) % MODULUS_BIG;
  if (neg) x = -x;
  return fixMinusOne(hashFromBigInt(x));
}

/** complex_hash (Objects/complexobject.c): hash(real) + 1000003 * hash(imag), unsigned wrap. */
export function hashComplex(real: number, imag: number, id: number | bigint, version: PyVersion): Hash {
  const hr = toBig(hashFloat(real, id, version));
  const hi = toBig(hashFloat(imag, id, version));
  return fixMinusOne(hashFromBigInt(hr + PYHASH_IMAG * hi));
}

// tuplehash (Objects/tupleobject.c, 3.8+): xxHash-style accumulation over the item hashes.
const XXPRIME_1 = 11400714785074694791n;
const XXPRIME_2 = 14029467366897019727n;
const XXPRIME_5 = 2870177450012600261n;
const MASK64 = (1n << 64n) - 1n;

export function hashTuple(itemHashes: readonly Hash[]): Hash {
  let acc = XXPRIME_5;
  for (const h of itemHashes) {
    const lane = BigInt.asUintN(64, toBig(h));
    acc = (acc + lane * XXPRIME_2) & MASK64;
    acc = ((acc << 31n) | (acc >> 33n)) & MASK64; // _PyHASH_XXROTATE
    acc = (acc * XXPRIME_1) & MASK64;
  }
  acc = (acc + (BigInt(itemHashes.length) ^ (XXPRIME_5 ^ 3527539n))) & MASK64;
  if (acc === MASK64) return 1546275796;
  return hashFromBigInt(acc);
}

/** _shuffle_bits (Objects/setobject.c). */
function shuffleBits(h: bigint): bigint {
  return (((h ^ 89869747n) ^ (h << 16n)) * 3644798167n) & MASK64;
}

/** frozenset_hash (Objects/setobject.c). The C code xors over every table slot and then cancels the
 *  NULL and dummy slots, so the result is the xor over the active entries' hashes. */
export function hashFrozenset(itemHashes: readonly Hash[]): Hash {
  let hash = 0n;
  for (const h of itemHashes) hash ^= shuffleBits(BigInt.asUintN(64, toBig(h)));
  hash ^= ((BigInt(itemHashes.length) + 1n) * 1927868237n) & MASK64;
  hash ^= (hash >> 11n) ^ (hash >> 25n);
  hash = (hash * 69069n + 907133923n) & MASK64;
  if (hash === MASK64) return 590923713;
  return hashFromBigInt(hash);
}

// ---- SipHash on 32-bit halves (Python/pyhash.c siphash13 / siphash24, key k0 = k1 = 0) ----

// v0..v3 as [hi, lo] pairs in one array: index 2*i = hi, 2*i+1 = lo.
const V = new Uint32Array(8);

function add(a: number, b: number): void {
  const lo = V[a + 1] + V[b + 1];
  V[a + 1] = lo >>> 0;
  V[a] = (V[a] + V[b] + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}
function rotl(a: number, s: number): void {
  let hi = V[a];
  let lo = V[a + 1];
  if (s >= 32) {
    const t = hi;
    hi = lo;
    lo = t;
    s -= 32;
  }
  if (s > 0) {
    const nhi = ((hi << s) | (lo >>> (32 - s))) >>> 0;
    const nlo = ((lo << s) | (hi >>> (32 - s))) >>> 0;
    hi = nhi;
    lo = nlo;
  }
  V[a] = hi;
  V[a + 1] = lo;
}
function xorInto(a: number, b: number): void {
  V[a] ^= V[b];
  V[a + 1] ^= V[b + 1];
}
/** HALF_ROUND(a,b,c,d,s,t): a += b; c += d; b = ROTATE(b,s) ^ a; d = ROTATE(d,t) ^ c; a = ROTATE(a,32). */
function halfRound(a: number, b: number, c: number, d: number, s: number, t: number): void {
  add(a, b);
  add(c, d);
  rotl(b, s);
  xorInto(b, a);
  rotl(d, t);
  xorInto(d, c);
  rotl(a, 32);
}
function singleRound(): void {
  halfRound(0, 2, 4, 6, 13, 16);
  halfRound(4, 2, 0, 6, 17, 21);
}

function siphash(buf: Uint8Array, len: number, cRounds: number, dRounds: number): Hash {
  // k0 = k1 = 0: v0 = 0x736f6d6570736575, v1 = 0x646f72616e646f6d, v2 = 0x6c7967656e657261,
  // v3 = 0x7465646279746573.
  V[0] = 0x736f6d65; V[1] = 0x70736575;
  V[2] = 0x646f7261; V[3] = 0x6e646f6d;
  V[4] = 0x6c796765; V[5] = 0x6e657261;
  V[6] = 0x74656462; V[7] = 0x79746573;
  let off = 0;
  while (len - off >= 8) {
    const mlo = (buf[off] | (buf[off + 1] << 8) | (buf[off + 2] << 16) | (buf[off + 3] << 24)) >>> 0;
    const mhi = (buf[off + 4] | (buf[off + 5] << 8) | (buf[off + 6] << 16) | (buf[off + 7] << 24)) >>> 0;
    V[6] ^= mhi; V[7] ^= mlo;
    for (let r = 0; r < cRounds; r++) singleRound();
    V[0] ^= mhi; V[1] ^= mlo;
    off += 8;
  }
  // b = len << 56 | remaining bytes (little endian)
  let tlo = 0;
  let thi = ((len & 0xff) << 24) >>> 0;
  const rem = len - off;
  for (let k = 0; k < rem; k++) {
    const byte = buf[off + k];
    if (k < 4) tlo |= byte << (8 * k);
    else thi |= byte << (8 * (k - 4));
  }
  tlo >>>= 0;
  thi >>>= 0;
  V[6] ^= thi; V[7] ^= tlo;
  for (let r = 0; r < cRounds; r++) singleRound();
  V[0] ^= thi; V[1] ^= tlo;
  V[5] ^= 0xff; // v2 ^= 0xff
  for (let r = 0; r < dRounds; r++) singleRound();
  const hi = (V[0] ^ V[2] ^ V[4] ^ V[6]) >>> 0;
  const lo = (V[1] ^ V[3] ^ V[5] ^ V[7]) >>> 0;
  return fromHiLo(hi, lo);
}

/** Signed 64-bit value from two uint32 halves, as a Hash. */
function fromHiLo(hi: number, lo: number): Hash {
  const shi = hi | 0;
  if (shi >= -0x200000 && shi < 0x200000) return shi * 4294967296 + lo;
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

let scratch = new Uint8Array(256);
function ensureScratch(n: number): Uint8Array {
  if (scratch.length < n) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/** _Py_HashBytes: SipHash of the buffer; empty -> 0; -1 -> -2. */
export function hashBytes(data: Uint8Array, version: PyVersion): Hash {
  if (data.length === 0) return 0;
  const p = HASH_PROFILES[version];
  return fixMinusOne(siphash(data, data.length, p.sipCRounds, p.sipDRounds));
}

/** PEP 393 kind of a str: 1 (latin-1), 2 (UCS-2) or 4 (UCS-4) bytes per character. */
export function strKind(s: string): 1 | 2 | 4 {
  let kind: 1 | 2 | 4 = 1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return 4;
    }
    if (c > 0xff) kind = 2;
  }
  return kind;
}

/** unicode_hash (Objects/unicodeobject.c): _Py_HashBytes over PyUnicode_DATA, len * kind bytes. */
export function hashStr(s: string, version: PyVersion): Hash {
  const n = s.length;
  if (n === 0) return 0;
  const p = HASH_PROFILES[version];
  const kind = strKind(s);
  const buf = ensureScratch(n * 4);
  let len = 0;
  if (kind === 1) {
    for (let i = 0; i < n; i++) buf[i] = s.charCodeAt(i);
    len = n;
  } else if (kind === 2) {
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      buf[len++] = c & 0xff;
      buf[len++] = c >>> 8;
    }
  } else {
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      buf[len++] = c & 0xff;
      buf[len++] = (c >>> 8) & 0xff;
      buf[len++] = (c >>> 16) & 0xff;
      buf[len++] = 0;
    }
  }
  return fixMinusOne(siphash(buf, len, p.sipCRounds, p.sipDRounds));
}

/** hash(None): a constant from 3.12, the identity hash of the None object before. */
export function hashNone(id: number | bigint, version: PyVersion): Hash {
  const c = HASH_PROFILES[version].noneHash;
  return c !== null ? c : hashPointer(id);
}

/** hash(True) == 1, hash(False) == 0 (bool is an int). */
export function hashBool(b: boolean): Hash {
  return b ? 1 : 0;
}

// ---- Helpers for the table probes (size_t arithmetic on the hash) ----

/** (size_t)hash & mask for mask < 2**31. */
export function hashIndex(h: Hash, mask: number): number {
  if (typeof h === 'number') return (h >>> 0) & mask; // ToUint32 is exact mod 2**32 for safe ints
  return Number(BigInt.asUintN(32, h)) & mask;
}

/** The unsigned 64-bit `perturb` of a probe sequence, kept as two uint32 halves. */
export class Perturb {
  hi = 0;
  lo = 0;
  constructor(h: Hash) {
    if (typeof h === 'number') {
      this.lo = h >>> 0;
      this.hi = Math.floor(h / 4294967296) >>> 0;
    } else {
      const u = BigInt.asUintN(64, h);
      this.lo = Number(u & 0xffffffffn);
      this.hi = Number(u >> 32n);
    }
  }
  /** perturb >>= PERTURB_SHIFT (5) */
  shift5(): void {
    this.lo = ((this.lo >>> 5) | (this.hi << 27)) >>> 0;
    this.hi = this.hi >>> 5;
  }
}

/** Exact equality of two Hash values. */
export function hashEquals(a: Hash, b: Hash): boolean {
  return a === b;
}
