// The tutorial's steps (src/shared/tutorial.ts) and the walkthrough package.json contributes agree
// one to one: the ids in order, the titles, the completion events, the media and the snippets on
// disk, and each step's button.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  TUTORIAL_OPEN_COMMAND,
  TUTORIAL_STEPS,
  TUTORIAL_WALKTHROUGH_ID,
  tutorialDoneContextKey,
  tutorialMediaPath,
  tutorialOpenLink,
  tutorialSnippetPath,
  tutorialStep,
} from '../../src/shared/tutorial';

const ROOT = path.resolve(__dirname, '..', '..');

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; svg?: string };
  completionEvents?: string[];
}

interface Walkthrough {
  id: string;
  title: string;
  description: string;
  steps: WalkthroughStep[];
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { walkthroughs?: Walkthrough[] };
};

function walkthrough(): Walkthrough {
  const w = (pkg.contributes.walkthroughs ?? []).find((x) => x.id === TUTORIAL_WALKTHROUGH_ID);
  assert.ok(w, `package.json contributes no walkthrough ${TUTORIAL_WALKTHROUGH_ID}`);
  return w;
}

/** the command links in a Markdown text: [label](command:ID?ARGS) */
function commandLinks(markdown: string): { label: string; command: string; args: unknown }[] {
  const out: { label: string; command: string; args: unknown }[] = [];
  for (const m of markdown.matchAll(/\[([^\]]*)\]\(command:([\w.]+)(?:\?([^)\s]*))?\)/g)) {
    out.push({ label: m[1], command: m[2], args: m[3] === undefined ? undefined : JSON.parse(decodeURIComponent(m[3])) });
  }
  return out;
}

