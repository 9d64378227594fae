// The message centre and the forgotten password in the portal (English): t('message.…').
// Messages are worded here from their code and parameters; the server keeps no words.
export default {
  tab: 'Messages',
  title: 'My messages',
  empty: 'No messages yet',
  readAll: 'Mark all read',
  allRead: 'All marked read',
  unread: 'Unread',
  fallback: {title: 'New message', body: ''},
  codes: {
    payout: {
      paid: {title: 'Payment made', body: '{purpose}: {amount} has been paid to your bank card.'},
      failed: {
        title: 'Payment failed',
        body:
            '{purpose}: {amount} could not be paid ({reason}). Check your bank card; the union will pay again.'
      },
    },
    claim: {
      approved: {
        title: 'Claim approved',
        body: '{plan} (discharged {date}): {amount} approved, to be paid to your bank card.'
      },
      rejected:
          {title: 'Claim not approved', body: '{plan} (discharged {date}) was not paid: {reason}'},
    },
    transfer: {
      accepted:
          {title: 'Transfer accepted', body: '{to} accepted you: your membership has moved there.'},
      refused: {title: 'Transfer refused', body: '{to} refused your transfer: {reason}'},
    },
    application: {
      approved: {title: 'Application approved', body: '{title}'},
      returned: {title: 'Application returned', body: '{title}: {reason}'},
    },
  },
  forgot: {
    link: 'Forgot password?',
    title: 'Reset password',
    hint: 'The code goes to the phone number your union has on record',
    send: 'Get code',
    resend: 'Again in {n} s',
    sent: 'Code sent; it is valid for 10 minutes',
    code: 'Code',
    codeHint: '6 digits',
    password: 'New password',
    passwordHint: '8 characters or more',
    confirm: 'Confirm',
    submit: 'Reset and sign in',
    done: 'Password reset',
  },
};
