// Reading audit entries: what changed between the before and after images (JSON objects,
// personal data already masked by the server), in the UI's words: each field by its name
// (label('fieldName', …)), amounts (*_fen) in yuan, codes of a known group in words.
import { useI18n } from 'vue-i18n';
import { useLabel } from '../../lib/useLabel.js';
import { formatFen } from '../../lib/money.js';

function parse(text) {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

// Fields whose values are codes with words of their own (a member's status, category …).
const VALUE_GROUPS = { status: 'member.statuses', employment: 'member.employments', category: 'member.categories', role: 'auth.roleCode' };

// A value as a reader would say it: fen as yuan, a field name (a reveal's `field`) or an action
// in words, anything else as it is.
function say(key, v, label) {
  if (v === null || v === undefined) return '';
  const fen = key.endsWith('_fen') || key.startsWith('standard.'); // a campaign's standards are fen too
  if (fen && v !== '' && !Number.isNaN(Number(v))) return formatFen(v);
  if (key === 'field' && typeof v === 'string') return label('fieldName', v);
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (VALUE_GROUPS[key] && typeof v === 'string') return label(VALUE_GROUPS[key], v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

// "姓名: 张伟 → 张维; 金额: ¥3,000.00", or the fields of a created record. `label` is useLabel().
export function describeChange(entry, label = (g, c) => c) {
  const before = parse(entry.before);
  const after = parse(entry.after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const parts = [];
  for (const k of keys) {
    const b = before[k];
    const a = after[k];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const name = label('fieldName', k);
    if (b === undefined) parts.push(`${name}: ${say(k, a, label)}`);
    else if (a === undefined) parts.push(`${name}: ${say(k, b, label)} →`);
    else parts.push(`${name}: ${say(k, b, label)} → ${say(k, a, label)}`);
  }
  return parts.join('; ');
}

// For a page: describe(entry) in words, and who acted (a user, the member a portal step was done
// for — 「会员 张*（门户）」 — or the platform itself).
export function useAuditWords() {
  const { t } = useI18n();
  const label = useLabel();
  const describe = (entry) => describeChange(entry, label);
  const actor = (entry) => {
    if (entry.member_id) return t('auth.audit.portalMember', { name: entry.member_name || `#${entry.member_id}` });
    if (!entry.username) return t('auth.audit.system');
    if (entry.username.startsWith('system:')) {
      const what = entry.username.slice('system:'.length);
      return t('auth.audit.systemAs', { what: label('auth.systemActor', what) });
    }
    return entry.username;
  };
  return { describe, actor, label };
}
