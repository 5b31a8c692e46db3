// The programs the development harness simulates (with the real engine, in the page): a small
// one with a call, a large one (150 objects drawn and groups of thousands), one that raises, one
// that does not compile, one that stores and prints markup (which must show as text).

export interface HarnessProgram {
  fileName: string;
  source: string;
}

export const PROGRAMS: Record<string, HarnessProgram> = {
  basics: {
    fileName: 'basics.py',
    source: `class Node:
    def __init__(self, value):
        self.value = value
        self.next = None

def push(head, value):
    node = Node(value)
    node.next = head
    return node

names = ['ada', 'grace', 'alan']
ages = {'ada': 36, 'grace': 85}
point = (3, 4.5)
head = None
for n in names:
    head = push(head, n)
cycle = [1, 2]
cycle.append(cycle)
total = sum(ages.values())
print('total', total)
del cycle
names = names[1:]
words = ' '.join(names)
print(words)
`,
  },
  big: {
    fileName: 'big.py',
    source: `import gc

class Record:
    def __init__(self, key, value, tags):
        self.key = key
        self.value = value
        self.tags = tags

labels = [str(i) * 3 for i in range(1200)]
table = {}
for i in range(40):
    table['k%d' % i] = i * 1000
records = []
for i in range(30):
    records.append(Record('r%d' % i, i * 1.5, ('a%d' % i, 'b%d' % i)))
matrix = [[i * j for j in range(6)] for i in range(8)]
alias = records[3]
peer = records[4]
alias.tags = (peer, alias)
records.append(records)
count = len(records)
del labels[100:]
print(count, len(labels))
gc.collect()
print('done')
`,
  },
  arenas: {
    fileName: 'arenas.py',
    source: `floats = [i * 0.5 for i in range(40000)]
words = ['w%d' % i for i in range(20000)]
blobs = [bytes(600 + 97 * i) for i in range(40)]
del floats[::2]
del words
total = len(floats) + len(blobs)
print(total)
`,
  },
  error: {
    fileName: 'error.py',
    source: `def ratio(a, b):
    return a / b

values = [10, 5, 0]
results = []
for v in values:
    print('dividing by', v)
    results.append(ratio(100, v))
print(results)
`,
  },
  syntax: {
    fileName: 'syntax.py',
    source: `x = [1, 2, 3
print(x)
`,
  },
  unsupported: {
    fileName: 'unsupported.py',
    source: `data = [1, 2, 3]
with open('f.txt') as f:
    print(f.read())
`,
  },
  memory: {
    fileName: 'memory.py',
    source: `import gc

class Node:
    def __init__(self, value):
        self.value = value
        self.peer = None

words = []
for i in range(3000):
    words.append(str(i) * 12)
pairs = []
for i in range(1500):
    a = Node(i)
    b = Node(a)
    a.peer = b
    b.peer = a
    pairs.append(a)
blob = bytearray(200_000)
del pairs, a, b
gc.collect()
del words
del blob
table = {i: [i] * (i % 9) for i in range(2000)}
print(len(table))
big = [str(i) * 30 for i in range(20000)]
del big
`,
  },
  million: {
    fileName: 'million.py',
    // the bench's workload 1 (scripts/bench.ts): a million steps, for the Memory tab's timings
    source: `xs = [str(i) for i in range(1_000_000)]
del xs
`,
  },
  xss: {
    fileName: 'xss.py',
    source: `payload = "<img src=x onerror=alert(1)>"
script = "<script>alert('x')</script>"
notes = {payload: script, 'b': "</div><b>bold</b>"}
print(payload)
print(script)
`,
  },
  cycles: {
    fileName: 'cycles.py',
    source: `import gc
import weakref

class Node:
    def __init__(self, name):
        self.name = name
        self.peer = None

class Phoenix:
    def __del__(self):
        print('Phoenix.__del__')
        saved.append(self)

def gone(ref):
    print('callback', ref() is None)

saved = []
keep = Node('keep')
a = Node('a')
b = Node('b')
a.peer = b
b.peer = a
r = weakref.ref(a, gone)
p = Phoenix()
p.me = p
del a, b, p
print(gc.collect())
print(len(saved), gc.get_count())
`,
  },
};
