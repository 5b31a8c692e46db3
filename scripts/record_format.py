#!/usr/bin/env python3
"""Record Python's text formatting of numbers and strings from every installed CPython 3.8-3.13.

Run with no arguments: this script builds a list of cases (repr of floats and complexes, format()
with every format-spec feature, int()/float() parsing, str/hex/oct/bin of ints, %-formatting,
repr/ascii of str and bytes, round()), then runs itself with `--run` under each interpreter that
`pyenv versions --bare` lists (the newest patch release of each minor version 3.8..3.13), feeding
the cases on stdin, and writes test/recorded/format.json. test/engine/format.test.ts replays every
case for every version against src/engine/format.ts.

Values travel as JSON: floats as their repr ('inf', '-0.0', 'nan'), ints as decimal strings.
A result is {"ok": text} or {"err": [exception type name, str(exception)]}; results that agree in
every version are stored once under "all".
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'recorded', 'format.json')
MINORS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13']


# ----------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------

def F(x):
    return repr(float(x))


def build_cases():
    cases = []
    add = cases.append

    floats = [
        '0.0', '-0.0', '1.0', '-1.0', '0.1', '0.2', '0.3', '1.5', '100.0', '1e16', '1e15',
        '9999999999999998.0', '1e22', '1e23', '1.5e-05', '0.0001', '0.001', '1e-05', '123456789.0',
        '1.7976931348623157e+308', '5e-324', '2.2250738585072014e-308', 'inf', '-inf', 'nan',
        '3.141592653589793', '2.5', '0.5', '1.25', '0.125', '0.375', '2.675', '1.005', '0.045',
        '12345.6789', '-12345.6789', '1e100', '1.2345e-300', '20000000000000008.0', '4.35',
        '0.30000000000000004', '1234567.0', '1e-07', '9.999999999999999e-05', '123.456',
        '-0.0001', '-1e-10', '0.05', '0.15', '0.25', '0.35', '1e300', '2.5e-10', '7.0',
        '1234.5', '99.995', '999999.5', '0.9999', '9.5', '99.5', '1e-320',
    ]
    for x in floats:
        add({'k': 'frepr', 'x': F(x)})
    for e in range(-8, 24, 1):
        add({'k': 'frepr', 'x': F('1.5e%d' % e)})
        add({'k': 'frepr', 'x': F('1e%d' % e)})

    # complex repr
    for re_, im in [('0.0', '1.0'), ('1.0', '2.0'), ('-0.0', '-1.0'), ('0.0', 'inf'), ('1.0', 'nan'),
                    ('-0.0', '0.0'), ('0.0', '-0.0'), ('1.5', '-2.5'), ('1e16', '1e-5'), ('nan', 'nan'),
                    ('-inf', 'inf'), ('0.0', '0.0'), ('2.0', '0.0'), ('0.1', '0.2')]:
        add({'k': 'crepr', 're': F(re_), 'im': F(im)})

    # ints to text
    ints = ['0', '1', '-1', '7', '-7', '255', '-255', '1000', '123456789', '-123456789',
            '9007199254740993', '-9007199254740993', '18446744073709551616', str(2 ** 100),
            str(-3 ** 80), '4294967295', str(10 ** 30), str(-10 ** 30 - 1)]
    for v in ints:
        add({'k': 'istr', 'v': v})
        add({'k': 'hex', 'v': v})
        add({'k': 'oct', 'v': v})
        add({'k': 'bin', 'v': v})
    for n in (4299, 4300, 4301, 5000):
        add({'k': 'istr', 'v': '9' * n})
        add({'k': 'istr', 'v': '-' + '9' * n})
    add({'k': 'hex', 'v': '1' + '0' * 5000})

    # int() parsing
    parse = [
        ('0', 10), ('  42  ', 10), ('-42', 10), ('+42', 10), ('1_000', 10), ('1__000', 10),
        ('_1', 10), ('1_', 10), ('', 10), ('   ', 10), ('x', 10), ('1.5', 10), ('12a', 10),
        ('0x1f', 16), ('1f', 16), ('0x1f', 0), ('0o17', 0), ('0b101', 0), ('010', 0), ('000', 0),
        ('0_0', 0), ('0x_1f', 0), ('0x', 0), ('0b2', 0), ('z', 36), ('Z', 36), ('zz', 36),
        ('10', 2), ('12', 2), ('0b101', 2), ('0o17', 8), ('0x1F', 16), ('-0x1f', 16), ('- 1', 10),
        ('\t\n 7\x0b\x0c\r', 10), ('\u0661\u0662\u0663', 10), ('\u00a07\u2003', 10), ('\U0001d7ce\U0001d7d7', 10),
        ('7', 1), ('7', 37), ('7', -1), ('1' * 250, 2), ('x' * 300, 10), ('9' * 4300, 10),
        ('9' * 4301, 10), ('-' + '9' * 4301, 10), ('1' * 5000, 16), ('1' * 5000, 2),
        ('99', 8), ('0X1F', 0), ('0B1', 0), ('0O7', 0), ('1e5', 10), ('123456789012345678901234567890', 10),
        ('-0', 10), ('٣', 10), ('1 2', 10), ('0_7', 10), ('07', 10), ('07', 0), ('0_', 0),
    ]
    for s, b in parse:
        add({'k': 'int', 's': s, 'base': b})

    fparse = ['1.5', ' 1.5 ', '1_000.5', '1__0', '_1', '1_', 'inf', '-iNF', '+inf', 'nan', '-nan',
              'NaN', 'infinity', '-Infinity', 'infinit', 'in', '1e500', '-1e500', '1e-400', '0x10',
              '', ' ', 'abc', '1e', '1e+', '.5', '5.', '.', '1.5e3', '1E3', '1_0e1_0', '1.0_1',
              '1._0', '\u0661.\u0662', '\u00a01.5\u2003', '1,5', '0.1', '3.141592653589793238462643383',
              '2.675', '4.35', '9007199254740993', '1e23', '2.2250738585072011e-308', '+.5e-1',
              '00012.5', '1.7976931348623158e+308', '1.7976931348623159e+308', '5e-324', '2e-324',
              '3e-324', '0e0', '-0', '1ee2', 'x' * 250]
    for s in fparse:
        add({'k': 'float', 's': s})

    # format(int, spec)
    ispecs = ['', 'd', '5', '<5', '>5', '^5', '^6', '=5', '05', '+', '-', ' ', '+5', ' 5', 'x', 'X',
              '#x', '#X', '#o', '#b', 'b', 'o', '08b', '#010b', '#010x', ',', '_', ',d', '_d', '_x',
              '_b', '_o', '#_x', '010,', '012,', '011_', '013,', '*^9', '*<9,', 'x<+9', '0=+8', 'n',
              '5n', ',n', '_n', ',x', 'c', '5c', '+c', '#c', 'e', '.2e', 'f', '.3f', 'g', '%', '.1%',
              'E', 'G', 'F', ',.2f', '.2', '.0', 's', 'r', 'y', 'z', 'zd', '#', '#5', '0', '00',
              '000', '10.', '.', 'dd', '0<5', '0>5', '0^5', '<05', '+#x', ' #o', '=^10', '\u20ac^7',
              '<', '>', '=', '^', '_,', ',_', ',,', '__', '_ d', '99999999999999999999',
              '.99999999999999999999', '#_b', '010', '-010', '+010', '+^10', '-<10', ',c', '=10c',
              '\x00<5', '€', 'ż']
    ivals = ['0', '42', '-42', '1234567', '-1234567', '255', '65', str(10 ** 20), '-1', '1114112', '97']
    for spec in ispecs:
        for v in ('42', '-1234567'):
            add({'k': 'ifmt', 'v': v, 'spec': spec})
    for v in ivals:
        for spec in ['', 'd', ',', '_x', '#010x', '08,', '+,', 'c', '#o', 'e', '%', 'g', '.3g', '^12,', 'n']:
            add({'k': 'ifmt', 'v': v, 'spec': spec})
    add({'k': 'ifmt', 'v': '9' * 5000, 'spec': 'd'})
    add({'k': 'ifmt', 'v': '9' * 5000, 'spec': 'x'})
    add({'k': 'ifmt', 'v': '1' + '0' * 400, 'spec': 'e'})
    add({'k': 'ifmt', 'v': '-1', 'spec': 'c'})

    # format(float, spec)
    fspecs = ['', 'f', '.0f', '.1f', '.2f', '.3f', '.10f', '.20f', 'e', '.0e', '.2e', '.3E', 'g', '.0g',
              '.1g', '.2g', '.3g', '.10g', '.17g', '#g', '#.3g', '#.0f', '#.0e', '#', '.2', '.0', '.1',
              '.5', '#.2', '%', '.1%', '.0%', 'F', 'E', 'G', 'n', '.3n', '+', ' ', '-', '+.2f', ' .2f',
              '10', '<10', '^10', '=10', '010', '010.2f', '+010.2f', '*^12.3f', ',', ',.2f', '_.2f',
              '015,.2f', '_', ',g', ',e', 'z', 'z.1f', 'z.2f', '+z.1f', 'z.0e', 'z.3g', 'z', 'zf',
              'd', 'x', 'c', 's', 'b', 'o', '', '#.0%', '.1000f', '.60e', '.30g', ',.0f', '012',
              '0=12', '0<12', '0^12', ',n', '\u20ac>9', '.2f%', '10.5', '=+10.3f', '.', '1.2.3',
              '.99999999999999999999f', '.2147483648f']
    fvals = ['0.0', '-0.0', '1.0', '-1.5', '0.125', '2.675', '1234567.891', '-0.0001', '1e16', '1e-5',
             'inf', '-inf', 'nan', '0.5', '2.5', '1e300', '5e-324', '123.456', '99.995', '0.05',
             '9.5', '0.95', '-9.999', '1e22', '0.1']
    for spec in fspecs:
        for x in ('3.14159', '-1234.5678'):
            add({'k': 'ffmt', 'x': F(x), 'spec': spec})
    for x in fvals:
        for spec in ['', '.2f', '.0f', '.1e', '.3g', 'g', '%', 'z.1f', ',.2f', '010.3f', '+g', '.0e', '#g',
                     '.2', 'e', '.15g', '.1f', 'n', 'F', 'E']:
            add({'k': 'ffmt', 'x': F(x), 'spec': spec})

    # format(str, spec)
    sspecs = ['', 's', '5', '<5', '>5', '^5', '^6', '*^7', '.2', '5.2', '.0', '=5', '+', ' ', '-', '#',
              '05', '0<5', '010', 'z', 'd', 'x', 'r', ',', '_', ',s', '.', 'ss', '\u20ac>6', '1.1s']
    for spec in sspecs:
        for s in ('ab', 'h\u00e9llo', '\U0001f600x'):
            add({'k': 'sfmt', 's': s, 'spec': spec})

    # format(complex, spec)
    cspecs = ['', 'g', '.2f', '.3e', '10', '^20', '<20.2f', '+', ' ', '-', ',.2f', '010', '0<10', '=10',
              'z.1f', '#', '#.0f', '.2', 'd', 'x', '%', 'n', '>25', '*^25.3g', 'E', 'G', 'F']
    for spec in cspecs:
        for re_, im in (('1.0', '2.0'), ('0.0', '-1.5'), ('-0.0', '3.0'), ('1234.5', '-0.0004'),
                        ('inf', 'nan')):
            add({'k': 'cfmt', 're': F(re_), 'im': F(im), 'spec': spec})

    # %-formatting
    def I(v):
        return {'t': 'int', 'v': str(v)}

    def Fl(x):
        return {'t': 'float', 'x': F(x)}

    def S(s):
        return {'t': 'str', 's': s}

    def T(*items):
        return {'t': 'tuple', 'items': list(items)}

    def D(**kw):
        return {'t': 'dict', 'items': [[k, v] for k, v in kw.items()]}

    B = {'t': 'bool', 'v': True}
    N = {'t': 'none'}

    def L(*items):
        return {'t': 'list', 'items': list(items)}

    pct = [
        ('%d', I(42)), ('%d', I(-42)), ('%i', I(7)), ('%u', I(7)), ('%5d', I(42)), ('%-5d|', I(42)),
        ('%05d', I(-42)), ('%+d', I(42)), ('% d', I(42)), ('%+ d', I(42)), ('%.3d', I(7)), ('%5.3d', I(-7)),
        ('%x', I(255)), ('%X', I(255)), ('%#x', I(255)), ('%#X', I(255)), ('%#o', I(8)), ('%o', I(-8)),
        ('%#08x', I(-255)), ('%-#8x|', I(255)), ('%#.5x', I(255)), ('%d', Fl('3.99')), ('%d', Fl('-3.99')),
        ('%d', Fl('inf')), ('%d', Fl('nan')), ('%x', Fl('3.5')), ('%o', Fl('3.5')), ('%d', S('x')),
        ('%x', S('x')), ('%d', B), ('%s', B), ('%r', B), ('%f', B), ('%d', N), ('%f', S('x')),
        ('%f', I(3)), ('%f', I(10 ** 400)), ('%e', Fl('1234.5')), ('%E', Fl('1234.5')), ('%.2e', Fl('0.000123')),
        ('%g', Fl('1234.5')), ('%G', Fl('1e-10')), ('%g', Fl('100000.0')), ('%g', Fl('1000000.0')),
        ('%#g', Fl('1.0')), ('%.0f', Fl('2.5')), ('%.0f', Fl('3.5')), ('%#.0f', Fl('2.0')), ('%f', Fl('inf')),
        ('%F', Fl('inf')), ('%F', Fl('nan')), ('%010.3f', Fl('-3.14159')), ('%-10.3f|', Fl('3.14159')),
        ('%+.1f', Fl('0.05')), ('% f', Fl('1.0')), ('%.20f', Fl('0.1')), ('%.100f', Fl('1.0')),
        ('%f', Fl('1e300')), ('%.2f', Fl('-0.001')), ('%010f', Fl('-inf')), ('%.3g', Fl('-0.0')),
        ('%s', S('abc')), ('%r', S('abc')), ('%a', S('\u00e9')), ('%r', S('\u00e9')), ('%5s|', S('ab')),
        ('%-5s|', S('ab')), ('%.1s', S('abc')), ('%5.1r', S('abc')), ('%c', I(65)), ('%c', S('z')),
        ('%c', S('zz')), ('%c', I(-1)), ('%c', I(1114112)), ('%c', Fl('65.0')), ('%5c|', I(0x1f600)),
        ('%-3c|', S('x')), ('%%', T()), ('%5%', T()), ('%s %s', T(I(1), I(2))), ('%s %s', T(I(1))),
        ('%s', T(I(1), I(2))), ('%s', T()), ('abc', T()), ('abc', I(1)), ('abc', L(I(1))),
        ('abc', D(a=I(1))), ('%s', L(I(1), S('x'))), ('%s', T(T(I(1), I(2)))), ('%(a)s %(b)d', D(a=S('x'), b=I(5))),
        ('%(a)s', D(b=I(1))), ('%(a)s', I(1)), ('%(a)s', L(I(1))), ('%(a)s %s', D(a=I(1))),
        ('%*d', T(I(5), I(42))), ('%-*d|', T(I(5), I(42))), ('%*d|', T(I(-5), I(42))), ('%.*f', T(I(2), Fl('3.14159'))),
        ('%*.*f', T(I(8), I(2), Fl('3.14159'))), ('%*d', T(S('x'), I(1))), ('%.*d', T(Fl('2.0'), I(1))),
        ('%*d', I(5)), ('%(a)*d', D(a=I(1))), ('%', T()), ('%y', I(1)), ('%d %', I(1)), ('% ', I(1)),
        ('%(a', D(a=I(1))), ('%(a(b))s', {'t': 'dict', 'items': [['a(b)', I(1)]]}),
        ('%s', N), ('%r', N), ('%s', Fl('0.1')), ('%r', Fl('1e16')), ('%s', I(10 ** 20)), ('%d', I(10 ** 20)),
        ('%x', I(-(10 ** 20))), ('%#o', I(0)), ('%#x', I(0)), ('%e', Fl('0.0')), ('%g', Fl('0.0001')),
        ('%g', Fl('0.00001')), ('%.3f%%', Fl('45.6789')), ('%3$s', I(1)), ('%ld', I(5)), ('%hd', I(5)),
        ('%lld', I(5)), ('%Lf', Fl('1.5')), ('%5.2s|', S('\U0001f600ab')), ('%a', S('\U0001f600\n')),
        ('%s and %r', T(S("it's"), S('say "hi"'))), ('%0-5d|', I(3)), ('%-05d|', I(3)), ('%+05d', I(3)),
        ('%#5o', I(8)), ('%.0d', I(0)), ('%.0x', I(0)), ('%c', Fl('1.5')), ('%c', B), ('%i', S('5')),
        ('%.5c|', S('q')), ('%s %d %f', T(S('a'), I(1), Fl('2.5'))), ('%10.4g|', Fl('3.14159265')),
        ('%-+8.2e|', Fl('12345.678')), ('%#x', B), ('%u', Fl('2.5')), ('%i', Fl('-0.5')),
        ('%d', {'t': 'int', 'v': '1' + '0' * 5000}), ('%s', {'t': 'int', 'v': '1' + '0' * 5000}),
        ('%5%', I(1)), ('%-5%|', T(I(1))), ('%(x)s %(x)r', D(x=S('q'))), ('%\u00e9', I(1)), ('\U0001f600%\U0001f600', I(1)), ('%\x7f', I(1)), ('%(a)', D(a=I(1))),
        ('%s', {'t': 'float', 'x': '-0.0'}), ('%.3s|', T()), ('%c', I(0x10ffff)), ('%+x', I(255)), ('% o', I(-8)),
    ]
    for fmt, arg in pct:
        add({'k': 'pct', 'fmt': fmt, 'arg': arg})

    # repr / ascii of str and bytes
    strs = ['', 'abc', "it's", 'say "hi"', 'both \' and "', '\n\t\r\\', '\x00\x07\x1f\x7f', '\x80\x9f\xa0\xad',
            '\u00e9\u00ff', '\u0100\u2028\u2029\u200b', '\ufeff\ufffe\uffff', '\U0001f600', '\U000e0001',
            '\ud800', '\udfff x', '\U0010ffff', '\u0378', '\u3000\u00a0', 'a\u0301', '\u4e2d\u6587',
            '\U00020000', '\U0001d7ce', '\x1b[0m', "'\"'", '\\\'', 'tab\there']
    for s in strs:
        add({'k': 'srepr', 's': s})
        add({'k': 'arepr', 's': s})
    for b in [[], [0, 9, 10, 13, 39, 34, 92, 127, 128, 255], list(b'abc'), [39], [39, 34], list(range(0, 256, 7))]:
        add({'k': 'brepr', 'b': b})

    # round()
    rvals = ['0.5', '1.5', '2.5', '-0.5', '-2.5', '2.675', '1.005', '0.125', '0.375', '1234.5678', '-1234.5678',
             '1e16', '1e300', '5e-324', '0.0', '-0.0', 'inf', '-inf', 'nan', '0.285', '1.45', '2.345',
             '99.995', '1.7976931348623157e+308', '123456789.123', '0.049999999999999996', '4.5', '5.5']
    for x in rvals:
        for n in (None, 0, 1, 2, 3, -1, -2, 5, 20, 400, -400, 308, -308):
            add({'k': 'round', 'x': F(x), 'n': n})
    for v in ['0', '5', '15', '25', '-25', '35', '149', '150', '250', '-250', '12345', '-12345', str(10 ** 30 + 5 * 10 ** 9),
              str(25 * 10 ** 40)]:
        for n in (None, 0, 1, -1, -2, -3, -10, -41, -50):
            add({'k': 'iround', 'v': v, 'n': n})
    # random doubles (fixed seed): repr and every float format near its rounding edges
    import random
    import struct
    rng = random.Random(20240601)
    for i in range(150):
        if i % 3 == 0:
            x = struct.unpack('<d', struct.pack('<Q', rng.getrandbits(63)))[0]
        else:
            x = rng.uniform(-1, 1) * 10 ** rng.randint(-12, 22)
        if x != x or x in (float('inf'), float('-inf')):
            continue
        add({'k': 'frepr', 'x': repr(x)})
        spec = rng.choice(['.3e', '.10g', '.2f', '.17g', '.0f', '.5%', ',.4f', '+.12e', '#.6g', 'g'])
        add({'k': 'ffmt', 'x': repr(x), 'spec': spec})
        add({'k': 'round', 'x': repr(x), 'n': rng.randint(-5, 8)})
    # exact binary ties: k/2**n printed with one digit fewer than needed
    for num in range(1, 40, 2):
        for den in (2, 4, 8, 16, 32):
            x = num / den
            add({'k': 'ffmt', 'x': repr(x), 'spec': '.%df' % max(0, {2: 0, 4: 1, 8: 2, 16: 3, 32: 4}[den])})
            add({'k': 'ffmt', 'x': repr(x), 'spec': '.1e'})
            add({'k': 'round', 'x': repr(x), 'n': {2: 0, 4: 1, 8: 2, 16: 3, 32: 4}[den]})
            add({'k': 'round', 'x': repr(x), 'n': None})
    # astral fill characters and widths in code points
    for spec in ['\U0001f600^7', '\U0001f600<4', '\u00e9>5']:
        add({'k': 'sfmt', 's': 'ab', 'spec': spec})
        add({'k': 'ifmt', 'v': '-12', 'spec': spec})
        add({'k': 'ffmt', 'x': '1.5', 'spec': spec})
    add({'k': 'ifmt', 'v': '0', 'spec': '\u0661\u0660'})
    return cases


# ----------------------------------------------------------------------------------------------
# Running the cases inside one interpreter
# ----------------------------------------------------------------------------------------------

class Other:
    """An arbitrary object for %-formatting (not int, float or str)."""


def to_int(s):
    return int(s)


def make_arg(a):
    t = a['t']
    if t == 'int':
        return int(a['v'])
    if t == 'float':
        return float(a['x'])
    if t == 'str':
        return a['s']
    if t == 'bool':
        return a['v']
    if t == 'none':
        return None
    if t == 'tuple':
        return tuple(make_arg(x) for x in a['items'])
    if t == 'list':
        return [make_arg(x) for x in a['items']]
    if t == 'dict':
        return {k: make_arg(v) for k, v in a['items']}
    raise ValueError(t)


def run_case(c, limit):
    k = c['k']
    lift = getattr(sys, 'set_int_max_str_digits', None)
    # decode inputs without the digit limit, then restore the default for the case itself
    if lift:
        sys.set_int_max_str_digits(0)
    try:
        if k in ('istr', 'hex', 'oct', 'bin', 'ifmt', 'iround'):
            v = int(c['v'])
        if k == 'pct':
            arg = make_arg(c['arg'])
    finally:
        if lift:
            sys.set_int_max_str_digits(limit)
    if k == 'frepr':
        return repr(float(c['x']))
    if k == 'crepr':
        return repr(complex(float(c['re']), float(c['im'])))
    if k == 'istr':
        return str(v)
    if k == 'hex':
        return hex(v)
    if k == 'oct':
        return oct(v)
    if k == 'bin':
        return bin(v)
    if k == 'int':
        r = int(c['s'], c['base'])
        if lift:
            sys.set_int_max_str_digits(0)
        try:
            return str(r)
        finally:
            if lift:
                sys.set_int_max_str_digits(limit)
    if k == 'float':
        return repr(float(c['s']))
    if k == 'ifmt':
        return format(v, c['spec'])
    if k == 'ffmt':
        return format(float(c['x']), c['spec'])
    if k == 'sfmt':
        return format(c['s'], c['spec'])
    if k == 'cfmt':
        return format(complex(float(c['re']), float(c['im'])), c['spec'])
    if k == 'pct':
        return c['fmt'] % arg
    if k == 'srepr':
        return repr(c['s'])
    if k == 'arepr':
        return ascii(c['s'])
    if k == 'brepr':
        return repr(bytes(c['b']))
    if k == 'round':
        x = float(c['x'])
        return repr(round(x) if c['n'] is None else round(x, c['n']))
    if k == 'iround':
        return repr(round(v) if c['n'] is None else round(v, c['n']))
    raise ValueError(k)


def run_all():
    cases = json.loads(sys.stdin.read())
    limit = sys.get_int_max_str_digits() if hasattr(sys, 'get_int_max_str_digits') else 0
    out = []
    for c in cases:
        try:
            out.append({'ok': run_case(c, limit)})
        except Exception as e:  # noqa: BLE001 - every exception is part of the record
            out.append({'err': [type(e).__name__, str(e)]})
    release = '%d.%d.%d' % sys.version_info[:3]
    sys.stdout.write(json.dumps({'release': release, 'results': out}))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--run':
        run_all()
        return
    cases = build_cases()
    payload = json.dumps(cases)
    installed = subprocess.run(['pyenv', 'versions', '--bare'], capture_output=True, text=True,
                               check=True).stdout.split()
    results = {}
    releases = {}
    for minor in MINORS:
        matching = [v for v in installed if v == minor or v.startswith(minor + '.')]
        if not matching:
            print('missing CPython %s' % minor, file=sys.stderr)
            continue
        release = sorted(matching, key=lambda v: [int(p) for p in v.split('.') if p.isdigit()])[-1]
        env = dict(os.environ, PYENV_VERSION=release)
        exe = subprocess.run(['pyenv', 'which', 'python3'], capture_output=True, text=True, env=env,
                             check=True).stdout.strip()
        p = subprocess.run([exe, os.path.abspath(__file__), '--run'], input=payload,
                           capture_output=True, text=True, env=env, check=True)
        data = json.loads(p.stdout)
        releases[minor] = data['release']
        results[minor] = data['results']
    versions = list(results)
    for i, c in enumerate(cases):
        per = {v: results[v][i] for v in versions}
        first = per[versions[0]]
        if all(per[v] == first for v in versions) and len(versions) == len(MINORS):
            c['r'] = {'all': first}
        else:
            c['r'] = per
    with open(OUT, 'w') as f:
        json.dump({'releases': releases, 'cases': cases}, f, ensure_ascii=True, indent=0)
        f.write('\n')
    print('wrote %d cases to %s' % (len(cases), os.path.relpath(OUT, ROOT)))


if __name__ == '__main__':
    main()
