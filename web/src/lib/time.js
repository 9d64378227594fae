// Times as people here read them: China time (UTC+8), "2026-03-01 09:30:00", a dash for none.

export function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const china = new Date(d.getTime() + 8 * 3600e3).toISOString();
  return `${china.slice(0, 10)} ${china.slice(11, 19)}`;
}

export const when = (iso) => (iso ? formatTime(iso) : '—');
export const day = (iso) => (iso ? formatTime(iso).slice(0, 10) : '—');
// Today's date in China, "2026-03-01".
export const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
// This year in China.
export const thisYear = () => new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
