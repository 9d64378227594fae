// The codes of mutual medical aid (visit types, outcomes of the rules, states of a claim by
// hand) with the colour of their tags, and the yuan text a person types turned into fen and back
// exactly: integer arithmetic only, never a float for money.
import { api } from '../../api.js';

// As src/mutual_aid/plan.h names them; a plan pays those it has a benefit for.
export const VISIT_TYPES = ['inpatient', 'special_outpatient', 'outpatient'];

// As src/mutual_aid/rules.h orders them: the paying ones first in the summaries.
export const OUTCOMES = ['paid', 'zero', 'reversal', 'invalid', 'duplicate', 'out_of_scope', 'out_of_period', 'not_enrolled', 'waiting_period'];
export const OUTCOME_TAG = {
  paid: 'success', zero: 'info', reversal: 'warning', invalid: 'danger', duplicate: 'info',
  out_of_scope: 'danger', out_of_period: 'warning', not_enrolled: 'warning', waiting_period: 'warning',
};
// Each outcome's own colour in a chart.
export const OUTCOME_COLOR = {
  paid: '#67c23a', zero: '#c0c4cc', reversal: '#e6a23c', invalid: '#f56c6c', duplicate: '#909399',
  out_of_scope: '#9b59b6', out_of_period: '#409eff', not_enrolled: '#1abc9c', waiting_period: '#c8161d',
};

// submitted → checked → approved | rejected; an approved claim is paid once its payout item is.
export const HAND_STATES = ['submitted', 'checked', 'approved', 'rejected', 'paid'];
export const HAND_TAG = { submitted: 'warning', checked: 'primary', approved: 'success', rejected: 'danger', paid: 'success' };
export const shownState = (c) => (c.state === 'approved' && c.payout_state === 'paid' ? 'paid' : c.state);
export const undecided = (c) => c.state === 'submitted' || c.state === 'checked';

// The plans (code, name, newest version) for the pickers of the pages; fetched once a visit and
// again after a plan is saved.
let cache = null;
export function plans({ fresh = false } = {}) {
  if (fresh) cache = null;
  cache ??= api.get('/api/v1/aid/plans').then((r) => r.items).catch((e) => {
    cache = null;
    throw e;
  });
  return cache;
}
