// The panel's keyboard: Left/Right step, Home/End go to the first/last step, Space plays or
// pauses, Escape clears the selection; not while the focus is in a text field or a select (they
// need those keys), nor with a modifier. The slider handles its own arrows, Home and End; a
// focused button keeps Space and Enter. Pure.

export type KeyAction = 'previous' | 'next' | 'first' | 'last' | 'togglePlay' | 'clearSelection';

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** what has the focus, as far as the keys are concerned */
export interface FocusInput {
  /** lower-case tag name */
  tag: string;
  /** an input's type */
  type?: string;
  /** contenteditable, or role=textbox / combobox / listbox / option */
  editable?: boolean;
  /** role=button, or a custom element that acts as a button */
  button?: boolean;
}

export function keyAction(k: KeyInput, focus: FocusInput): KeyAction | null {
  if (k.ctrlKey || k.metaKey || k.altKey) return null;
  const tag = focus.tag;
  if (focus.editable || tag === 'textarea' || tag === 'select' || tag === 'vscode-single-select') return null;
  const range = tag === 'input' && focus.type === 'range';
  if (tag === 'input' && !range) return null;
  const button = focus.button || tag === 'button' || tag === 'vscode-button' || tag === 'a';
  switch (k.key) {
    case 'ArrowLeft': return range ? null : 'previous';
    case 'ArrowRight': return range ? null : 'next';
    case 'Home': return range ? null : 'first';
    case 'End': return range ? null : 'last';
    case ' ':
    case 'Spacebar': return button ? null : 'togglePlay';
    case 'Escape': return 'clearSelection';
    default: return null;
  }
}
