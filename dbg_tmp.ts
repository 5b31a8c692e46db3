import { Session } from './src/engine/interp/run';
import { TraceRecorder, objectIndex } from './src/engine/trace';
import { referents } from './src/engine/interp/modules';
import { PyModule, PyType, PyObject } from './src/engine/interp/objects';
const src = `class Node:
    def __init__(self, v):
        self.v = v
        self.next = None
a = Node(1)
b = Node(2)
del a, b
`;
const s = new Session(src, { version: '3.12' });
const rec = new TraceRecorder(s);
let n = 0; const lines = [s.line];
while (!s.step(1)) { n++; lines.push(s.line); }
rec.finish();
console.log('pauses', n, 'steps', s.result.steps, rec.steps, lines);
const s2 = new Session('xs = []\nfor i in range(3):\n    xs.append(str(i))\n', { version: '3.12' });
const rec2 = new TraceRecorder(s2);
s2.step(1);
const rt = s2.runtime!;
const seen = new Set<PyObject>();
const miss: any[] = [];
rec2.capture(s2.line);
const snap = rec2.snapshot(1); const idx = objectIndex(snap);
const visit = (o: PyObject, path: string) => { if (seen.has(o)) return; seen.add(o); if (o.allocSize && !idx.has(o.addr)) miss.push(path + ' ' + o.ob_type.name); if (o instanceof PyModule || o instanceof PyType) return; referents(o).forEach((x, i) => visit(x, path + '/' + i + ':' + x.ob_type.name)); };
visit(rt.frame!.locals!, 'main');
console.log(miss);
