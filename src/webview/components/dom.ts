// Small DOM helpers for the panel's components. Text goes in as text nodes and attributes as
// attributes, never as HTML: every string of the user's program (reprs, names, output) shows as
// the characters it is. Styles come from classes (the CSP forbids style attributes in markup).

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
}

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, props);
  for (const c of children) if (c) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** a custom element (the vscode-elements components) */
export function custom(tag: string, props: Props = {}, children: Child[] = []): HTMLElement {
  const el = document.createElement(tag);
  apply(el, props);
  for (const c of children) if (c) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

function apply(el: Element, props: Props): void {
  if (props.class) el.setAttribute('class', props.class);
  if (props.text !== undefined) el.textContent = props.text;
  if (props.title !== undefined) el.setAttribute('title', props.title);
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) el.setAttribute(k, v);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string> = {}): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** a codicon, hidden from assistive technology (its button carries the name) */
export function codicon(name: string, extra = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, attrs: { 'aria-hidden': 'true' } });
}

/** a toolbar button with a codicon, named for assistive technology and tooltips by `label` */
export function iconButton(icon: string, label: string, onClick: () => void, extraClass = ''): HTMLButtonElement {
  const b = h('button', { class: `icon-button${extraClass ? ` ${extraClass}` : ''}`, title: label, attrs: { 'aria-label': label, type: 'button' } }, [codicon(icon)]);
  b.addEventListener('click', onClick);
  return b;
}

/** sets a text only when it changed (a text node rewrite costs a layout) */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function setIcon(el: HTMLElement, name: string): void {
  const cls = `codicon codicon-${name}`;
  if (el.getAttribute('class') !== cls) el.setAttribute('class', cls);
}
