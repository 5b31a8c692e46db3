// The name under the mouse: identifiers, dotted paths, and the places that name nothing
// (comments, strings, keywords, numbers, attributes of calls and subscripts).

import * as assert from 'assert';
import { codeColumns, hoverTarget } from '../../src/extension/hoverTarget';

/** the target at the first `|` of `marked` (the bar is removed) */
function at(marked: string): ReturnType<typeof hoverTarget> {
  const i = marked.indexOf('|');
  return hoverTarget(marked.slice(0, i) + marked.slice(i + 1), i);
}

describe('hoverTarget', () => {
  it('finds a plain name, from its first letter to just after its last', () => {
    assert.deepStrictEqual(at('|numbers = [10, 20, 30]'), { path: ['numbers'], start: 0, end: 7 });
    assert.deepStrictEqual(at('numb|ers = [10, 20, 30]'), { path: ['numbers'], start: 0, end: 7 });
    assert.deepStrictEqual(at('numbers| = [10, 20, 30]'), { path: ['numbers'], start: 0, end: 7 });
    assert.deepStrictEqual(at('print(sys.getrefcount(n|umbers) - 1)')?.path, ['numbers']);
  });

  it('follows a dotted path to the hovered attribute', () => {
    assert.deepStrictEqual(at('        self.it|ems.append(x)'), { path: ['self', 'items'], start: 13, end: 18 });
    assert.deepStrictEqual(at('        se|lf.items.append(x)')?.path, ['self']);
    assert.deepStrictEqual(at('a . b .  |c = 1')?.path, ['a', 'b', 'c']);
  });

  it('names nothing in comments, strings, keywords and numbers', () => {
    assert.strictEqual(at('x = 1  # the |value'), null);
    assert.strictEqual(at('s = "a |name"'), null);
    assert.strictEqual(at("s = '''|doc''' + t"), null);
    assert.strictEqual(at('s = "esc\\" |still"'), null);
    assert.strictEqual(at('|for x in y:'), null);
    assert.strictEqual(at('x = 1e|5'), null);
    assert.strictEqual(at('x = 0x1|f'), null);
    assert.strictEqual(at('x = 3.1|4'), null);
    assert.strictEqual(at('x = |   '), null);
    // the code after a closed string is code again
    assert.deepStrictEqual(at('s = "a" + |t')?.path, ['t']);
  });

  it('gives up on an attribute of something that is not a name', () => {
    assert.strictEqual(at('n = f().|x'), null);
    assert.strictEqual(at('n = a[0].|x'), null);
    assert.strictEqual(at('n = "".|join(parts)'), null);
    assert.strictEqual(at('n = None.|x'), null);
  });

  it('takes identifiers with letters of any script', () => {
    assert.deepStrictEqual(at('größe| = 3')?.path, ['größe']);
  });
});

describe('codeColumns', () => {
  it('marks strings and comments as not code', () => {
    const line = 'a = "b#" # c';
    const code = codeColumns(line);
    assert.deepStrictEqual([...line].map((_, i) => (code[i] ? 'c' : '.')).join(''), 'cccc....c...');
  });
});
