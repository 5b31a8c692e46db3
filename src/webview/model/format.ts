// Number formatting for the memory panel: counts with thousands separators ("12,345"), byte
// sizes in binary units ("56 B", "1.5 KiB", "710 KiB") and plurals. Pure, no DOM, no Intl (the
// same text in every locale, as the rest of the panel is English).

/** 12345 → "12,345"; -5 → "-5"; non-integers are rounded */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const neg = n < 0;
  const digits = String(Math.round(Math.abs(n)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return neg ? `-${out}` : out;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** a size in bytes: exact under 1 KiB ("56 B", "1,000 B"), else one decimal under 10 of a unit
 *  ("1.5 KiB", "2 MiB") and whole units above ("710 KiB") */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return `${n} B`;
  const neg = n < 0;
  let v = Math.abs(n);
  if (v < 1024) return `${neg ? '-' : ''}${formatCount(v)} B`;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  let text: string;
  if (v < 10) {
    const r = Math.round(v * 10) / 10;
    text = r >= 10 ? '10' : r % 1 === 0 ? String(r) : r.toFixed(1);
  } else {
    const r = Math.round(v);
    if (r >= 1024 && u < UNITS.length - 1) return `${neg ? '-' : ''}1 ${UNITS[u + 1]}`;
    text = formatCount(r);
  }
  return `${neg ? '-' : ''}${text} ${UNITS[u]}`;
}

/** "1 object", "3 objects" (with the count formatted) */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
