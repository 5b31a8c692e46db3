"""Record hash values, dict/set table sizes and set iteration orders from every installed CPython
3.8-3.13 (pyenv), with PYTHONHASHSEED=0, into test/recorded/tables.json.

Run: python3 scripts/record_tables.py   (needs pyenv with 3.8 .. 3.13 installed)
Scenarios are lists of operations (keys: JSON strings are str keys, JSON numbers are int keys) so
the tests can replay the very same operations against the engine's tables.
"""
import json, os, subprocess, sys

VERSIONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13']

DICT_SCENARIOS = {
    'literal_empty_then_str': ['{}'] + [['set', 'k%d' % i] for i in range(30)],
    'literal_empty_then_int': ['{}'] + [['set', i * 7] for i in range(30)],
    'dict_call_then_str': ['dict()'] + [['set', 'a%d' % i] for i in range(8)],
    'str_then_int_switch': ['{}', ['set', 'a'], ['set', 'b'], ['set', 3], ['set', 'c']],
    'delete_reinsert': ['{}'] + [['set', 'x%d' % i] for i in range(5)] + [['del', 'x1'], ['del', 'x2'], ['set', 'x1'], ['set', 'x9'], ['set', 'x10'], ['set', 'x11']],
    'clear_copy': ['{}'] + [['set', i] for i in range(12)] + [['copy'], ['clear'], ['set', 1], ['copy']],
    'sparse_copy': ['{}'] + [['set', 'q%d' % i] for i in range(20)] + [['del', 'q%d' % i] for i in range(15)] + [['copy']],
    'popitem_pop': ['{}'] + [['set', 'p%d' % i] for i in range(6)] + [['popitem'], ['popitem'], ['set', 'z'], ['pop', 'p0'], ['setdefault', 'y'], ['setdefault', 'y']],
    'update_from_dict': ['{}', ['update', ['u%d' % i for i in range(7)]], ['update', ['v%d' % i for i in range(30)]]],
    'update_int_from_dict': ['{}', ['set', 'a'], ['update', list(range(40))]],
    'presized_literal_6': [['literal', ['a', 'b', 'c', 'd', 'e', 'f']]],
    'presized_literal_5': [['literal', ['a', 'b', 'c', 'd', 'e']], ['set', 'f']],
    'presized_literal_mixed': [['literal', ['a', 1, 'c', 'd', 'e', 'f', 'g']]],
    'presized_literal_11': [['literal', list(range(11))]],
    'fromkeys_list': [['fromkeys_list', ['f%d' % i for i in range(9)]]],
    'fromkeys_set': [['fromkeys_set', list(range(9))]],
    'fromkeys_dict': [['fromkeys_dict', ['g%d' % i for i in range(9)]]],
    'dict_of_dict': [['dict_of_dict', ['h%d' % i for i in range(3)]]],
    'dict_of_dict_big': [['dict_of_dict', list(range(20))]],
    'dict_pairs': [['dict_pairs', ['m%d' % i for i in range(7)]]],
    'comprehension': [['comp', list(range(100))]],
    'big_str': ['{}'] + [['set', 's%d' % i] for i in range(300)],
}

SET_SCENARIOS = {
    'ints': ['set()'] + [['add', x] for x in [3, 1, 2, 100, -5, 8, 16, 24, 9, 1000, 2**40, -1, -2]],
    'strs': ['set()'] + [['add', s] for s in ['apple', 'banana', 'cherry', 'date', 'fig', 'grape', 'kiwi', 'x', 'yy', 'éa', '€', '😀']],
    'remove_readd': ['set()'] + [['add', i] for i in range(10)] + [['discard', 3], ['discard', 5], ['add', 3], ['add', 21], ['add', 37]],
    'pop_order': ['set()'] + [['add', i * 13] for i in range(12)] + [['pop']] * 5 + [['add', 5], ['pop'], ['pop']],
    'many': ['set()'] + [['add', i * 37 % 1001] for i in range(120)],
    'many_strs': ['set()'] + [['add', 'w%d' % i] for i in range(80)] + [['discard', 'w%d' % i] for i in range(0, 80, 2)],
    'clear': ['set()'] + [['add', i] for i in range(30)] + [['clear'], ['add', 7]],
    'ops_union': [['from', [5, 3, 9, 1]], ['union', [2, 9, 100, 33, 'a', 'b']]],
    'ops_intersection': [['from', list(range(0, 40, 3))], ['intersection', list(range(0, 40, 2))]],
    'ops_intersection_small': [['from', list(range(20))], ['intersection', [19, 3, 7]]],
    'ops_difference': [['from', list(range(30))], ['difference', list(range(0, 30, 4))]],
    'ops_difference_small_other': [['from', list(range(40))], ['difference', [1, 2]]],
    'ops_symdiff': [['from', ['a', 'b', 'c', 1, 2]], ['symmetric_difference', [2, 3, 'c', 'd']]],
    'ops_update': [['from', [1, 2]], ['update', list(range(50, 80))]],
    'ops_difference_update': [['from', list(range(40))], ['difference_update', list(range(0, 40, 3))]],
    'ops_intersection_update': [['from', list(range(40))], ['intersection_update', [5, 6, 7, 100]]],
    'ops_copy': [['from', list(range(0, 100, 7))], ['copy']],
}

