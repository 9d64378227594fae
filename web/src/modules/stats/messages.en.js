// The stats module's words in English: t('stats.…').
export default {
  menu: { dashboard: 'Dashboard' },
  dashboard: {
    members: 'Members', unions: 'Grassroots unions', enterprises: 'Enterprises covered',
    newForm: 'New-form workers', byCategory: 'Members by category', byMonth: 'New members, last 12 months',
    byKind: 'Grassroots unions by kind', unit: { people: '', unions: '' }, scope: 'Scope',
    drill: 'Click for the list',
  },
};
