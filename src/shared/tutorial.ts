// The tutorial that follows the course material on Python memory management: one annotated
// snippet per topic, in the course's order, each a step of the VS Code walkthrough
// `pymemsim.memoryManagement` (package.json, contributes.walkthroughs). Pure data, no `vscode`:
// the extension opens and simulates a step's snippet (`pymemsim.tutorial.open` with the step's id)
// and then sets the step's completion context key; the tests check that this list and package.json
// agree one to one.

/** the walkthrough's id, as package.json contributes it */
export const TUTORIAL_WALKTHROUGH_ID = 'pymemsim.memoryManagement';

/** the command a step's button runs, with the step's id as its one argument */
export const TUTORIAL_OPEN_COMMAND = 'pymemsim.tutorial.open';

/** the folder of the snippets, relative to the extension's root */
export const TUTORIAL_SNIPPETS_DIR = 'examples/snippets';

/** the folder of the steps' Markdown media (and their diagrams), relative to the extension's root */
export const TUTORIAL_MEDIA_DIR = 'media/walkthrough';

export interface TutorialStep {
  /** the walkthrough step's id, also the argument of `pymemsim.tutorial.open` */
  id: string;
  /** the step's title, as the walkthrough shows it */
  title: string;
  /** the snippet's file name in TUTORIAL_SNIPPETS_DIR */
  file: string;
}

/** The steps, in the walkthrough's (and the course's) order. */
export const TUTORIAL_STEPS: readonly TutorialStep[] = [
  { id: 'stack-and-heap', title: 'Stack and heap', file: '01-stack-and-heap.py' },
  { id: 'static-and-dynamic', title: 'Static and dynamic allocation', file: '02-static-and-dynamic.py' },
  { id: 'memory-manager-layers', title: "The memory manager's layers", file: '03-memory-manager-layers.py' },
  { id: 'blocks-pools-arenas', title: 'Blocks, pools and arenas', file: '04-blocks-pools-arenas.py' },
  { id: 'size-classes', title: 'Size classes', file: '05-size-classes.py' },
  { id: 'memory-kept-for-reuse', title: 'Memory kept for reuse', file: '06-memory-kept-for-reuse.py' },
  { id: 'building-strings', title: 'Building strings: + versus join', file: '07-building-strings.py' },
  { id: 'getsizeof', title: 'sys.getsizeof, version by version', file: '08-getsizeof.py' },
  { id: 'refcounting-and-gc', title: 'Reference counting and the garbage collector', file: '09-refcounting-and-gc.py' },
  { id: 'quiz', title: 'Quiz', file: '10-quiz.py' },
];

/** The step with this id, or undefined. */
export function tutorialStep(id: string): TutorialStep | undefined {
  return TUTORIAL_STEPS.find((s) => s.id === id);
}

/** The context key the extension sets once the step's snippet was simulated (the step's
 *  completion event is `onContext:` followed by it). */
export function tutorialDoneContextKey(id: string): string {
  return `pymemsim.tutorial.done.${id}`;
}

/** The snippet's path relative to the extension's root. */
export function tutorialSnippetPath(step: TutorialStep): string {
  return `${TUTORIAL_SNIPPETS_DIR}/${step.file}`;
}

/** The step's Markdown media, relative to the extension's root. */
export function tutorialMediaPath(step: TutorialStep): string {
  return `${TUTORIAL_MEDIA_DIR}/${step.id}.md`;
}

/** The command link of a step's "Simulate the snippet" button:
 *  `command:pymemsim.tutorial.open?%5B%22<id>%22%5D`. */
export function tutorialOpenLink(id: string): string {
  return `command:${TUTORIAL_OPEN_COMMAND}?${encodeURIComponent(JSON.stringify([id]))}`;
}
