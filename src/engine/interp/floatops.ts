// Float floor division and remainder (Objects/floatobject.c: float_rem, _float_div_mod, which is
// float_divmod before 3.12): pure functions shared by the evaluation loop and the compiler's
// constant folding (Python/ast_opt.c fold_binop calls the same number protocol).

/** copysign(0.0, x): a zero with the sign bit of x (nan included) */
const signView = new DataView(new ArrayBuffer(8));
function zeroWithSignOf(x: number): number {
  signView.setFloat64(0, x);
  return signView.getUint8(0) & 0x80 ? -0 : 0;
}

/** float_rem: fmod, then the remainder takes the sign of the divisor (C's `if (mod)` is true for nan) */
import { exactPowInt } from '../longdiv';

export function floatRem(vx: number, wx: number): number {
  let mod = vx % wx;
  if (mod !== 0) {
    if ((wx < 0) !== (mod < 0)) mod += wx;
  } else {
    mod = zeroWithSignOf(wx);
  }
  return mod;
}

/** _float_div_mod (float_divmod before 3.12): nan operands and infinite dividends give nan, a zero quotient takes the sign of vx / wx */
export function floatDivmod(vx: number, wx: number): [number, number] {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod !== 0) {
    if ((wx < 0) !== (mod < 0)) { mod += wx; div -= 1; }
  } else {
    mod = zeroWithSignOf(wx);
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    floordiv = zeroWithSignOf(vx / wx);
  }
  return [floordiv, mod];
}

/** DOUBLE_IS_ODD_INTEGER */
function isOddInteger(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x % 2) === 1;
}

/** float_pow's result: a float, or what it gives up for: a negative base with a fractional exponent
 *  (complex pow takes over), 0.0 to a negative power (ZeroDivisionError), overflow (ERANGE) */
export function floatPow(iv: number, iw: number): number | 'complex' | 'zerodiv' | 'overflow' {
  if (iw === 0) return 1;
  if (Number.isNaN(iv)) return iv;
  if (Number.isNaN(iw)) return iv === 1 ? 1 : iw;
  if (!Number.isFinite(iw)) {
    const a = Math.abs(iv);
    if (a === 1) return 1;
    return (iw > 0) === (a > 1) ? Math.abs(iw) : 0;
  }
  if (!Number.isFinite(iv)) {
    const odd = isOddInteger(iw);
    if (iw > 0) return odd ? iv : Math.abs(iv);
    return odd ? (iv < 0 ? -0 : 0) : 0;
  }
  if (iv === 0) {
    if (iw < 0) return 'zerodiv';
    return isOddInteger(iw) ? iv : 0;
  }
  let negate = false;
  if (iv < 0) {
    if (iw !== Math.floor(iw)) return 'complex';
    iv = -iv;
    negate = isOddInteger(iw);
  }
  if (iv === 1) return negate ? -1 : 1;
  // libm's pow is (all but) correctly rounded, V8's Math.pow is not: x ** 0.5 is sqrt(x), an
  // integral exponent is computed exactly and rounded once (longdiv.ts exactPowInt)
  const ix = iw === 0.5 ? Math.sqrt(iv) : exactPowInt(iv, iw) ?? Math.pow(iv, iw);
  if (!Number.isFinite(ix)) return 'overflow';
  return negate ? -ix : ix;
}
