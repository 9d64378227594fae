// The hardship module's words on the portal's pages, in English; the console's messages.en.js
// spreads them too: t('hardship.…').
export default {
  field: {
    causes: 'Causes', name: 'Name', relation: 'Relation', age: 'Age', health: 'Health', schooling: 'Schooling',
    personIncome: 'Annual income (yuan)', personId: 'ID number (optional)', incomeSource: 'Source',
    monthly: 'Monthly (yuan)', medical: 'Medical costs paid (year)', school: 'Schooling costs paid (year)',
    notice: 'Public notice',
  },
  form: {
    household: 'Household', income: 'Monthly income sources', addIncome: 'Add a source',
    spending: 'Rigid spending', accident: 'Accident, serious illness or disaster (last 12 months)',
    accidentDate: 'Date', loss: 'Loss (yuan)',
    compensation: 'Compensation, insurance and other aid received (yuan)', description: 'Description',
    yuanInvalid: 'An amount, at most two decimals', causesRequired: 'Choose at least one cause',
    remove: 'Remove',
  },
  level: {
    deep: 'Deep hardship', relative: 'Relative hardship', accidental: 'By accident', none: 'Not in hardship',
  },
  cause: {
    illness: 'Illness', disability: 'Disability', accident: 'Accident', unemployment: 'Unemployment',
    single_parent: 'Single parent', schooling: 'Children at school', disaster: 'Disaster',
  },
  relation: { self: 'Self', spouse: 'Spouse', child: 'Child', parent: 'Parent', other: 'Other' },
  health: { healthy: 'Healthy', chronic: 'Chronic illness', serious: 'Serious illness', disabled: 'Disabled' },
  schooling: {
    none: 'None', preschool: 'Preschool', primary: 'Primary', junior: 'Junior high', senior: 'Senior high',
    vocational: 'Vocational', university: 'University',
  },
  incomeSource: { wages: 'Wages', pension: 'Pension', allowance: 'Allowance', business: 'Business', other: 'Other' },
  grantState: {
    submitted: 'County review', reviewed: 'City approval', approved: 'Approved', returned: 'Returned',
    cancelled: 'Cancelled', paying: 'Paying', paid: 'Paid', given: 'Given in kind',
  },
  method: { card: 'One card', in_kind: 'In kind' },
  categoryName: {
    living: 'Living aid', schooling: 'Schooling aid', medical: 'Medical aid', legal: 'Legal aid',
    training: 'Training and jobs', temporary: 'Temporary aid',
  },
  campaignKind: {
    spring_warmth: 'Spring warmth', autumn_schooling: 'Autumn schooling', summer_cooling: 'Summer cooling',
    spring_jobs: 'Spring jobs',
  },
  targetState: { listed: 'Listed', removed: 'Removed', paying: 'Paying', paid: 'Paid', given: 'Given in kind' },
  portalAidGrants: { title: 'Aid I received', none: 'No aid yet', campaign: 'Campaign' },
  // The portal's own pages (see portal.messages.zh-CN.js for the states a member sees).
  portal: {
    tab: 'Hardship', title: 'Hardship aid', apply: 'Apply for hardship aid',
    applyHint: 'Describe your household truthfully; your union checks it and visits you before filing the archive',
    mine: 'My hardship archive', none: 'You have no hardship archive', notices: 'Public notices of my union', noNotices: 'No notices',
    submit: 'Submit', sent: 'Sent to your union, which will contact you after checking it',
    state: {
      sent: 'Awaiting review', filing: 'Being filed', submitted: 'County review', county_reviewed: 'City approval', returned: 'Returned',
      notice: 'Public notice', active: 'Active', exited: 'Exited',
    },
    stateHint: {
      sent: 'Sent: your union is checking your application', filing: 'Your union is filing an archive for you; once sent for review, follow it here',
      submitted: 'Checked by your union; the county federation is reviewing it', county_reviewed: 'Passed by the county; the city federation is approving it',
      returned: 'Returned to your union for more information; it may contact you', notice: 'Approved, under public notice', active: 'Filed: you can receive aid',
      exited: 'Out of hardship',
    },
    appliedOn: 'Applied on', filedOn: 'Filed on', exitedOn: 'Out of hardship on',
    person: 'Person {n}', addPerson: 'Add a person', personError: '{who}: {error}', fixFields: 'Please correct the fields marked in red',
    amountRange: 'An amount from 0 to 10 billion yuan, at most two decimals',
    level: 'Level', objection: 'Objections to a notice go to the union within the notice period',
  },
};
