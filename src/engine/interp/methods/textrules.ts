// What the str, bytes and bytearray methods do differently per version (Objects/unicodeobject.c,
// Objects/bytesobject.c, Objects/bytearrayobject.c and their Argument Clinic files), as data.

import type { PyVersion } from '../../versions';
import { rt } from '../runtime';

export interface TextRules {
  /** 3.9+: argument errors name the method with its type ("str.split() takes ...") */
  qualifiedNames: boolean;
  /** 3.13: Argument Clinic reports "got an unexpected keyword argument 'x'" instead of
   *  "'x' is an invalid keyword argument for f()" */
  unexpectedKeywordMessage: boolean;
  /** 3.13: find/count/index/startswith... use Argument Clinic: "f() argument 1 must be str, not
   *  int" and "f expected at least 1 argument, got 0" */
  clinicSubstringArgs: boolean;
  /** 3.13: str.replace takes `count` by keyword */
  replaceKeywords: boolean;
  /** 3.12+: split() preallocates its list by the most pieces the string can hold */
  splitPreallocBounded: boolean;
  /** ≤3.9: expandtabs(tabsize) of a non-int says "an integer is required (got type T)" */
  expandtabsIntegerRequired: boolean;
  /** 3.9+: str.removeprefix / removesuffix (PEP 616) */
  removeAffixes: boolean;
  /** 3.13: bytes(str) iterables: "expected iterable of integers; got: 'str'" */
  bytesFromStrMessage: boolean;
}

const R38: TextRules = {
  qualifiedNames: false,
  unexpectedKeywordMessage: false,
  clinicSubstringArgs: false,
  replaceKeywords: false,
  splitPreallocBounded: false,
  expandtabsIntegerRequired: true,
  removeAffixes: false,
  bytesFromStrMessage: false,
};
const R39: TextRules = { ...R38, qualifiedNames: true, removeAffixes: true };
const R310: TextRules = { ...R39, expandtabsIntegerRequired: false };
const R312: TextRules = { ...R310, splitPreallocBounded: true };
const R313: TextRules = {
  ...R312, unexpectedKeywordMessage: true, clinicSubstringArgs: true, replaceKeywords: true, bytesFromStrMessage: true,
};

const RULES: Record<PyVersion, TextRules> = {
  '3.8': R38, '3.9': R39, '3.10': R310, '3.11': R310, '3.12': R312, '3.13': R313,
};

/** the rules of the running interpreter's version */
export function textRules(): TextRules {
  return RULES[rt.version];
}
