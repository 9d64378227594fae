// The approval module's words in English: t('approval.…').
export default {
  canDecideOnly: 'Only those I may decide now',
  menu: { approvals: 'Approvals' }, title: 'Approvals', toReview: 'Waiting for me', all: 'All applications',
  kind: 'Kind', org: 'Filed by', reviewer: 'Decided by', state: 'State', updated: 'Updated', titleCol: 'Subject',
  approve: 'Approve', return: 'Return', submit: 'Submit', reason: 'Comment', approveReason: 'Comment (optional)',
  returnReason: 'Reason for returning (required)', history: 'History', result: 'Result',
  newEstablish: 'New establishment', establish: 'Found a union', name: 'Name of the union', unionKind: 'Kind',
  parent: 'Parent federation', parentProposed: 'Proposed for division {code}; you may choose another',
  division: 'Division code', enterprise: 'Enterprise (optional)', founding: 'Founding members',
  term: 'Term (years)', seats: 'Committee / organiser', seatName: 'Name', seatRole: 'Role', addSeat: 'Add a seat',
  submitNow: 'Submit for review now', saveDraft: 'Save as draft', none: 'No applications', approved: 'Approved',
  returned: 'Returned', submitted: 'Submitted',
  seatsHint: '25 or more members elect a committee with one chair; fewer elect one organiser',
  appState: { draft: 'Draft', submitted: 'Waiting', approved: 'Approved', returned: 'Returned' },
  any: 'Any', level: 'Deciding level', filed: 'Filed', from: 'From', to: 'To', filedAt: 'Filed at', openRecord: 'Open the record',
  levels: { city: 'City and above', county: 'County', township: 'Township', grassroots: 'Grassroots union' },
};
