// Money is kept in integer fen (分) everywhere: parsed from the yuan a person types and turned
// into text here only, never through a float.

// ¥1,234.56, with the sign in front of a negative amount (-¥12.00) and "—" for no amount.
export function formatFen(fen) {
  if (fen === null || fen === undefined || fen === '' || Number.isNaN(Number(fen))) return '—';
  const n = Math.trunc(Number(fen));
  const abs = Math.abs(n);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fenPart = String(abs % 100).padStart(2, '0');
  return `${n < 0 ? '-' : ''}¥${yuan}.${fenPart}`;
}

// Yuan as a number, for a chart's axis only (never for sums or display of amounts).
export const fenToYuan = (fen) => Math.round(Number(fen)) / 100;

// Fen of a yuan text: "1,234.56" → 123456; "" → `empty` (0 unless said); null when it is not
// an amount of at most two decimals.
export function parseYuan(text, empty = 0) {
  const s = String(text ?? '').replace(/[,，\s]/g, '');
  if (!s) return empty;
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

// The yuan text of fen for editing (no ¥, no separators): 123456 → "1234.56", 120000 → "1200",
// or with `cents` always two decimals: "1200.00".
export function yuanText(fen, { cents = false } = {}) {
  if (fen === null || fen === undefined || fen === '') return '';
  const n = Math.trunc(Number(fen));
  const abs = Math.abs(n);
  const part = abs % 100;
  const decimals = part || cents ? `.${String(part).padStart(2, '0')}` : '';
  return `${n < 0 ? '-' : ''}${Math.floor(abs / 100)}${decimals}`;
}
