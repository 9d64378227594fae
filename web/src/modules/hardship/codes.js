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
// States in which an archive may be changed (an active one is re-levelled), and submitted.
export const EDITABLE = ['draft', 'returned', 'active'];
export const SUBMITTABLE = ['draft', 'returned'];

// Aid: grants, campaigns (src/hardship/aid_routes.h).
export const GRANT_STATES = ['submitted', 'reviewed', 'approved', 'returned', 'cancelled', 'paying', 'paid', 'given'];
export const GRANT_TAG = { submitted: 'warning', reviewed: 'warning', approved: 'primary', returned: 'danger', cancelled: 'info', paying: 'primary', paid: 'success', given: 'success' };
export const SCHOOL_LEVELS = ['primary', 'junior', 'senior', 'vocational', 'university'];
export const CAMPAIGN_KINDS = ['spring_warmth', 'autumn_schooling', 'summer_cooling', 'spring_jobs'];
export const CAMPAIGN_STATES = ['draft', 'drawn', 'checked', 'closed', 'cancelled'];
export const CAMPAIGN_TAG = { draft: 'info', drawn: 'warning', checked: 'primary', closed: 'success', cancelled: 'info' };
export const TARGET_STATES = ['listed', 'removed', 'paying', 'paid', 'given'];
export const TARGET_TAG = { listed: 'warning', removed: 'info', paying: 'primary', paid: 'success', given: 'success' };
export const BASES = ['deep', 'relative', 'accidental', 'outdoor'];
export const METHODS = ['card', 'in_kind'];
