import { Session } from './src/engine/interp/run';
import { TraceRecorder } from './src/engine/trace';
const src = `import gc
class Node:
    def __init__(self):
        self.peer = None
nodes = []
for i in range(3_000):
    a = Node()
    b = Node()
    a.peer = b
    b.peer = a
    nodes.append(a)
del nodes, a, b
print(gc.collect())
`;
let t = Date.now();
const s0 = new Session(src, { version: '3.12' }); s0.finish(); console.log('plain', Date.now() - t, s0.result.steps);
t = Date.now();
const s = new Session(src, { version: '3.12' });
const rec = new TraceRecorder(s, { denseSteps: Number(process.argv[2] ?? 20000) });
s.finish(); rec.finish();
console.log('traced', Date.now() - t, rec.steps, rec.byteSize(), rec.stats(), (rec as any).cps.slice(-5));
