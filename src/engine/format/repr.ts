// repr() and ascii() of str, and repr() of bytes, as CPython writes them: the quote choice and
// the escapes \n \t \r \\ \xhh \uXXXX \UXXXXXXXX, with "printable" as str.isprintable defines it
// (every Unicode category except Cc Cf Cs Co Cn Zl Zp Zs, plus the ASCII space).
// Follows Objects/unicodeobject.c (unicode_repr, Py_UNICODE_ISPRINTABLE) and
// Objects/bytesobject.c (PyBytes_Repr). JS strings are UTF-16: an astral code point is one
// character, a lone surrogate is one (unprintable) character.
// Approximation: printability comes from the JS engine's Unicode tables, which may be a newer
// Unicode version than the simulated CPython's for characters assigned recently.

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** str.isprintable() for one code point */
export function isPrintable(cp: number): boolean {
  if (cp < 0x7f) return cp >= 0x20;
  if (cp < 0xa1) return false; // DEL, C1 controls, NBSP (Zs)
  return !NOT_PRINTABLE.test(String.fromCodePoint(cp));
}

const HEX = '0123456789abcdef';

function hex2(c: number): string {
  return '\\x' + HEX[c >> 4] + HEX[c & 15];
}

function escapeWide(cp: number): string {
  if (cp <= 0xff) return hex2(cp);
  if (cp <= 0xffff) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

function simpleAscii(s: string, quote: number): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 92 || c === quote) return false;
  }
  return true;
}

function reprBody(s: string, asciiOnly: boolean): string {
  const hasSingle = s.indexOf("'") >= 0;
  const q = hasSingle && s.indexOf('"') < 0 ? '"' : "'";
  const qc = q.charCodeAt(0);
  if (simpleAscii(s, qc)) return q + s + q;
  let out = q;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp === qc || cp === 92) out += '\\' + ch;
    else if (cp === 9) out += '\\t';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += hex2(cp);
    else if (cp < 0x7f) out += ch;
    else if (!asciiOnly && isPrintable(cp)) out += ch;
    else out += escapeWide(cp);
  }
  return out + q;
}

/** repr(s) of a Python str */
export function strRepr(s: string): string {
  return reprBody(s, false);
}

/** ascii(s) of a Python str */
export function asciiRepr(s: string): string {
  return reprBody(s, true);
}

/** repr(b) of Python bytes ("b'...'"); bytearray's repr wraps this text. */
export function bytesRepr(bytes: Uint8Array | readonly number[]): string {
  let hasSingle = false;
  let hasDouble = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 39) hasSingle = true;
    else if (bytes[i] === 34) hasDouble = true;
  }
  const qc = hasSingle && !hasDouble ? 34 : 39;
  let out = 'b' + String.fromCharCode(qc);
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === qc || c === 92) out += '\\' + String.fromCharCode(c);
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += hex2(c);
    else out += String.fromCharCode(c);
  }
  return out + String.fromCharCode(qc);
}
