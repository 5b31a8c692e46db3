// Mismatch classes of the differential fuzzer that are known and being fixed elsewhere: a
// minimised reproducer that matches one of these patterns is counted under that cause and set
// aside (not written as a fixture candidate). Each pattern looks at the reproducer's source and at
// the description of the first difference.

export interface KnownCause {
  cause: string;
  test: (source: string, diff: string) => boolean;
}

const has = (re: RegExp) => (s: string) => re.test(s);
const code = (s: string) => s.split('\n').filter((l) => !l.startsWith('#')).join('\n');

export const KNOWN: KnownCause[] = [
  {
    cause: 'float //, %, divmod with infinities or -0.0',
    test: (s, d) => /\/\/|%|divmod/.test(code(s)) && (/inf|-0\.0|1e308|nan/.test(code(s)) || /-0\.0|nan/.test(d)),
  },
  {
    cause: 'nan in a set or as a dict key: its hash is its address from 3.10 (outside the model)',
    test: (s, d) => /nan/.test(code(s)) && /\{.*nan|nan.*\}/.test(d),
  },
  {
    cause: 'hex/bin/oct of ints beyond 2**53',
    test: (s, d) => has(/\b(hex|bin|oct)\(/)(code(s)) && (/\*\*|\d{16,}/.test(code(s)) || /index-sized integer/.test(d)),
  },
  { cause: 'range indexing beyond 2**53', test: (s) => /range\(.*\)\[/.test(code(s)) && /\*\*|\d{16,}/.test(code(s)) },
  {
    cause: 'getsizeof of a list built by length-hint preallocation ([*x], list(reversed(x)), list(iter(x)))',
    test: (s) => /getsizeof/.test(code(s)) && /\[\*|list\(reversed\(|list\(iter\(|sorted\(|list\(\(?[\w.]+\)?\)/.test(code(s)),
  },
  {
    cause: 'refcount of one-item extended slices, reused zip/enumerate/items tuples, folded floats',
    test: (s) => /getrefcount/.test(code(s)) && /::|zip|enumerate|items\(\)|\d\.\d|float/.test(code(s)),
  },
  { cause: 'len(range(huge))', test: (s) => /len\(range\(/.test(code(s)) },
  { cause: 'SyntaxWarning for `is` with a literal', test: (s) => /\bis (not )?(\d|'|")/.test(code(s)) || /(^|[^\w.])(\d[\d.]*|'[^']*'|"[^"]*") is /.test(code(s)) },
];

export function knownCause(source: string, diff: string): string | null {
  for (const k of KNOWN) if (k.test(source, diff)) return k.cause;
  return null;
}
