// Per-version differences in Python's number and string formatting, as data. Each entry was
// observed in the CPython release the version's profile records (see versions.ts); the recorded
// cases in test/recorded/format.json pin every one of them.
//
// Sources: Python/formatter_unicode.c (parse_internal_render_format_spec, format_string_internal),
// Objects/longobject.c (int max str digits), Objects/floatobject.c (PyFloat_FromString),
// Objects/unicodeobject.c (PyUnicode_Format: mainformatlong).

import { PyVersion } from '../versions';

export interface FormatRules {
  /** the 'z' (coerce negative zero) option of the format-spec mini-language (3.11+) */
  zFlag: boolean;
  /** "Invalid format specifier '<spec>' for object of type '<type>'" (3.11+) instead of "Invalid format specifier" */
  invalidSpecQuoted: boolean;
  /** a '0' before the width means '=' alignment only for types that align right by default (3.10+) */
  zeroPadRightDefaultOnly: boolean;
  /** a second ',' after ',' or '_' reports "Cannot specify both ',' and '_'." (3.8) */
  commaAfterSeparatorIsBoth: boolean;
  /** format(str, ' ') says "Space not allowed ..." (3.9+) rather than "Sign not allowed ..." */
  strSpaceMessage: boolean;
  /** how the int max str digits limit is quoted in its messages: "(4300 digits)" or "(4300)" */
  limitWithDigitsWord: boolean;
  /** float('  ') reports the stripped text '' (3.8, 3.9) instead of the argument's repr */
  floatBlankShowsStripped: boolean;
  /** %d of a non-number: "a real number is required" (3.10+) or "a number is required" */
  percentRealNumber: boolean;
}

const OLD: FormatRules = {
  zFlag: false,
  invalidSpecQuoted: false,
  zeroPadRightDefaultOnly: false,
  commaAfterSeparatorIsBoth: false,
  strSpaceMessage: true,
  limitWithDigitsWord: false,
  floatBlankShowsStripped: true,
  percentRealNumber: false,
};

export const FORMAT_RULES: Record<PyVersion, FormatRules> = {
  '3.8': { ...OLD, commaAfterSeparatorIsBoth: true, strSpaceMessage: false },
  '3.9': OLD,
  '3.10': { ...OLD, zeroPadRightDefaultOnly: true, floatBlankShowsStripped: false, percentRealNumber: true },
  '3.11': {
    zFlag: true, invalidSpecQuoted: true, zeroPadRightDefaultOnly: true, commaAfterSeparatorIsBoth: false,
    strSpaceMessage: true, limitWithDigitsWord: true, floatBlankShowsStripped: false, percentRealNumber: true,
  },
  '3.12': {
    zFlag: true, invalidSpecQuoted: true, zeroPadRightDefaultOnly: true, commaAfterSeparatorIsBoth: false,
    strSpaceMessage: true, limitWithDigitsWord: true, floatBlankShowsStripped: false, percentRealNumber: true,
  },
  '3.13': {
    zFlag: true, invalidSpecQuoted: true, zeroPadRightDefaultOnly: true, commaAfterSeparatorIsBoth: false,
    strSpaceMessage: true, limitWithDigitsWord: true, floatBlankShowsStripped: false, percentRealNumber: true,
  },
};