HASH_VALUES = {
    'int': [0, 1, -1, -2, 2, 255, 256, 2**30, 2**31 - 1, 2**53, 2**61 - 2, 2**61 - 1, 2**61, 2**64 + 5, -(2**61), -(2**100) - 3, 10**30],
    'float': [0.0, -0.0, 0.5, 1.5, -2.25, 1e100, 1e-300, 3.141592653589793, 1.0, 2.0**60, -1e18, 5e-324, float('inf'), float('-inf')],
    'str': ['', 'a', 'b', 'ab', 'hello', 'hello world!', 'exactly8', 'more than sixteen chars', 'é', 'café', 'ÿÿ', '€', 'Ωmega', '日本語', '😀', 'a😀b', 'x' * 100],
    'bytes': [[], [0], [1, 2, 3], list(range(8)), list(range(20)), [255] * 9],
    'tuple_int': [[], [1], [1, 2], [1, 2, 3], [-1], [2**61 - 1, 5], [0, 0, 0, 0, 0]],
    'frozenset_int': [[], [1], [1, 2, 3], [-1, -2], list(range(20))],
    'complex': [[1.0, 2.0], [0.0, 1.0], [-1.5, 0.25], [3.0, 0.0]],
}

CHILD = r'''
import sys, json
spec = json.loads(sys.stdin.read())
out = {'version': '%d.%d.%d' % sys.version_info[:3]}

def run_dict(ops):
    sizes = []
    d = None
    for op in ops:
        if op == '{}': d = {}
        elif op == 'dict()': d = dict()
        else:
            name = op[0]
            if name == 'set': d[op[1]] = 0
            elif name == 'del': del d[op[1]]
            elif name == 'copy': d = d.copy()
            elif name == 'clear': d.clear()
            elif name == 'popitem': d.popitem()
            elif name == 'pop': d.pop(op[1])
            elif name == 'setdefault': d.setdefault(op[1], 0)
            elif name == 'update': d.update({k: 0 for k in op[1]})
            elif name == 'literal':
                d = eval('{' + ', '.join('%r: 0' % k for k in op[1]) + '}')
            elif name == 'fromkeys_list': d = dict.fromkeys(list(op[1]), 0)
            elif name == 'fromkeys_set': d = dict.fromkeys(set(op[1]), 0)
            elif name == 'fromkeys_dict': d = dict.fromkeys({k: 0 for k in op[1]}, 0)
            elif name == 'dict_of_dict':
                src = {}
                for k in op[1]: src[k] = 0
                d = dict(src)
            elif name == 'dict_pairs': d = dict([(k, 0) for k in op[1]])
            elif name == 'comp': d = {k: 0 for k in op[1]}
        sizes.append([sys.getsizeof(d), list(d)])
    return sizes

def run_set(ops):
    res = []
    s = None
    for op in ops:
        popped = None
        if op == 'set()': s = set()
        else:
            name = op[0]
            if name == 'add': s.add(op[1])
            elif name == 'discard': s.discard(op[1])
            elif name == 'pop': popped = s.pop()
            elif name == 'clear': s.clear()
            elif name == 'from':
                s = set()
                for x in op[1]: s.add(x)
            elif name == 'copy': s = s.copy()
            else:
                o = set()
                for x in op[1]: o.add(x)
                if name == 'union': s = s.union(o)
                elif name == 'intersection': s = s.intersection(o)
                elif name == 'difference': s = s.difference(o)
                elif name == 'symmetric_difference': s = s.symmetric_difference(o)
                elif name == 'update': s.update(o)
                elif name == 'difference_update': s.difference_update(o)
                elif name == 'intersection_update': s.intersection_update(o)
        res.append([sys.getsizeof(s), list(s), popped])
    return res

out['dict'] = {k: run_dict(v) for k, v in spec['dict'].items()}
out['set'] = {k: run_set(v) for k, v in spec['set'].items()}

hv = spec['hash']
h = {}
h['int'] = [str(hash(int(x))) for x in hv['int']]
h['float'] = [str(hash(float(x))) for x in hv['float']]
h['str'] = [str(hash(x)) for x in hv['str']]
h['bytes'] = [str(hash(bytes(x))) for x in hv['bytes']]
h['tuple_int'] = [str(hash(tuple(x))) for x in hv['tuple_int']]
h['frozenset_int'] = [str(hash(frozenset(x))) for x in hv['frozenset_int']]
h['complex'] = [str(hash(complex(a, b))) for a, b in hv['complex']]
h['bool'] = [str(hash(True)), str(hash(False))]
n = None
h['none_is_id_based'] = hash(None) == (lambda y: ((y >> 4) | (y << 60)) & (2**64 - 1))(id(None)) - (2**64 if ((id(None) & 15) << 60) >= 2**63 else 0)
h['none'] = str(hash(None))
out['hash'] = h

# instance __dict__ and class sizes
inst = {}
class A: pass
inst['class_empty'] = sys.getsizeof(A)
a = A(); a.x = 1; a.y = 2
inst['two_attrs'] = sys.getsizeof(a.__dict__)
inst['class_after_two'] = sys.getsizeof(A)
b = A(); b.x = 1; b.y = 2
inst['second_two_attrs'] = sys.getsizeof(b.__dict__)
class B: pass
objs = []
for i in range(3):
    o = B()
    for j in range(8): setattr(o, 'a%d' % j, j)
    objs.append(sys.getsizeof(o.__dict__))
inst['eight_attrs_x3'] = objs
inst['class_eight'] = sys.getsizeof(B)
class C: pass
c1 = C(); c1.p = 1; c1.q = 2
c2 = C(); c2.q = 1; c2.p = 2
inst['reordered_first'] = sys.getsizeof(c1.__dict__)
inst['reordered_second'] = sys.getsizeof(c2.__dict__)
class D: pass
d1 = D(); d1.__dict__[5] = 1
inst['nonstr_key'] = sys.getsizeof(d1.__dict__)
class E: pass
e = E()
for j in range(40): setattr(e, 'm%d' % j, j)
inst['forty_attrs'] = sys.getsizeof(e.__dict__)
out['instance'] = inst
print(json.dumps(out))
'''

