// The codes of hardship archives, in the server's order (src/hardship/archive.h, rules.h), and
// the colours of their tags.
export const STATES = ['draft', 'submitted', 'county_reviewed', 'returned', 'notice', 'active', 'exited'];
export const STATE_TAG = { draft: 'info', submitted: 'warning', county_reviewed: 'warning', returned: 'danger', notice: 'primary', active: 'success', exited: 'info' };
export const LEVELS = ['deep', 'relative', 'accidental', 'none'];
export const LEVEL_TAG = { deep: 'danger', relative: 'warning', accidental: 'primary', none: 'info' };
export const LEVEL_COLOR = { deep: '#c8161d', relative: '#e6a23c', accidental: '#409eff', none: '#909399' };
export const CAUSES = ['illness', 'disability', 'accident', 'unemployment', 'single_parent', 'schooling', 'disaster'];
export const TIERS = ['county', 'city'];
export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'other'];
export const HEALTH = ['healthy', 'chronic', 'serious', 'disabled'];
export const SCHOOLING = ['none', 'preschool', 'primary', 'junior', 'senior', 'vocational', 'university'];
export const INCOME_SOURCES = ['wages', 'pension', 'allowance', 'business', 'other'];
export const VISIT_KINDS = ['visit', 'review'];
// States in which the filer may still change an archive and submit it.
export const EDITABLE = ['draft', 'returned'];
