// The payout module's words on the member portal in English; the console's messages.en.js uses them too: t('payout.…').
export default {
  itemState: { pending: 'Pending', batched: 'In payment', paid: 'Paid', cancelled: 'Withdrawn', failed: 'Failed by the bank' },
  portalCard: {
    title: 'My bank card for payments', bind: 'Bind a card', change: 'Change', none: 'No card bound yet: the union\'s payments reach you once you bind a card in your own name',
    endsWith: 'ending {last4}', bank: 'Bank', bankPick: 'Choose the bank', number: 'Card number', holder: 'Holder', holderHint: 'Your own name',
    save: 'Save', saved: 'Card bound', fixHint: 'The bank returned this payment: change your card above and the union will pay it again',
  },
  // Words of the portal's pages only.
  me: {
    payments: 'My payments', bankCard: 'My bank card', unbound: 'Not bound', hint: 'What the union pays you through your card, newest first',
    end: 'No more', retry: 'Could not load: tap to retry', none: 'No payments yet',
    paidTo: 'paid to', inPayment: 'With the bank: watch your account', waiting: 'Waiting for the union', failed: 'failed: {reason}',
    fixHint: 'The bank returned this payment: change your card and the union will pay it again',
    cardHint: 'The union pays to this card. Only its last four digits are shown; after a change, what the bank returned is paid again.',
    changeCard: 'Change the card', required: 'Required', cancel: 'Cancel',
    number: { digits: 'The card number must be 8 to 30 digits', luhn: 'The card number fails its check digit: check it' },
  },
};