def main():
    hashes = dict(HASH_VALUES)
    # exact text for ints beyond 2**53 and for inf (JSON numbers cannot carry them)
    hashes['int'] = [str(x) for x in HASH_VALUES['int']]
    hashes['float'] = [repr(x) for x in HASH_VALUES['float']]
    spec = {'dict': DICT_SCENARIOS, 'set': SET_SCENARIOS, 'hash': hashes}
    versions = subprocess.run(['pyenv', 'versions', '--bare'], capture_output=True, text=True, check=True).stdout.split()
    result = {'scenarios': spec, 'versions': {}}
    for v in VERSIONS:
        full = [x for x in versions if x.startswith(v + '.') and x[len(v) + 1:].isdigit()]
        if not full:
            sys.exit('missing CPython %s' % v)
        env = dict(os.environ, PYENV_VERSION=full[-1], PYTHONHASHSEED='0')
        exe = subprocess.run(['pyenv', 'which', 'python3'], capture_output=True, text=True, env=env, check=True).stdout.strip()
        p = subprocess.run([exe, '-c', CHILD], input=json.dumps(spec), capture_output=True, text=True, env=env, check=True)
        result['versions'][v] = json.loads(p.stdout)
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, '..', 'test', 'recorded', 'tables.json')
    with open(path, 'w') as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write('\n')

if __name__ == '__main__':
    main()