describe('tutorial walkthrough', () => {
  it('is titled "Python Memory Management" and described', () => {
    const w = walkthrough();
    assert.strictEqual(w.title, 'Python Memory Management');
    assert.ok(w.description.trim().length > 0);
  });

  it('has the tutorial\'s steps, one to one and in order, with the same titles', () => {
    const w = walkthrough();
    assert.deepStrictEqual(w.steps.map((s) => s.id), TUTORIAL_STEPS.map((s) => s.id));
    assert.deepStrictEqual(w.steps.map((s) => s.title), TUTORIAL_STEPS.map((s) => s.title));
  });

  it('gives every step a unique id, a unique snippet and finds it by id', () => {
    assert.strictEqual(new Set(TUTORIAL_STEPS.map((s) => s.id)).size, TUTORIAL_STEPS.length);
    assert.strictEqual(new Set(TUTORIAL_STEPS.map((s) => s.file)).size, TUTORIAL_STEPS.length);
    for (const s of TUTORIAL_STEPS) assert.strictEqual(tutorialStep(s.id), s);
    assert.strictEqual(tutorialStep('no-such-step'), undefined);
  });

  it('numbers the snippets in the steps\' order, each named after its step', () => {
    TUTORIAL_STEPS.forEach((s, i) => {
      assert.strictEqual(s.file, `${String(i + 1).padStart(2, '0')}-${s.id}.py`);
    });
  });

  it('completes each step on its own context key', () => {
    for (const s of walkthrough().steps) {
      assert.deepStrictEqual(s.completionEvents, [`onContext:${tutorialDoneContextKey(s.id)}`]);
      assert.strictEqual(tutorialDoneContextKey(s.id), `pymemsim.tutorial.done.${s.id}`);
    }
  });

  it('ends each step\'s description with a button that simulates its snippet', () => {
    for (const s of walkthrough().steps) {
      const lines = s.description.trimEnd().split('\n');
      const last = lines[lines.length - 1];
      assert.strictEqual(last, `[Simulate the snippet](${tutorialOpenLink(s.id)})`, `${s.id}: the last line`);
      assert.ok(lines.length >= 2 && lines[0].trim().length > 0, `${s.id}: text before the button`);
      const links = commandLinks(s.description);
      assert.deepStrictEqual(links, [{ label: 'Simulate the snippet', command: TUTORIAL_OPEN_COMMAND, args: [s.id] }], s.id);
    }
    assert.strictEqual(tutorialOpenLink('stack-and-heap'), 'command:pymemsim.tutorial.open?%5B%22stack-and-heap%22%5D');
  });

  it('keeps each step\'s description short: one to three sentences', () => {
    for (const s of walkthrough().steps) {
      const text = s.description.split('\n')[0];
      const sentences = text.split(/[.!?](?:\s|$)/).filter((x) => x.trim().length > 0).length;
      assert.ok(sentences >= 1 && sentences <= 3, `${s.id}: ${sentences} sentences`);
    }
  });

  it('shows a Markdown file of the step\'s own as its media, and the file exists', () => {
    for (const [i, s] of walkthrough().steps.entries()) {
      const step = TUTORIAL_STEPS[i];
      assert.deepStrictEqual(s.media, { markdown: tutorialMediaPath(step) });
      const file = path.join(ROOT, tutorialMediaPath(step));
      assert.ok(fs.existsSync(file), `missing ${tutorialMediaPath(step)}`);
      assert.match(fs.readFileSync(file, 'utf8'), /^# \S/, `${tutorialMediaPath(step)}: a title first`);
    }
  });

  it('refers from the media only to images that exist beside them, and to no command', () => {
    for (const step of TUTORIAL_STEPS) {
      const md = fs.readFileSync(path.join(ROOT, tutorialMediaPath(step)), 'utf8');
      assert.deepStrictEqual(commandLinks(md), [], `${step.id}: a command link in the media`);
      for (const m of md.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const image = path.join(ROOT, path.dirname(tutorialMediaPath(step)), m[1]);
        assert.ok(fs.existsSync(image), `${step.id}: missing image ${m[1]}`);
      }
    }
  });

  it('draws its diagrams with basic shapes only: no script, no external reference', () => {
    const dir = path.join(ROOT, 'media', 'walkthrough');
    const svgs = fs.readdirSync(dir).filter((f) => f.endsWith('.svg'));
    assert.ok(svgs.length >= 2, 'the layers and the blocks, pools and arenas diagrams');
    for (const f of svgs) {
      const svg = fs.readFileSync(path.join(dir, f), 'utf8');
      assert.ok(!/<script|<foreignObject|\son\w+\s*=|href\s*=|<image|<style|@import|url\(/i.test(svg), `${f}: only basic shapes and text`);
      assert.match(svg, /<title>[^<]+<\/title>/, `${f}: a title for screen readers`);
    }
  });

  it('has each step\'s snippet on disk, an annotated snippet whose title comes first', () => {
    for (const step of TUTORIAL_STEPS) {
      const file = path.join(ROOT, tutorialSnippetPath(step));
      assert.ok(fs.existsSync(file), `missing ${tutorialSnippetPath(step)}`);
      const source = fs.readFileSync(file, 'utf8');
      assert.match(source.split('\n')[0], /^# @snippet \S/, `${step.file}: # @snippet on the first line`);
      assert.match(source, /^# @versions 3\.8 (?:3\.\d+ )*3\.12\b/m, `${step.file}: # @versions with 3.8 and 3.12`);
    }
  });

  it('has no snippet in the folder that is not a step', () => {
    const dir = path.join(ROOT, 'examples', 'snippets');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort();
    assert.deepStrictEqual(files, TUTORIAL_STEPS.map((s) => s.file).slice().sort());
  });

  it('asks its questions in the last step, the quiz', () => {
    const last = TUTORIAL_STEPS[TUTORIAL_STEPS.length - 1];
    assert.strictEqual(last.id, 'quiz');
    const source = fs.readFileSync(path.join(ROOT, tutorialSnippetPath(last)), 'utf8');
    const questions = source.match(/^# @question /gm)?.length ?? 0;
    assert.ok(questions >= 3 && questions <= 5, `${questions} questions`);
    assert.strictEqual(source.match(/^# @answer /gm)?.length ?? 0, questions, 'one answer per question');
    assert.ok((source.match(/^# @choice\* /gm)?.length ?? 0) >= questions, 'a right choice per question');
    const w = walkthrough();
    assert.match(w.steps[w.steps.length - 1].description, /last step/i);
  });
});
