// A snippet's narration and questions are Markdown written by whoever wrote the snippet (a
// teacher, or the user): this turns such text into a small tree of nodes that the panel draws
// with text nodes only. markdown-it parses (with HTML off: a tag is text); only what a narration
// needs is kept (paragraphs, emphasis, inline code, code blocks, lists, line breaks, https
// links); everything else becomes its text. Pure, tested in plain Node.

import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

export type MdNode =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'pre'; text: string }
  | { kind: 'br' }
  | { kind: 'link'; href: string; children: MdNode[] }
  | { kind: 'p' | 'strong' | 'em' | 'ul' | 'ol' | 'li' | 'blockquote'; children: MdNode[] };

const md = new MarkdownIt('zero', { html: false, linkify: false, breaks: false })
  .enable(['paragraph', 'emphasis', 'backticks', 'list', 'fence', 'code', 'link', 'newline', 'escape', 'blockquote', 'entity']);

/** only web links: a `command:` or `javascript:` URI is shown as text */
function safeHref(href: string | null): string | null {
  return href && /^https:\/\//i.test(href) ? href : null;
}

type Container = Extract<MdNode, { children: MdNode[] }>;

function inline(tokens: Token[] | null, into: MdNode[]): void {
  const stack: { node: Container | null; children: MdNode[] }[] = [{ node: null, children: into }];
  const top = () => stack[stack.length - 1].children;
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'text': top().push({ kind: 'text', text: t.content }); break;
      case 'code_inline': top().push({ kind: 'code', text: t.content }); break;
      case 'softbreak': top().push({ kind: 'text', text: ' ' }); break;
      case 'hardbreak': top().push({ kind: 'br' }); break;
      case 'strong_open': case 'em_open': {
        const node: Container = { kind: t.type === 'strong_open' ? 'strong' : 'em', children: [] };
        top().push(node);
        stack.push({ node, children: node.children });
        break;
      }
      case 'link_open': {
        const href = safeHref(t.attrGet('href'));
        // an unsafe link keeps its text, without the link
        const node: Container = href ? { kind: 'link', href, children: [] } : { kind: 'em', children: [] };
        top().push(node);
        stack.push({ node, children: node.children });
        break;
      }
      case 'strong_close': case 'em_close': case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      default:
        if (t.content) top().push({ kind: 'text', text: t.content });
    }
  }
}

/** the nodes of a Markdown text */
export function markdownNodes(text: string): MdNode[] {
  const tokens = md.parse(text, {});
  const root: MdNode[] = [];
  const stack: MdNode[][] = [root];
  const top = () => stack[stack.length - 1];
  for (const t of tokens) {
    switch (t.type) {
      case 'paragraph_open': case 'bullet_list_open': case 'ordered_list_open': case 'list_item_open': case 'blockquote_open': {
        const kind = t.type === 'paragraph_open' ? 'p' : t.type === 'bullet_list_open' ? 'ul' : t.type === 'ordered_list_open' ? 'ol' : t.type === 'list_item_open' ? 'li' : 'blockquote';
        const node: Container = { kind, children: [] };
        // a tight list's paragraphs are hidden: their content goes straight into the item
        if (t.type === 'paragraph_open' && t.hidden) { stack.push(top()); break; }
        top().push(node);
        stack.push(node.children);
        break;
      }
      case 'paragraph_close': case 'bullet_list_close': case 'ordered_list_close': case 'list_item_close': case 'blockquote_close':
        if (stack.length > 1) stack.pop();
        break;
      case 'inline': inline(t.children, top()); break;
      case 'fence': case 'code_block': top().push({ kind: 'pre', text: t.content.replace(/\n$/, '') }); break;
      default:
        if (t.content) top().push({ kind: 'text', text: t.content });
    }
  }
  return root;
}

/** the plain text of nodes (a screen reader's label, a test's reading) */
export function markdownText(nodes: MdNode[]): string {
  return nodes.map((n) => {
    if (n.kind === 'text' || n.kind === 'code' || n.kind === 'pre') return n.text;
    if (n.kind === 'br') return '\n';
    const inner = markdownText(n.children);
    return n.kind === 'p' || n.kind === 'li' ? `${inner}\n` : inner;
  }).join('');
}
