// The member module's words in English: t('member.…').
export default {
  menu: { members: 'Members', imports: 'Roster import' }, search: 'Find', searchHint: 'Any part of a name, ID number, phone or member no.', totalCapped: 'Over {n} (narrow the search)', name: 'Name', sex: 'Sex', idNumber: 'ID number',
  phone: 'Phone', union: 'Union', employer: 'Employer', category: 'Category', joinDate: 'Joined', status: 'Status',
  birthDate: 'Born', add: 'New member', edit: 'Edit member', detail: 'Member',
  namePrefix: 'Name (traditional works too)', history: 'History', reveal: 'Show full {field}',
  revealTitle: 'Show full data', revealReason: 'Reason (recorded in the audit log)', revealed: 'Full {field}',
  changeStatus: 'Change status', changeEmployment: 'Change employment', employment: 'Employment', heldFrom: 'Held',
  heldNote: 'Held here: the former union {from} is closed', situation: 'Situation', newStatus: 'New status',
  noHistory: 'No changes recorded', checkDigitShould: 'The 18th character (check digit) should be {c}',
  checkDigitWrong: 'Wrong check digit; it should be {c}', idChars: '17 digits, then a digit or X',
  idBirth: 'The birth date in it is not valid', idOk: 'Valid: {sex}, born {birth}', created: 'Member registered',
  male: 'Male', female: 'Female',
  categories: {
    front_line: 'Front-line worker', management: 'Management', technical: 'Technical staff', courier: 'Courier',
    delivery_rider: 'Delivery rider', ride_hailing_driver: 'Ride-hailing driver', truck_driver: 'Truck driver',
    other: 'Other', new_form: 'All new-form workers',
  },
  statuses: { active: 'Active', suspended: 'Suspended', exited: 'Exited', deceased: 'Deceased' },
  employments: { employed: 'Employed', retired: 'Retired', unemployed: 'Unemployed' },
  situations: {
    retired: 'Retired members', unemployed: 'Unemployed members', held: 'Held (employer closed)',
  },
  permission: {
    'member:read': 'Read members', 'member:write': 'Maintain members', 'member:reveal': 'Show full personal data',
  },
  entity: { member: 'Member' }, appKind: { join: 'Joining' },
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
};
