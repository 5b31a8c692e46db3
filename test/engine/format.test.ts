// Replays test/recorded/format.json (recorded from CPython 3.8-3.13 by scripts/record_format.py)
// against src/engine/format.ts: every case, for every version.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PY_VERSIONS, PyVersion } from '../../src/engine/versions';
import {
  FormatError, floatRepr, complexRepr, intToDecimal, intToHex, intToOct, intToBin, parseIntText,
  parseFloatText, formatInt, formatFloat, formatStr, formatComplex, percentFormat, PercentValue,
  strRepr, asciiRepr, bytesRepr, roundFloat, roundInt, doubleToString,
} from '../../src/engine/format';

type Result = { ok: string } | { err: [string, string] };
interface Case {
  k: string;
  r: Record<string, Result>;
  [field: string]: unknown;
}

const data = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'recorded', 'format.json'), 'utf8')) as {
  releases: Record<string, string>;
  cases: Case[];
};

function fl(s: unknown): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan') return NaN;
  return Number(s as string);
}

function int(s: unknown): bigint | number {
  const b = BigInt(s as string);
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

interface Arg { t: string; v?: string | boolean; x?: string; s?: string; items?: unknown[] }

/** the interpreter's side of %-formatting, for the recorded argument kinds */
function pv(a: Arg): PercentValue {
  switch (a.t) {
    case 'int': {
      const v = int(a.v);
      return { kind: 'int', typeName: 'int', int: v, toStr: () => intToDecimal(v), toRepr: () => intToDecimal(v) };
    }
    case 'bool':
      return { kind: 'int', typeName: 'bool', int: a.v ? 1 : 0, toStr: () => (a.v ? 'True' : 'False'),
        toRepr: () => (a.v ? 'True' : 'False') };
    case 'float': {
      const x = fl(a.x);
      return { kind: 'float', typeName: 'float', float: x, toStr: () => floatRepr(x), toRepr: () => floatRepr(x) };
    }
    case 'str':
      return { kind: 'str', typeName: 'str', str: a.s!, toStr: () => a.s!, toRepr: () => strRepr(a.s!) };
    case 'none':
      return { kind: 'other', typeName: 'NoneType', toStr: () => 'None', toRepr: () => 'None' };
    case 'tuple': {
      const items = (a.items as Arg[]).map(pv);
      const text = () => '(' + items.map((i) => i.toRepr()).join(', ') + (items.length === 1 ? ',)' : ')');
      return { kind: 'tuple', typeName: 'tuple', items, toStr: text, toRepr: text };
    }
    case 'list': {
      const items = (a.items as Arg[]).map(pv);
      const text = () => '[' + items.map((i) => i.toRepr()).join(', ') + ']';
      return {
        kind: 'other', typeName: 'list', isMapping: true, toStr: text, toRepr: text,
        getItem: () => { throw new FormatError('TypeError', 'list indices must be integers or slices, not str'); },
      };
    }
    case 'dict': {
      const entries = (a.items as [string, Arg][]).map(([k, v]) => [k, pv(v)] as const);
      const text = () => '{' + entries.map(([k, v]) => strRepr(k) + ': ' + v.toRepr()).join(', ') + '}';
      return {
        kind: 'other', typeName: 'dict', isMapping: true, toStr: text, toRepr: text,
        getItem: (key: string) => {
          const e = entries.find(([k]) => k === key);
          if (!e) throw new FormatError('KeyError', strRepr(key));
          return e[1];
        },
      };
    }
    default:
      throw new Error(`unknown arg kind ${a.t}`);
  }
}

function run(c: Case, v: PyVersion): string {
  switch (c.k) {
    case 'frepr': return floatRepr(fl(c.x));
    case 'crepr': return complexRepr(fl(c.re), fl(c.im));
    case 'istr': return intToDecimal(int(c.v), v);
    case 'hex': return intToHex(int(c.v));
    case 'oct': return intToOct(int(c.v));
    case 'bin': return intToBin(int(c.v));
    case 'int': return parseIntText(c.s as string, c.base as number, v).toString();
    case 'float': return floatRepr(parseFloatText(c.s as string, v));
    case 'ifmt': return formatInt(int(c.v), c.spec as string, v);
    case 'ffmt': return formatFloat(fl(c.x), c.spec as string, v);
    case 'sfmt': return formatStr(c.s as string, c.spec as string, v);
    case 'cfmt': return formatComplex(fl(c.re), fl(c.im), c.spec as string, v);
    case 'pct': return percentFormat(c.fmt as string, pv(c.arg as Arg), v);
    case 'srepr': return strRepr(c.s as string);
    case 'arepr': return asciiRepr(c.s as string);
    case 'brepr': return bytesRepr(Uint8Array.from(c.b as number[]));
    case 'round': {
      const r = roundFloat(fl(c.x), c.n as number | null);
      return c.n === null ? String(r) : floatRepr(r as number);
    }
    case 'iround': return String(roundInt(int(c.v), c.n as number | null));
    default: throw new Error(`unknown case kind ${c.k}`);
  }
}

function describe1(c: Case): string {
  const o: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(c)) {
    if (k === 'r') continue;
    o[k] = typeof val === 'string' && val.length > 60 ? val.slice(0, 60) + '...' : val;
  }
  return JSON.stringify(o);
}

function short(s: string): string {
  return s.length > 120 ? s.slice(0, 120) + `... (${s.length} chars)` : s;
}

describe('format: recorded CPython behaviour', () => {
  it('has recordings for every version', () => {
    assert.deepStrictEqual(Object.keys(data.releases).sort(), [...PY_VERSIONS].sort());
    assert.ok(data.cases.length > 1000);
  });

  const kinds = [...new Set(data.cases.map((c) => c.k))];
  for (const kind of kinds) {
    for (const v of PY_VERSIONS) {
      it(`${kind} (${v})`, () => {
        const failures: string[] = [];
        for (const c of data.cases) {
          if (c.k !== kind) continue;
          const want = c.r.all ?? c.r[v];
          let got: Result;
          try {
            got = { ok: run(c, v) };
          } catch (e) {
            if (!(e instanceof FormatError)) throw e;
            got = { err: [e.pyType, e.message] };
          }
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            failures.push(`${describe1(c)}\n    want ${short(JSON.stringify(want))}\n    got  ${short(JSON.stringify(got))}`);
          }
        }
        assert.ok(failures.length === 0, `${failures.length} mismatches:\n` + failures.slice(0, 25).join('\n'));
      });
    }
  }
});

describe('format: fast paths agree with the general algorithm', () => {
  it('floatRepr of many values equals the dtoa-based formatting', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 20000; i++) {
      const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
      assert.strictEqual(floatRepr(x), doubleToString(x, 'r', 0, { addDot0: true }), String(x));
    }
  });

  it('str(int) of the first million ints has their digits', () => {
    let n = 0;
    for (let i = 0; i < 1_000_000; i++) n += intToDecimal(i).length;
    assert.strictEqual(n, 5888890);
  });
});
