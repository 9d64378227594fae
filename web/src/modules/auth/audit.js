// Reading audit entries: what changed between the before and
// after images (JSON objects, personal data already masked by the server).

function parse(text) {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

// "name: 张伟 → 张维; phone: 138****5678 → 139****0000", or the fields of a created record.
export function describeChange(entry) {
  const before = parse(entry.before);
  const after = parse(entry.after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const parts = [];
  for (const k of keys) {
    const b = before[k];
    const a = after[k];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (b === undefined) parts.push(`${k}: ${typeof a === 'object' ? JSON.stringify(a) : a}`);
    else if (a === undefined) parts.push(`${k}: ${b} →`);
    else parts.push(`${k}: ${b} → ${a}`);
  }
  return parts.join('; ');
}
