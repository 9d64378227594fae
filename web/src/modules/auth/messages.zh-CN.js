// 「auth」模块的界面文字（简体中文）：t('auth.…')。
export default {
  menu: { users: '用户管理', roles: '角色权限', audit: '审计日志' }, signIn: '登录', signOut: '退出登录', username: '用户名',
  password: '密码', subtitle: '市、县、乡镇（街道）和基层工会的一站式工作台', signedOut: '已退出登录', expired: '登录已失效，请重新登录',
  portalLink: '会员请到会员服务', usernameRequired: '请输入用户名', passwordRequired: '请输入密码',
  passwordForm: {
    change: '修改密码', label: '登录密码', current: '当前密码', new: '新密码（至少 8 个字符）', again: '再次输入新密码', mismatch: '两次输入的新密码不一致',
    changed: '密码已修改，其他设备上的登录已退出',
  },
  user: {
    list: '用户列表', username: '用户名', displayName: '姓名', role: '角色', org: '所属组织', state: '状态', enabledState: '正常',
    disabledState: '已停用', disable: '停用', enable: '启用', disableConfirm: '停用用户 {name}？其所有登录会立即失效，且无法再登录。',
    enableConfirm: '启用用户 {name}？', disabled: '用户已停用', enabled: '用户已启用', add: '新建用户', password: '初始密码',
    created: '用户已创建',
  },
  role: { code: '代码', name: '名称', permissions: '权限', ownOrgOnly: '仅限本组织' },
  roleCode: { federation_admin: '总工会管理员', clerk: '工会干事', grassroots_chair: '基层工会主席', viewer: '只读用户' },
  permission: { 'user:admin': '管理用户', 'audit:read': '查看审计日志' },
  audit: {
    time: '时间', user: '操作人', action: '操作', entity: '对象', entityId: '对象编号', reason: '理由', changes: '变更内容',
    reasonIs: '理由：{reason}', system: '系统', portalMember: '会员 {name}（门户）', systemAs: '系统（{what}）',
    record: '记录', recordHint: '对象编号', anyAction: '全部操作',
    dates: '日期', from: '开始日期', to: '结束日期', userHint: '用户名，如 wucheng_admin',
  },
  entity: { user: '用户', audit: '审计日志' },
  systemActor: { portal: '会员服务', 'sign-in': '登录保护', cli: '命令行', demo: '演示数据' },
};
