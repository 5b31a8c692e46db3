// The differential fuzzer's program generator: random, valid Python programs over the subset the
// simulator models (see README "Supported and refused"), deterministic from a seed.
//
// A program is a list of chunks (top-level statements, some spanning several lines) that print
// observable values: reprs of results, sys.getsizeof, sys.getrefcount of fresh objects the
// interpreter does not share, `is` between values, gc.collect() counts, and caught exceptions as
// `type(e).__name__, e`. Nothing printed depends on addresses or timing; output that depends on the
// hash seed (orders of str/bytes sets and dicts) is left to the recorder, which runs each program
// under two seeds and sets aside those whose outputs differ.

/** mulberry32: a small, fast 32-bit PRNG. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export type Ty = 'int' | 'float' | 'str' | 'bytes' | 'list' | 'tuple' | 'dict' | 'set' | 'bool';
const TYPES: Ty[] = ['int', 'float', 'str', 'bytes', 'list', 'tuple', 'dict', 'set', 'bool'];
const SEQ: Ty[] = ['str', 'bytes', 'list', 'tuple'];

const INTS = ['0', '1', '-1', '2', '3', '7', '-5', '-6', '255', '256', '257', '1000', '-257', '2**30', '2**31 - 1',
  '2**63', '-2**63', '2**64', '2**64 - 1', '10**20', '-10**18', '12345678901234567890', '2**53 + 1', '0x7fffffff', '-(2**100)'];
const SMALL_INTS = ['0', '1', '2', '3', '4', '5', '-1', '-2', '-3', '10'];
const FLOATS = ['0.0', '-0.0', '1.5', '-2.5', '0.1', '1e16', '1e308', '5e-324', '3.0', '-7.25', "float('inf')",
  "float('-inf')", "float('nan')", '2.5e-3', '1e22', '123456789.125', '0.5', '-1e-7'];
const STRS = ["''", "'a'", "'abc'", "'hello world'", "'h\u00e9llo'", "'\u20ac5'", "'\u{1F600}x'", "'A-b_c'", "'  pad '",
  "'x' * 20", "'10'", "'-42'", "'3.5'", "'ab,cd,ef'", "'\\n'", "'\u00ff\u0100'"];
const BYTES = ["b''", "b'a'", "b'abc'", "b'\\x00\\xff'", "b'hello'", "b'1,2,3'", "bytes(3)", "b'\\xe2\\x82\\xac'"];

/** `e` in parentheses unless it is a name, a number or a simple literal. */
export function paren(e: string): string {
  if (/^[A-Za-z_]\w*$|^\d+(\.\d+)?$|^'[^']*'$|^b'[^']*'$/.test(e)) return e;
  if (/^[([{]/.test(e) && balancedWhole(e)) return e;
  return `(${e})`;
}

/** whether the brackets opened by e's first character close at its last character */
function balancedWhole(e: string): boolean {
  let depth = 0;
  let q: string | null = null;
  for (let i = 0; i < e.length; i++) {
    const c = e[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = null;
      continue;
    }
    if (c === "'" || c === '"') q = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      depth--;
      if (depth === 0 && i !== e.length - 1) return false;
    }
  }
  return depth === 0;
}

/** What a generated program may refer to: variables by type. */
class Env {
  vars = new Map<Ty, string[]>();
  counter = 0;
  fresh(prefix = 'v'): string {
    return `${prefix}${this.counter++}`;
  }
  add(t: Ty, name: string): void {
    const xs = this.vars.get(t) ?? [];
    if (!xs.includes(name)) xs.push(name);
    this.vars.set(t, xs);
  }
  remove(name: string): void {
    for (const xs of this.vars.values()) {
      const i = xs.indexOf(name);
      if (i >= 0) xs.splice(i, 1);
    }
  }
  of(t: Ty): string[] {
    return this.vars.get(t) ?? [];
  }
}

export class Generator {
  constructor(private r: Rng, private env = new Env()) {}

  // ---------- expressions ----------

  lit(t: Ty): string {
    const r = this.r;
    switch (t) {
      case 'int': return r.pick(INTS);
      case 'float': return r.pick(FLOATS);
      case 'str': return r.pick(STRS);
      case 'bytes': return r.pick(BYTES);
      case 'bool': return r.pick(['True', 'False']);
      case 'list': {
        const et = r.pick<Ty>(['int', 'int', 'float', 'str', 'tuple', 'list']);
        const n = r.int(0, 5);
        return '[' + Array.from({ length: n }, () => (et === 'tuple' || et === 'list' ? this.lit('int') : this.key(et))).join(', ') + ']';
      }
      case 'tuple': {
        const n = r.int(0, 4);
        const items = Array.from({ length: n }, () => this.key(r.pick<Ty>(['int', 'float', 'str', 'bool'])));
        return n === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
      }
      case 'dict': {
        const n = r.int(0, 4);
        const kt = r.pick<Ty>(['int', 'int', 'str', 'float']);
        return '{' + Array.from({ length: n }, () => `${kt === 'float' ? r.pick(['0.5', '1.5', '-2.0', '3.25']) : this.lit(kt)}: ${this.lit(r.pick<Ty>(['int', 'str', 'float', 'list']))}`).join(', ') + '}';
      }
      case 'set': {
        const n = r.int(0, 5);
        if (n === 0) return 'set()';
        const et = r.pick<Ty>(['int', 'int', 'int', 'str', 'tuple']);
        return '{' + Array.from({ length: n }, () => (et === 'tuple' ? `(${r.pick(SMALL_INTS)}, ${r.pick(SMALL_INTS)})` : this.lit(et))).join(', ') + '}';
      }
    }
  }

  /** a literal that may become a set element or dict key: no nan, whose hash is its address
   *  from 3.10 (an order the simulator's addresses do not reproduce) */
  key(t: Ty): string {
    for (;;) {
      const v = this.lit(t);
      if (!v.includes('nan')) return v;
    }
  }

  atom(t: Ty): string {
    return paren(this.atom0(t));
  }

  atom0(t: Ty): string {
    const vs = this.env.of(t);
    if (vs.length && this.r.chance(0.6)) return this.r.pick(vs);
    return this.lit(t);
  }

  smallInt(): string {
    const vs = this.env.of('int');
    if (vs.length && this.r.chance(0.15)) return `(${this.r.pick(vs)} % 7)`;
    return this.r.pick(SMALL_INTS);
  }

  seqOf(): [Ty, string] {
    const t = this.r.pick(SEQ);
    return [t, this.expr(t, 1)];
  }

  expr(t: Ty, depth = 0): string {
    const r = this.r;
    if (depth >= 2 || r.chance(0.3)) return this.atom(t);
    const d = depth + 1;
    const e = (tt: Ty) => paren(this.expr(tt, d));
    switch (t) {
      case 'int': return r.pick<() => string>([
        () => `${e('int')} ${r.pick(['+', '-', '*', '//', '%', '&', '|', '^'])} ${e('int')}`,
        () => `${this.r.chance(0.5) ? paren(this.lit('int')) : e('int')} ** ${r.int(0, 12)}`,
        () => `${r.pick(['2', '3', '10', '-7'])} ** ${r.int(0, 70)}`,
        () => `${e('int')} ${r.pick(['<<', '>>'])} ${r.int(0, 70)}`,
        () => `${r.pick(['-', '~', '+'])}${e('int')}`,
        () => `abs(${e('int')})`,
        () => `len(${this.seqOf()[1]})`,
        () => `int(${e('float')})`,
        () => `round(${e('float')})`,
        () => `int(${r.pick(["'123'", "'-0'", "' 42 '", "'1_000'", "'ff'", "'9' * 25", "'0x10'"])}${r.chance(0.3) ? ', ' + r.pick(['16', '0', '2', '36']) : ''})`,
        () => `sum(${this.expr('list', d)})`,
        () => `${r.pick(['min', 'max'])}(${e('int')}, ${e('int')})`,
        () => `divmod(${e('int')}, ${e('int')})[${r.int(0, 1)}]`,
        () => `pow(${e('int')}, ${r.int(0, 40)}, ${e('int')})`,
        () => `hash(${e('int')})`,
        () => `${this.seqOf()[1]}.count(${this.lit(r.pick<Ty>(['int', 'str']))})`,
        () => `ord(${r.pick(["'a'", "'\u00e9'", "'\u20ac'", "'\u{1F600}'"])})`,
        () => `(${e('int')}).bit_length()`,
        () => `int(${e('bool')}) + ${e('int')}`,
        () => `${e('str')}.find(${r.pick(["'a'", "'l'", "''", "'o w'"])})`,
        () => `len(${e('dict')}) + len(${e('set')})`,
      ])();
      case 'float': return r.pick<() => string>([
        () => `${e('float')} ${r.pick(['+', '-', '*', '/', '//', '%'])} ${e(r.pick<Ty>(['float', 'int']))}`,
        () => `${e('int')} / ${e('int')}`,
        () => `${e('float')} ** ${r.pick(['2', '0.5', '-1', '3', '0', '1000', '-2.0'])}`,
        () => `float(${e('int')})`,
        () => `float(${r.pick(["'1.5'", "'-inf'", "'nan'", "' 2e3 '", "'1_0.5'", "'0x1p3'", "'abc'"])})`,
        () => `abs(${e('float')})`,
        () => `-${e('float')}`,
        () => `round(${e('float')}, ${r.int(-2, 4)})`,
        () => `divmod(${e('float')}, ${e(r.pick<Ty>(['float', 'int']))})[${r.int(0, 1)}]`,
        () => `${r.pick(['min', 'max'])}(${e('float')}, ${e('float')})`,
        () => `sum([${e('float')}, ${e('float')}, ${e('int')}])`,
      ])();
      case 'str': return r.pick<() => string>([
        () => `${e('str')} + ${e('str')}`,
        () => `${e('str')} * ${this.smallInt()}`,
        () => `${e('str')}[${this.slice()}]`,
        () => `${r.pick(['str', 'repr'])}(${e(r.pick(TYPES))})`,
        () => `${e('str')}.${r.pick(['upper()', 'lower()', 'strip()', 'title()', 'swapcase()', 'lstrip()', "replace('l', 'L')", "center(9, '*')", 'zfill(6)', "ljust(5, '.')", 'capitalize()'])}`,
        () => `${r.pick(["'-'", "''", "', '"])}.join(${r.pick([`${e('str')}.split(${r.pick(["','", "' '", "'l'", ''])})`, `[str(x) for x in ${this.expr('list', d)}]`, `sorted(${e('str')})`])})`,
        () => `f'${this.fstringBody(d)}'`,
        () => `'%s|%r|%d' % (${e('str')}, ${e(r.pick(TYPES))}, ${e('int')})`,
        () => `'{}:{!r}'.format(${e(r.pick(TYPES))}, ${e(r.pick(TYPES))})`,
        () => `${r.pick(['hex', 'bin', 'oct'])}(${e('int')})`,
        () => `chr(${r.pick(['97', '233', '8364', '128512', '0x10ffff', '32'])})`,
        () => `${e('bytes')}.decode(${r.pick(["", "'latin-1'", "'utf-8'", "'ascii'"])})`,
        () => `${e('bytes')}.hex()`,
      ])();
      case 'bytes': return r.pick<() => string>([
        () => `${e('bytes')} + ${e('bytes')}`,
        () => `${e('bytes')} * ${this.smallInt()}`,
        () => `${e('bytes')}[${this.slice()}]`,
        () => `bytes([${Array.from({ length: r.int(0, 4) }, () => r.pick(['0', '65', '255', '10', '128'])).join(', ')}])`,
        () => `${e('str')}.encode(${r.pick(["", "'utf-8'", "'latin-1'"])})`,
        () => `bytes(${r.pick(['0', '2', '5'])})`,
        () => `${e('bytes')}.upper()`,
        () => `b'-'.join([${e('bytes')}, ${e('bytes')}])`,
      ])();
      case 'bool': return r.pick<() => string>([
        () => `${e('int')} ${r.pick(['<', '<=', '==', '!=', '>', '>='])} ${e(r.pick<Ty>(['int', 'float']))}`,
        () => `${e('float')} ${r.pick(['<', '==', '!=', '>='])} ${e('float')}`,
        () => `${e('str')} ${r.pick(['<', '==', 'in', 'not in'])} ${e('str')}`,
        () => `${this.lit('int')} in ${e(r.pick<Ty>(['list', 'tuple', 'set', 'dict']))}`,
        () => `not ${e(r.pick(TYPES))}`,
        () => `bool(${e(r.pick(TYPES))})`,
        () => `${e('list')} ${r.pick(['==', '<', '!='])} ${e('list')}`,
        () => `${e('tuple')} ${r.pick(['==', '<', '>='])} ${e('tuple')}`,
        () => `isinstance(${e(r.pick(TYPES))}, ${r.pick(['int', 'float', 'str', '(list, tuple)', 'bool', 'dict'])})`,
        () => `${r.pick(['any', 'all'])}(${e(r.pick<Ty>(['list', 'tuple', 'set', 'str']))})`,
        () => `${e('set')} ${r.pick(['<=', '<', '==', '>='])} ${e('set')}`,
        () => `${e('float')}.is_integer()`,
      ])();
      case 'list': return r.pick<() => string>([
        () => `${e('list')} + ${e('list')}`,
        () => `${e('list')} * ${this.smallInt()}`,
        () => `${e('list')}[${this.slice()}]`,
        () => `list(range(${r.pick(SMALL_INTS)}, ${r.pick(['5', '10', '-3', '20'])}${r.chance(0.4) ? ', ' + r.pick(['2', '-1', '3', '-2']) : ''}))`,
        () => `sorted(${e(r.pick<Ty>(['list', 'set', 'str', 'tuple']))}${r.chance(0.3) ? ', reverse=True' : ''})`,
        () => `[${r.pick(['x', 'x * 2', 'str(x)', '(x, x)', '-x', 'x + 1'])} for x in ${e(r.pick<Ty>(['list', 'tuple', 'set']))}${r.chance(0.4) ? ' if ' + r.pick(['x', 'not x', 'x == x', 'x != 1']) : ''}]`,
        () => `list(${e(r.pick<Ty>(['str', 'bytes', 'tuple', 'set', 'dict']))})`,
        () => `[*${e(r.pick<Ty>(['list', 'tuple', 'str']))}, *${e(r.pick<Ty>(['list', 'set']))}]`,
        () => `list(reversed(${e(r.pick<Ty>(['list', 'tuple', 'str']))}))`,
        () => `${e('str')}.split(${r.pick(["", "','", "'l'"])})`,
        () => (r.chance(0.5) ? `list(zip(${e('list')}, ${e('str')}))` : `list(enumerate(${e('list')}))`),
        () => `list(${e('dict')}.${r.pick(['keys()', 'values()', 'items()'])})`,
        () => `list(map(${r.pick(['abs', 'str', 'repr', 'bool'])}, ${e('list')}))`,
        () => `list(filter(None, ${e(r.pick<Ty>(['list', 'tuple']))}))`,
        () => `[${e(r.pick(TYPES))}, ${e(r.pick(TYPES))}]`,
      ])();
      case 'tuple': return r.pick<() => string>([
        () => `${e('tuple')} + ${e('tuple')}`,
        () => `${e('tuple')} * ${this.smallInt()}`,
        () => `${e('tuple')}[${this.slice()}]`,
        () => `tuple(${e(r.pick<Ty>(['list', 'str', 'bytes', 'set']))})`,
        () => `divmod(${e(r.pick<Ty>(['int', 'float']))}, ${e(r.pick<Ty>(['int', 'float']))})`,
        () => `(${e(r.pick(TYPES))}, ${e(r.pick(TYPES))})`,
        () => `(${e(r.pick(TYPES))},)`,
        () => `${e('float')}.as_integer_ratio()`,
      ])();
      case 'dict': return r.pick<() => string>([
        () => `{x: ${r.pick(['x * x', 'str(x)', '-x', '[x]'])} for x in ${r.pick(['range(' + r.int(0, 12) + ')', e('list'), e('set')])}}`,
        () => `dict(zip(${e(r.pick<Ty>(['list', 'str', 'tuple']))}, ${e(r.pick<Ty>(['list', 'tuple', 'bytes']))}))`,
        () => `{**${e('dict')}, ${this.lit('int')}: ${e(r.pick(TYPES))}}`,
        () => `dict(${e('dict')})`,
        () => `dict.fromkeys(${e(r.pick<Ty>(['list', 'str', 'tuple']))}, ${this.lit('int')})`,
        () => `dict(enumerate(${e(r.pick<Ty>(['list', 'str']))}))`,
      ])();
      case 'set': return r.pick<() => string>([
        () => `${e('set')} ${r.pick(['|', '&', '-', '^'])} ${e('set')}`,
        () => `set(${e(r.pick<Ty>(['list', 'tuple', 'str', 'bytes', 'range' as Ty].filter((x) => x !== 'range')))})`,
        () => `{x % ${r.pick(['3', '7', '1000'])} for x in ${r.pick(['range(' + r.int(0, 30) + ')', 'range(-5, ' + r.int(0, 9) + ')'])}}`,
        () => `set(range(${r.pick(SMALL_INTS)}, ${r.pick(['8', '20', '40', '-2'])}))`,
        () => `${e('set')}.union(${e(r.pick<Ty>(['list', 'tuple']))})`,
        () => `set(${e('dict')})`,
      ])();
    }
  }

  slice(): string {
    const r = this.r;
    const b = () => (r.chance(0.4) ? '' : r.pick(['0', '1', '2', '-1', '-2', '3', '10', '-10', '100', '-100']));
    const k = r.chance(0.6) ? '' : ':' + r.pick(['1', '2', '-1', '-2', '3', '0', '']);
    if (r.chance(0.2)) return r.pick(['0', '-1', '1', '5']);
    return `${b()}:${b()}${k}`;
  }

  fstringBody(d: number): string {
    const r = this.r;
    const parts: string[] = [];
    for (let i = 0, n = r.int(1, 3); i < n; i++) {
      const t = r.pick<Ty>(['int', 'float', 'str', 'list', 'bool']);
      let v = this.atom(t).replace(/'/g, '"');
      if (v.includes('\\')) v = '0'; // no backslash inside an f-string's braces before 3.12
      const spec = t === 'int' ? r.pick(['', ':>6', ':x', ':,', ':08d', ':+d', ':b', '!r'])
        : t === 'float' ? r.pick(['', ':.2f', ':e', ':>10.3', ':g', ':%', '!r', ':.0f'])
          : t === 'str' ? r.pick(['', '!r', ':>8', ':^7', ':.2']) : r.pick(['', '!r']);
      parts.push(`{${v}${spec}}`);
      if (r.chance(0.5)) parts.push(r.pick(['-', ' ', '=', '|']));
    }
    return parts.join('');
  }

  // ---------- statements ----------

  /** `lines` wrapped in try/except that prints the exception; `fallback` runs in the handler. */
  guard(lines: string[], fallback: string[] = []): string[] {
    return ['try:', ...lines.map((l) => '    ' + l), 'except Exception as e:', '    print(type(e).__name__, e)', ...fallback.map((l) => '    ' + l)];
  }

  maybeGuard(lines: string[], fallback: string[] = []): string[] {
    return this.r.chance(0.85) ? this.guard(lines, fallback) : lines;
  }

  assign(): string[] {
    const t = this.r.pick(TYPES);
    const name = this.env.fresh();
    const ex = this.expr(t);
    this.env.add(t, name);
    return this.maybeGuard([`${name} = ${ex}`], [`${name} = ${this.lit(t)}`]);
  }

  printExpr(): string[] {
    const t = this.r.pick(TYPES);
    const ex = this.expr(t);
    return this.maybeGuard([this.r.chance(0.5) ? `print(${ex})` : `print(repr(${ex}))`]);
  }

  augAssign(): string[] {
    const t = this.r.pick<Ty>(['int', 'float', 'str', 'list', 'set', 'bytes', 'dict']);
    const vs = this.env.of(t);
    if (!vs.length) return this.assign();
    const v = this.r.pick(vs);
    const op = t === 'int' ? this.r.pick(['+=', '-=', '*=', '//=', '%=', '<<=', '|=']) : t === 'float' ? this.r.pick(['+=', '*=', '/=', '-=', '**='])
      : t === 'set' ? this.r.pick(['|=', '&=', '-=', '^=']) : t === 'dict' ? '|=' : this.r.pick(['+=', '*=']);
    const rhs = op === '*=' && t !== 'int' && t !== 'float' ? this.smallInt() : op === '<<=' ? String(this.r.int(0, 40)) : op === '**=' ? this.r.pick(['2', '0.5', '3']) : this.expr(t, 1);
    return this.guard([`${v} ${op} ${rhs}`, `print(${v})`]);
  }

  sizeof(): string[] {
    const r = this.r;
    const t = r.pick(TYPES);
    const lines = r.pick<() => string[]>([
      () => [`print(sys.getsizeof(${this.expr(t)}))`],
      () => {
        const n = this.env.fresh('l');
        return [`${n} = []`, `for i in range(${r.int(0, 40)}):`, `    ${n}.append(i)`, `    if i % ${r.int(1, 9)} == 0:`, `        print(i, sys.getsizeof(${n}))`, `print(len(${n}), sys.getsizeof(${n}))`];
      },
      () => {
        const n = this.env.fresh('d');
        return [`${n} = {}`, `for i in range(${r.int(0, 30)}):`, `    ${n}[${r.pick(['i', 'str(i)', 'i * 1.5', '(i, i)'])}] = i`, `print(len(${n}), sys.getsizeof(${n}))`];
      },
      () => {
        const n = this.env.fresh('s');
        return [`${n} = set()`, `for i in range(${r.int(0, 40)}):`, `    ${n}.add(i${r.pick(['', ' * 7', ' % 5', ' - 20'])})`, `print(len(${n}), sys.getsizeof(${n}))`];
      },
      () => [`print(sys.getsizeof(${r.pick(["''", "'a'", "'\u00e9'", "'\u20ac'", "'\u{1F600}'", "'ab' * 30", "'\u00e9' * 9"])} + ${this.expr('str', 1)}))`],
      () => [`print(sys.getsizeof(${r.pick(INTS)}), sys.getsizeof(${r.pick(FLOATS)}), sys.getsizeof(${r.pick(['()', '[]', '{}', 'set()', 'frozenset()', "b''", 'range(5)', 'True', '1j', 'bytearray(b"ab")', 'None'])}))`],
      () => {
        const n = this.env.fresh('l');
        return [`${n} = ${this.expr('list', 1)}`, `${n}.${r.pick([`extend(${this.expr(r.pick<Ty>(['list', 'tuple', 'str']), 1)})`, 'clear()', `insert(0, ${this.lit('int')})`, 'pop()', 'sort()', 'reverse()'])}`, `print(${n}, sys.getsizeof(${n}))`];
      },
    ])();
    return this.guard(lines);
  }

  refcount(): string[] {
    const r = this.r;
    const n = this.env.fresh('o');
    const make = r.pick(['[]', '{}', 'set()', `[${this.lit('int')}]`, `{${this.lit('int')}: 1}`, 'bytearray(b"xy")', `list(range(${r.int(0, 5)}))`, `{1, 2, ${r.int(3, 9)}}`]);
    const lines = [`${n} = ${make}`, `print(sys.getrefcount(${n}))`];
    const extra = r.pick<() => string[]>([
      () => [`${n}_alias = ${n}`, `print(sys.getrefcount(${n}))`, `del ${n}_alias`],
      () => [`${n}_box = [${n}, ${n}]`, `print(sys.getrefcount(${n}))`, `${n}_box.pop()`, `print(sys.getrefcount(${n}))`],
      () => [`${n}_d = {'k': ${n}}`, `print(sys.getrefcount(${n}))`, `del ${n}_d['k']`],
      () => [`${n}_t = (${n}, 1)`, `print(sys.getrefcount(${n}))`, `print(sys.getrefcount(${n}_t))`],
      () => [`def f_${n}(a, b=${n}):`, `    return sys.getrefcount(a)`, `print(f_${n}(${n}))`],
      () => [`${n}_l = [${n} for _ in range(${r.int(0, 4)})]`, `print(sys.getrefcount(${n}))`],
      () => [`class K_${n}:`, `    pass`, `k_${n} = K_${n}()`, `k_${n}.attr = ${n}`, `print(sys.getrefcount(${n}), sys.getrefcount(k_${n}))`],
      () => [`it_${n} = iter(${n})`, `print(sys.getrefcount(${n}))`],
    ])();
    return this.guard([...lines, ...extra, `print(sys.getrefcount(${n}))`]);
  }

  identity(): string[] {
    const r = this.r;
    const a = this.env.fresh('a');
    const b = this.env.fresh('b');
    return this.guard(r.pick<() => string[]>([
      () => [`${a} = ${r.pick(INTS)}`, `${b} = ${r.pick(INTS)}`, `print(${a} is ${b}, ${a} == ${b})`],
      () => { const e = this.expr('int', 1); return [`${a} = ${e}`, `${b} = ${e}`, `print(${a} is ${b})`]; },
      () => { const e = r.pick(["int('257')", "int('5')", '2 ** 8', '(10**3)', '-5 + 0', "float('1.5')", "''.join([])", "str(7)", "'ab'[0]", "'abc'[1:]", "tuple([])", "b'abc'[:1]", "frozenset()", "chr(200)", "('a' * 2)"]); return [`${a} = ${e}`, `${b} = ${e}`, `print(${a} is ${b})`]; },
      () => [`${a} = ${this.expr(r.pick(TYPES), 1)}`, `${b} = ${a}`, `print(${a} is ${b}, id(${a}) == id(${b}))`],
      () => [`${a} = ${this.lit('list')}`, `${b} = ${a}[:]`, `print(${a} is ${b}, ${a} == ${b}, ${a}[:0] is ${b}[:0])`],
      () => [`${a} = ${this.lit('tuple')}`, `${b} = ${a}[:]`, `print(${a} is ${b}, tuple(${a}) is ${a})`],
      () => [`${a} = ${this.lit('str')}`, `print(${a}[:] is ${a}, str(${a}) is ${a}, ${a} + '' is ${a}, ${a} * 1 is ${a})`],
      () => [`${a} = ${r.pick(['[]', '{}', 'set()', 'C()', 'object()'].filter((x) => x !== 'C()'))}`, `${b} = ${r.pick(['[]', '{}', 'set()', 'object()'])}`, `print(${a} is ${b}, ${a} is not ${b})`],
      () => [`print(${this.lit('int')} is ${r.pick(['1', 'None', '256'])})`],
    ])());
  }

  gcSection(): string[] {
    const r = this.r;
    const n = this.env.fresh('g');
    return r.pick<() => string[]>([
      () => [`${n} = []`, `${n}.append(${n})`, `del ${n}`, `print(gc.collect())`],
      () => [`class N_${n}:`, '    pass', `${n} = N_${n}()`, `${n}.me = ${n}`, `${n}.data = ${this.lit('list')}`, `del ${n}`, `print(gc.collect())`],
      () => [`${n}_a = {}`, `${n}_b = {'a': ${n}_a}`, `${n}_a['b'] = ${n}_b`, `del ${n}_a, ${n}_b`, `print(gc.collect())`],
      () => [`print(gc.collect())`],
      () => [`def f_${n}():`, `    x = [${this.lit('int')}]`, `    x.append(x)`, `    return len(x)`, `for _ in range(${r.int(1, 4)}):`, `    f_${n}()`, `print(gc.collect())`],
      () => [`${n} = [[i] for i in range(${r.int(0, 5)})]`, `for x in ${n}:`, `    x.append(${n})`, `del ${n}, x`, `print(gc.collect(), gc.collect())`],
    ])();
  }

  unpack(): string[] {
    const r = this.r;
    const [t, src] = this.seqOf();
    const a = this.env.fresh('u');
    const b = this.env.fresh('u');
    const c = this.env.fresh('u');
    const pat = r.pick([`${a}, ${b}`, `${a}, *${b}`, `*${a}, ${b}`, `${a}, *${b}, ${c}`, `${a}, ${b}, ${c}`, `[${a}, ${b}]`, `(${a}, (${b}, ${c}))`]);
    const names = pat.match(/u\d+/g)!;
    void t;
    return this.guard([`${pat} = ${src}`, `print(${names.join(', ')})`]);
  }

  indexing(): string[] {
    const r = this.r;
    const [, src] = this.seqOf();
    const lines = r.pick<() => string[]>([
      () => [`print(${src}[${this.slice()}])`],
      () => [`print(${src}[${r.pick(['0', '-1', '2', '-7', '100'])}])`],
      () => { const n = this.env.fresh('l'); return [`${n} = ${this.expr('list', 1)}`, `${n}[${this.slice()}] = ${this.expr(r.pick<Ty>(['list', 'tuple', 'str']), 1)}`, `print(${n})`]; },
      () => { const n = this.env.fresh('l'); return [`${n} = ${this.expr('list', 1)}`, `del ${n}[${this.slice()}]`, `print(${n}, len(${n}))`]; },
      () => [`print(${this.expr('dict', 1)}[${this.lit('int')}])`],
      () => [`print(range(${r.pick(SMALL_INTS)}, ${r.pick(INTS)}, ${r.pick(['1', '2', '-3', '7'])})[${r.pick(['0', '-1', '3', '10'])}])`],
      () => [`print(${src}.index(${this.lit(r.pick<Ty>(['int', 'str']))}))`],
    ])();
    return this.guard(lines);
  }

  dictOps(): string[] {
    const r = this.r;
    const n = this.env.fresh('d');
    const lines = [`${n} = ${this.expr('dict', 1)}`];
    for (let i = 0, k = r.int(1, 4); i < k; i++) {
      lines.push(r.pick([
        `${n}[${this.lit('int')}] = ${this.expr(r.pick(TYPES), 1)}`,
        `print(${n}.get(${this.lit('int')}, ${this.lit('str')}))`,
        `print(${n}.pop(${this.lit('int')}, None))`,
        `print(${n}.setdefault(${this.lit('int')}, ${this.lit('list')}))`,
        `${n}.update(${this.expr('dict', 1)})`,
        `print(sorted(${n}.items(), key=repr))`,
        `print(list(${n}), len(${n}))`,
        `print(${n}.popitem())`,
        `del ${n}[${this.lit('int')}]`,
        `print(${n} == ${this.expr('dict', 1)})`,
      ]));
    }
    lines.push(`print(${n})`);
    this.env.add('dict', n);
    return this.guard(lines, [`${n} = {}`]);
  }

  setOps(): string[] {
    const r = this.r;
    const n = this.env.fresh('s');
    const lines = [`${n} = ${this.expr('set', 1)}`];
    for (let i = 0, k = r.int(1, 4); i < k; i++) {
      lines.push(r.pick([
        `${n}.add(${this.lit('int')})`,
        `${n}.discard(${this.lit('int')})`,
        `${n}.remove(${this.lit('int')})`,
        `print(${n}.pop())`,
        `${n}.update(${this.expr('list', 1)})`,
        `print(${n}.intersection(${this.expr('set', 1)}))`,
        `print(sorted(${n}), len(${n}))`,
        `print(frozenset(${n}) == ${n})`,
        `print(${n}.isdisjoint(${this.expr('set', 1)}))`,
      ]));
    }
    lines.push(`print(${n})`);
    this.env.add('set', n);
    return this.guard(lines, [`${n} = set()`]);
  }

  strOps(): string[] {
    const r = this.r;
    const s = paren(this.expr('str', 1));
    return this.guard([r.pick([
      `print(${s}.split(${r.pick(["", "','", "'l'", "' ', 1"])}))`,
      `print(${s}.partition(${r.pick(["','", "'l'", "' '"])}))`,
      `print(${s}.startswith(${r.pick(["'h'", "('a', 'x')", "''"])}), ${s}.endswith('o'))`,
      `print(${s}.isdigit(), ${s}.isalpha(), ${s}.isspace(), ${s}.isidentifier())`,
      `print(${s}.encode('utf-8'), len(${s}.encode()))`,
      `print(${s}.rfind('l'), ${s}.count('l'), ${s}.rsplit(None, 1))`,
      `print([c for c in ${s}], ${s}[::-1])`,
      `print(${s} < ${this.expr('str', 1)}, max(${s}${r.chance(0.5) ? ", default='-'" : ''}))`,
      `print(ascii(${s}), ${s}.casefold())`,
    ])]);
  }

  func(): string[] {
    const r = this.r;
    const f = this.env.fresh('f');
    const t = r.pick<Ty>(['int', 'float', 'str', 'list']);
    const body = r.pick<() => string[]>([
      () => [`def ${f}(x, y=${this.lit(t)}):`, `    return x + y`, `print(${f}(${this.atom(t)}), ${f}(${this.atom(t)}, y=${this.atom(t)}))`],
      () => [`def ${f}(*args, **kw):`, `    return args, sorted(kw.items())`, `print(${f}(${this.atom(t)}, ${this.atom('int')}, k=${this.atom(t)}))`],
      () => [`def ${f}(n):`, `    if n <= 1:`, `        return ${this.lit('int')}`, `    return n * ${f}(n - 1)`, `print(${f}(${r.int(0, 25)}))`],
      () => [`def ${f}(k):`, `    def inner(x):`, `        return x * k`, `    return inner`, `g_${f} = ${f}(${this.smallInt()})`, `print(g_${f}(${this.atom(t)}), ${f}(2)(${this.atom(t)}))`],
      () => [`def ${f}():`, `    count = ${this.lit('int')}`, `    def bump(step=1):`, `        nonlocal count`, `        count += step`, `        return count`, `    return bump`, `b_${f} = ${f}()`, `print(b_${f}(), b_${f}(${this.lit('int')}), b_${f}())`],
      () => [`${f} = lambda a, b=${this.lit('int')}: (a, b)`, `print(${f}(${this.atom(t)}), ${f}(1, b=${this.atom(t)}))`],
      () => [`def ${f}(seq):`, `    for i, x in enumerate(seq):`, `        yield i, x`, `print(list(${f}(${this.expr(r.pick<Ty>(['list', 'str', 'tuple']), 1)})))`],
      () => [`def ${f}(x):`, `    try:`, `        return ${r.pick(['1 / x', 'int(x)', 'x[0]', '[1][x]', 'len(x)'])}`, `    except (ZeroDivisionError, TypeError) as e:`, `        return type(e).__name__`, `    finally:`, `        print('finally', ${f}.__name__)`, `print(${f}(${this.atom(r.pick(TYPES))}))`],
      () => [`def ${f}(*, a, b=2):`, `    return a - b`, `print(${f}(a=${this.atom('int')}))`, `print(${f}.__defaults__, ${f}.__kwdefaults__)`],
    ])();
    return this.maybeGuard(body);
  }

  cls(): string[] {
    const r = this.r;
    const c = 'C' + this.env.fresh('c');
    const t = r.pick<Ty>(['int', 'float', 'str', 'list']);
    const o = this.env.fresh('o');
    const lines = [`class ${c}${r.chance(0.2) ? '(Exception)' : ''}:`];
    if (r.chance(0.3)) lines.push(`    __slots__ = ('a', 'b')`);
    if (r.chance(0.3)) lines.push(`    kind = ${this.lit(r.pick(TYPES))}`);
    lines.push(`    def __init__(self, a, b=${this.lit(t)}):`, `        self.a = a`, `        self.b = b`);
    lines.push(`    def total(self):`, `        return self.a + self.b`);
    if (r.chance(0.5)) lines.push(`    def __repr__(self):`, `        return '${c}(%r, %r)' % (self.a, self.b)`);
    if (r.chance(0.3)) lines.push(`    def __eq__(self, other):`, `        return isinstance(other, ${c}) and self.a == other.a`);
    if (r.chance(0.3)) lines.push(`    def __len__(self):`, `        return ${this.smallInt()}`);
    lines.push(`${o} = ${c}(${this.atom(t)})`);
    lines.push(...r.pick<string[][]>([
      [`print(${o}.total(), ${o}.a)`],
      [`print(repr(${o}.total()), ${o} == ${c}(${this.atom(t)}))`],
      [`print(sys.getsizeof(${o}), type(${o}).__name__)`],
      [`print(sys.getrefcount(${o}))`],
      [`print(isinstance(${o}, ${c}), bool(${o}), hasattr(${o}, 'a'), getattr(${o}, 'z', ${this.lit('int')}))`],
      [`${o}.b = ${this.atom(t)}`, `print(${o}.total())`],
      [`del ${o}.a`, `print(${o}.total())`],
      [`${o}.c = 1`, `print(${o}.c)`],
      [`print(${o})`],
    ]));
    return this.maybeGuard(lines);
  }

  tryExcept(): string[] {
    const r = this.r;
    const exc = r.pick(['ValueError', 'KeyError', 'TypeError', 'IndexError', 'RuntimeError', 'ZeroDivisionError', 'Exception', 'ArithmeticError', 'LookupError']);
    const arg = r.pick(['', this.lit(r.pick(TYPES)), `${this.lit('str')}, ${this.lit('int')}`]);
    const handler = r.pick(['Exception', exc, '(ValueError, KeyError)', 'LookupError', 'ArithmeticError']);
    // exceptions with structs of their own, constructed with at most one argument (OSError's
    // errno/strerror arguments and SyntaxError's location tuple are outside what is generated)
    const exc2 = r.chance(0.3) ? r.pick(['OSError', 'StopIteration', 'SystemExit', 'ImportError', 'NameError', 'AttributeError', 'UnicodeError']) : exc;
    const arg1 = exc2 === exc ? arg : r.pick(['', this.lit(r.pick(TYPES))]);
    const lines = ['try:', `    raise ${exc2}(${arg1})`, `except ${exc2 === exc ? handler : 'BaseException'} as e:`, `    print(type(e).__name__, repr(e), e.args, str(e))`];
    if (r.chance(0.3)) lines.push('    print(sys.getsizeof(e))');
    if (r.chance(0.3)) lines.push('else:', "    print('no')");
    if (r.chance(0.4)) lines.push('finally:', "    print('done')");
    return r.chance(0.8) ? this.guard(lines) : lines;
  }

  loop(): string[] {
    const r = this.r;
    const acc = this.env.fresh('acc');
    const t = r.pick<Ty>(['int', 'float', 'str', 'list']);
    const init = t === 'int' ? '0' : t === 'float' ? '0.0' : t === 'str' ? "''" : '[]';
    const src = this.expr(r.pick<Ty>(['list', 'tuple', 'str', 'set', 'dict']), 1);
    const upd = t === 'list' ? `${acc}.append(x)` : t === 'str' ? `${acc} += str(x)` : t === 'float' ? `${acc} += float(len(repr(x)))` : `${acc} += len(str(x))`;
    const lines = [`${acc} = ${init}`, `for x in ${src}:`];
    if (r.chance(0.3)) lines.push(`    if ${r.pick(['not x', 'x == 0', 'str(x) > "5"'])}:`, `        ${r.pick(['continue', 'break'])}`);
    lines.push(`    ${upd}`);
    if (r.chance(0.2)) lines.push('else:', `    print('else', ${acc})`);
    lines.push(`print(${acc})`);
    if (r.chance(0.3)) lines.push(`n_${acc} = ${r.int(0, 9)}`, `while n_${acc} > 0:`, `    n_${acc} -= ${r.pick(['1', '2', '3'])}`, `print(n_${acc})`);
    return this.maybeGuard(lines);
  }

  comprehension(): string[] {
    const r = this.r;
    const src = this.expr(r.pick<Ty>(['list', 'tuple', 'str', 'set']), 1);
    return this.guard([r.pick([
      `print([(i, x) for i, x in enumerate(${src}) if i % 2 == 0])`,
      `print([x for x in ${src} for y in range(2)])`,
      `print(sum(1 for _ in ${src}), {str(x): len(str(x)) for x in ${src}})`,
      `print(sorted({repr(x) for x in ${src}}))`,
      `print([[x] * 2 for x in ${src}][:3])`,
      `print(max((str(x) for x in ${src}), default=None))`,
    ])]);
  }

  chunk(): string[] {
    const r = this.r;
    const w: [number, () => string[]][] = [
      [14, () => this.assign()], [14, () => this.printExpr()], [4, () => this.augAssign()], [7, () => this.sizeof()],
      [5, () => this.refcount()], [4, () => this.identity()], [3, () => this.gcSection()], [4, () => this.unpack()],
      [5, () => this.indexing()], [3, () => this.dictOps()], [3, () => this.setOps()], [3, () => this.strOps()],
      [5, () => this.func()], [4, () => this.cls()], [3, () => this.tryExcept()], [3, () => this.loop()], [3, () => this.comprehension()],
    ];
    const total = w.reduce((s, [n]) => s + n, 0);
    let x = r.next() * total;
    for (const [n, f] of w) {
      if ((x -= n) < 0) return f();
      void 0;
    }
    return this.printExpr();
  }

  program(): string {
    const n = this.r.int(4, 12);
    const out = ['import sys, gc'];
    for (let i = 0; i < n; i++) out.push(...this.chunk());
    return out.join('\n') + '\n';
  }
}

/** The program for one seed. */
export function generateProgram(seed: number): string {
  return new Generator(new Rng(seed)).program();
}
