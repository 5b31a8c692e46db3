// Python's text formatting of numbers and strings, as CPython 3.8-3.13 does it: repr() of
// float/complex/str/bytes, str() of int, int()/float() parsing, format() with the format-spec
// mini-language, %-formatting, round(). Pure functions on JS values; the interpreter adapts its
// objects. The implementation lives in ./format/ (each file names the CPython sources it follows:
// Objects/floatobject.c, Python/pystrtod.c, Python/dtoa.c, Python/formatter_unicode.c,
// Objects/unicodeobject.c PyUnicode_Format, Objects/longobject.c, Objects/bytesobject.c).
// Errors are thrown as FormatError {pyType, message}.

export { FormatError } from './format/errors';
export { FORMAT_RULES } from './format/rules';
export type { FormatRules } from './format/rules';
export { floatRepr, complexRepr, doubleToString } from './format/dtoa';
export type { DoubleFormatFlags } from './format/dtoa';
export {
  DEFAULT_INT_MAX_STR_DIGITS, intToDecimal, intToHex, intToOct, intToBin, parseIntText, parseFloatText,
  isPySpace, decimalValue,
} from './format/ints';
export { formatInt, formatFloat, formatStr, formatComplex, parseSpec } from './format/spec';
export type { ParsedSpec } from './format/spec';
export { percentFormat } from './format/percent';
export type { PercentValue } from './format/percent';
export { strRepr, asciiRepr, bytesRepr, isPrintable } from './format/repr';
export { roundFloat, roundInt } from './format/round';
