// The stats module's words in English: t('stats.…').
export default {
  menu: { dashboard: 'Dashboard' },
  dashboard: {
    members: 'Members', unions: 'Grassroots unions', enterpriseUnions: 'Enterprise unions', enterprises: 'Enterprises covered',
    newForm: 'New-form workers', byCategory: 'Members by category', byMonth: 'New members, last 12 months',
    byKind: 'Grassroots unions by kind', unit: { people: '', unions: '' }, scope: 'Scope',
    drill: 'Click for the list',
  },
  todo: {
    title: 'My to-do', note: 'Over your whole scope; click for the list',
    decide: 'Applications for me to decide', batches: 'Payout batches for me to approve', claims: 'Claims to check',
    archives: 'Hardship archives due for review', overdue: 'Claims undecided over 30 days',
    terms: 'Committees whose term ends within 6 months', no_committee: 'Unions with no committee on record', more: '{n}+',
  },
};
