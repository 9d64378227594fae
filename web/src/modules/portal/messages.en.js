// The portal module's words in English: t('portal.…').
export default {
  signIn: 'Member sign-in', activate: 'First time? Activate', activateTitle: 'Activate member services',
  phone: 'Phone', password: 'Password', idNumber: 'ID number', newPassword: 'Password',
  confirmPassword: 'Confirm password', mismatch: 'The passwords differ', submitActivate: 'Activate and sign in',
  backToSignIn: 'Have an account? Sign in', card: 'Card', myCard: 'My membership card',
  held: 'Your former union {from} is closed; {union} holds your membership until you transfer to a new union.',
  cardTitle: 'Union membership card', cardNo: 'Card no.', union: 'Union', joined: 'Joined', myUnion: 'My union',
  contact: 'Contact', address: 'Address', parents: 'Higher federations', hotline: 'Workers\' rights hotline',
  signOut: 'Sign out', showQr: 'Show this code at the union',
  hint: 'Members on record: activate with the phone and ID number registered with your union', payments: 'Payments',
  myPayments: 'My payments', paidTo: 'Paid {date} to {account}', inPayment: 'With the bank; watch your account',
  waiting: 'Waiting for the union to pay', failedAt: '{date} failed: {reason}', noPayments: 'No payments yet',
  paymentsHint: 'What your union paid you through your one-card account',
  progress: {
    title: 'Application progress', number: 'Application number', idNumber: 'ID number', query: 'Look up',
    yourNumber: 'Your application number: {n} (keep it to follow the application)', union: 'Applied to',
    state: 'State', card: 'Membership number', returnedHint: 'Apply again once you have dealt with the reason',
    states: {
      submitted: 'Waiting for the union', approved: 'Approved', returned: 'Returned', draft: 'Draft',
    },
    actions: { create: 'Submitted', submit: 'Submitted', approve: 'Approved', return: 'Returned' },
  },
  join: {
    title: 'Join a union', name: 'Name', idNumber: 'ID number', phone: 'Phone', employer: 'Employer',
    category: 'Category', union: 'Union to join',
    searchUnion: 'Type a union\'s name (new-form workers: the joint or industry union of your area)',
    submit: 'Apply',
    sent: 'Your application went to {union}; once approved, activate member services with your phone and ID number',
    link: 'Not a member yet? Join',
  },
  transfer: {
    title: 'I changed jobs: move my membership', hint: 'Choose the union of your new employer and say why; once it accepts, your membership moves there and your join date is kept.',
    newUnion: 'Union of the new employer', pickUnion: 'Choose the union of your new employer', reason: 'Reason', reasonHint: 'e.g. I now work at the new company',
    submit: 'Ask to move', sent: 'Sent; waiting for the new union to accept', toUnion: 'To 「{to}」', from: 'From', askedOn: 'Asked on', state: 'State',
    decision: 'Their answer', states: { requested: 'Waiting for the new union', accepted: 'Moved', refused: 'Refused', cancelled: 'Withdrawn' },
  },
};
