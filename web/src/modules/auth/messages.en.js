// The auth module's words in English: t('auth.…').
export default {
  menu: { users: 'Users', roles: 'Roles', audit: 'Audit log' }, signIn: 'Sign in', signOut: 'Sign out',
  username: 'User name', password: 'Password',
  subtitle: 'One console for city, county, township and grassroots unions', signedOut: 'Signed out',
  expired: 'Your session has ended; sign in again', portalLink: 'Members: go to member services',
  usernameRequired: 'Enter your user name', passwordRequired: 'Enter your password',
  passwordForm: {
    change: 'Change password', label: 'Password', current: 'Current password',
    new: 'New password (8 characters or more)', again: 'New password again',
    mismatch: 'The two new passwords differ', changed: 'Password changed; other devices are signed out',
  },
  user: {
    list: 'Users', username: 'User name', displayName: 'Name', role: 'Role', org: 'Organisation', state: 'State',
    enabledState: 'Active', disabledState: 'Disabled', disable: 'Disable', enable: 'Enable',
    disableConfirm: 'Disable user {name}? Their sessions end at once and they cannot sign in.',
    enableConfirm: 'Enable user {name}?', disabled: 'User disabled', enabled: 'User enabled', add: 'New user',
    password: 'Initial password', created: 'User created',
  },
  role: {
    code: 'Code', name: 'Name', permissions: 'Permissions', ownOrgOnly: 'Own organisation only',
  },
  roleCode: {
    federation_admin: 'Federation administrator', clerk: 'Union clerk', grassroots_chair: 'Grassroots union chair',
    viewer: 'Read-only user',
  },
  permission: { 'user:admin': 'Manage users', 'audit:read': 'Read the audit log' },
  audit: {
    time: 'Time', user: 'User', action: 'Action', entity: 'Record', entityId: 'Record id', reason: 'Reason',
    changes: 'Changes', reasonIs: 'reason: {reason}', system: 'System', portalMember: 'Member {name} (portal)', systemAs: 'System ({what})',
    record: 'Record', recordHint: 'Record number', anyAction: 'Any action',
    dates: 'Dates', from: 'From', to: 'To', userHint: 'user name, e.g. wucheng_admin',
  },
  entity: { user: 'User', audit: 'Audit log' },
  systemActor: { portal: 'member portal', 'sign-in': 'sign-in protection', cli: 'command line', demo: 'demo data' },
};
