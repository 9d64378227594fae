// The member module's words in English: t('member.…').
import portal from './portal.messages.en.js';

// The words the portal shares (portal.messages.en.js) and the console's own.
export default {
  ...portal,
  menu: { members: 'Members', imports: 'Roster import', transfers: 'Transfers' }, search: 'Find', searchHint: 'Any part of a name, ID number, phone or member no.', totalCapped: 'Over {n} (narrow the search)', sex: 'Sex',   union: 'Union', joinDate: 'Joined',   birthDate: 'Born', add: 'New member', edit: 'Edit member', detail: 'Member',
  namePrefix: 'Name (traditional works too)', history: 'History', reveal: 'Show full {field}',
  revealTitle: 'Show full data', revealReason: 'Reason (recorded in the audit log)', revealed: 'Full {field}',
  changeStatus: 'Change status', changeEmployment: 'Change employment', heldFrom: 'Held',
  heldNote: 'Held here: the former union {from} is closed', situation: 'Situation', newStatus: 'New status',
  noHistory: 'No changes recorded', idOk: 'Valid: {sex}, born {birth}', created: 'Member registered',
  male: 'Male', female: 'Female',
  situations: {
    retired: 'Retired members', unemployed: 'Unemployed members', held: 'Held (employer closed)',
  },
  permission: {
    'member:read': 'Read members', 'member:write': 'Maintain members', 'member:reveal': 'Show full personal data',
  },
  entity: { member: 'Member' }, appKind: { join: 'Joining' },
  transfer: {
    out: 'Transfer out', to: 'Receiving union', toHint: 'Type a grassroots union\'s name, or the new employer\'s credit code; unions of other counties can be chosen',
    pickUnion: 'Choose the grassroots union the member moves to', reason: 'Reason', submit: 'Ask for the transfer',
    sent: 'Asked 「{union}」 to take the member; waiting for them to accept', fromEdit: 'To change the union, transfer the member',
    openFromEdit: 'Transfer the member', tabIn: 'Incoming, to accept', tabOut: 'Outgoing', allStates: 'All', none: 'No transfers',
    route: 'From → to', fromTo: '{from} → {to}', dates: 'Dates', askedOn: 'asked {date}', decidedOn: 'decided {date}', state: 'State',
    decisionIs: 'Reason: {reason}', accept: 'Accept', refuse: 'Refuse', cancel: 'Withdraw', refuseReason: 'Reason for refusing (the other union sees it)',
    history: 'Transfers',
    states: { requested: 'Waiting', accepted: 'Accepted', refused: 'Refused', cancelled: 'Withdrawn' },
    done: { accept: 'Accepted: the member is now in 「{union}」', refuse: 'Refused', cancel: 'Withdrawn' },
    confirm: {
      accept: 'Accept {name} from 「{from}」 into 「{to}」? The member moves at once; the join date is kept.',
      refuse: 'Refuse {name} moving from 「{from}」 into 「{to}」.', cancel: 'Withdraw the request for {name} to move to 「{to}」?',
    },
  },
  import: {
    title: 'Roster import', union: 'Import into', mode: 'Mode', store: 'Store the valid rows, report the rest',
    dryRun: 'Check only', allOrNothing: 'Store only if every row is valid', file: 'Roster file',
    choose: 'Choose a file (.csv or .xlsx)', start: 'Import', running: 'Importing: {n} rows so far',
    runningOf: 'Importing: {n} of about {total} rows', done: 'Done', rows: 'Rows read', stored: 'New members',
    unchanged: 'Members of this union already', refused: 'Rows refused', report: 'Download the report',
    format: 'Format',
    hint: 'The header must have 姓名 (name) and 身份证号 (ID number); it may have 手机号, 工作单位, 职工类别, 入会日期, 工会编号. CSV in UTF-8 or GBK, or Excel .xlsx.',
    failed: 'The import failed: {error}', nothingStored: 'Rows were wrong: nothing was imported',
  },
  // An audit action (label('action', …)): a member's forgotten password, reset in the portal.
  action: { password_reset: 'Password reset by texted code' },
};
