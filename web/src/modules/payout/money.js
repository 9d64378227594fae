// Money is kept in integer fen (分) everywhere; this is the one place it becomes text:
// ¥1,234.56, with the sign in front of a negative amount (-¥12.00) and "—" for no amount.
// Integer arithmetic only: no float ever stands for money.
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
