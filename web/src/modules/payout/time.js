// Times of the payout pages: China time as the audit log shows it, a dash for none.
import { formatTime } from '../auth/audit.js';

export const when = (iso) => (iso ? formatTime(iso) : '—');
export const day = (iso) => (iso ? formatTime(iso).slice(0, 10) : '—');
