// Amounts typed in yuan ("1234.5") and kept in integer fen: parsed from the text, never through
// a float. formatFen (payout/money.js) is the one way fen become text for reading.
export { fenToYuan, formatFen } from '../payout/money.js';

// Fen of a yuan text: "1,234.56" → 123456; "" → 0 when `empty` is 0, else null; null when it is
// not an amount of at most two decimals.
export function parseYuan(text, empty = 0) {
  const s = String(text ?? '').replace(/[,，\s]/g, '');
  if (!s) return empty;
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

// The yuan text of fen for editing: 123456 → "1234.56", 120000 → "1200".
export function yuanText(fen) {
  if (fen === null || fen === undefined || fen === '') return '';
  const n = Math.trunc(Number(fen));
  const abs = Math.abs(n);
  const cents = abs % 100;
  return `${n < 0 ? '-' : ''}${Math.floor(abs / 100)}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}
