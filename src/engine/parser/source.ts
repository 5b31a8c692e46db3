// Source bytes to source text, as CPython's tokenizer reads a file (Parser/tokenizer.c:
// check_bom, check_coding_spec, decoding_fgets and its "Non-UTF-8 code" error, PEP 263), and the
// null bytes in source text (3.8-3.10 lose the rest of their line, as the fgets-based reader
// does; 3.11.? and later refuse them: "source code cannot contain null bytes").

import { PySyntaxError } from '../errors';
import { PyVersion } from '../versions';
import { FEATURES, MESSAGES } from './messages';

/** the encoding a `coding[:=]` comment on line 1 or 2 declares (get_coding_spec), or null */
function codingSpec(bytes: Uint8Array): string | null {
  let start = 0;
  for (let line = 0; line < 2 && start < bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const text = String.fromCharCode(...bytes.subarray(start, Math.min(end, start + 200)));
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(text);
    if (m) return m[1];
    // only a comment or blank line lets the second line declare it
    if (!/^[ \t\f]*(#.*)?\r?$/.test(text)) return null;
    start = end + 1;
  }
  return null;
}

/** cp1252's 0x80-0x9f (0: undefined) */
const CP1252 = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** get_normal_name: Python's codec names for the usual spellings */
function normalName(name: string): string {
  const n = name.toLowerCase().replace(/_/g, '-');
  if (n === 'utf-8' || n.startsWith('utf-8-')) return 'utf-8';
  if (/^(latin-1|iso-8859-1|iso-latin-1)(-|$)/.test(n)) return 'latin-1';
  return n;
}

/** Decode a source file's bytes as CPython does before tokenizing; `filename` as the message
 *  names it. Throws PySyntaxError for bytes that are not UTF-8 where no encoding is declared. */
export function decodeSource(bytes: Uint8Array, version: PyVersion, filename: string): string {
  let b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  const spec = codingSpec(b);
  const enc = spec ? normalName(spec) : 'utf-8';
  if (enc === 'latin-1') {
    let s = '';
    for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
    return s;
  }
  if (enc === 'cp1252' || enc === 'windows-1252') {
    let s = '';
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      const cp = c >= 0x80 && c < 0xa0 ? CP1252[c - 0x80] : c;
      if (cp === 0) throw new PySyntaxError('SyntaxError', `(unicode error) 'charmap' codec can't decode byte 0x${c.toString(16)} in position ${i}: character maps to <undefined>`, 0, 0, '');
      s += String.fromCharCode(cp);
    }
    return s;
  }
  if (enc !== 'utf-8') {
    try {
      return new TextDecoder(enc, { fatal: true }).decode(b);
    } catch {
      throw new PySyntaxError('SyntaxError', `unknown encoding: ${spec}`, 0, 0, '');
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    // the first byte that is not part of a valid UTF-8 sequence, and its line
    let i = 0;
    while (i < b.length) {
      const n = utf8Length(b, i);
      if (n === 0) break;
      i += n;
    }
    let line = 1;
    for (let k = 0; k < i; k++) if (b[k] === 0x0a) line++;
    const where = FEATURES.nonUtf8Location[version];
    const hex = b[i].toString(16).padStart(2, '0');
    const msg = MESSAGES.nonUtf8Code[version](hex, filename, where === 'line-after' ? line + 1 : line);
    // 3.8 reports the line (without its text); later versions no location at all
    throw new PySyntaxError('SyntaxError', msg, where === 'file-line' ? line : 0, 0, '');
  }
}

/** the length of the valid UTF-8 sequence at i, 0 when invalid */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i];
  const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const c1 = b[i + 1];
    if (c === 0xe0 && c1 < 0xa0) return 0;
    if (c === 0xed && c1 > 0x9f) return 0;
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const c1 = b[i + 1];
    if (c === 0xf0 && c1 < 0x90) return 0;
    if (c === 0xf4 && c1 > 0x8f) return 0;
    return 4;
  }
  return 0;
}

/** Null bytes in source text: cut with the rest of their line (3.8-3.10) or a SyntaxError. */
export function checkNullBytes(source: string, version: PyVersion): string {
  const at = source.indexOf('\0');
  if (at < 0) return source;
  if (FEATURES.nullBytesEndLine[version]) {
    return source.replace(/\0[^\n]*\n?/g, '');
  }
  const lineStart = source.lastIndexOf('\n', at) + 1;
  let line = 1;
  for (let k = 0; k < lineStart; k++) if (source.charCodeAt(k) === 10) line++;
  throw new PySyntaxError('SyntaxError', 'source code cannot contain null bytes', line, 0, source.slice(lineStart, at));
}
