// 「member」模块的界面文字（简体中文）：t('member.…')。
import portal from './portal.messages.zh-CN.js';

// The words the portal shares (portal.messages.zh-CN.js) and the console's own.
export default {
  ...portal,
  menu: { members: '会员管理', imports: '花名册导入', transfers: '会籍转接' }, search: '查找', searchHint: '姓名任意部分、身份证号、手机号或会员编号', totalCapped: '共 {n}+ 条（请缩小范围）', sex: '性别', union: '所属工会',
  joinDate: '入会日期', birthDate: '出生日期', add: '新增会员',
  edit: '编辑会员', detail: '会员详情', namePrefix: '姓名（可输入繁体）', history: '变更记录', reveal: '查看完整{field}',
  revealTitle: '查看完整信息', revealReason: '查看理由（将记入审计日志）', revealed: '完整{field}', changeStatus: '变更会籍状态',
  changeEmployment: '变更就业状态', heldFrom: '会籍代管', heldNote: '原单位「{from}」已撤销，由本级工会代管',
  situation: '情形', newStatus: '新状态', noHistory: '暂无变更记录',
  idOk: '校验通过：{sex}，{birth} 出生', created: '会员已登记', male: '男', female: '女',
  situations: { retired: '退休会员', unemployed: '失业会员', held: '代管会员（原单位关闭）' },
  permission: { 'member:read': '查看会员', 'member:write': '维护会员', 'member:reveal': '查看完整个人信息' },
  entity: { member: '会员' }, appKind: { join: '入会' },
  transfer: {
    out: '转出（会籍转接）', to: '转入工会', toHint: '输入基层工会名称，或新单位的统一社会信用代码；可选其他县（市、区）的工会',
    pickUnion: '请选择转入的基层工会', reason: '转接原因', submit: '提交转接申请', sent: '已向「{union}」提出转接，待对方接收',
    fromEdit: '更换所属工会请办理会籍转接', openFromEdit: '办理会籍转接', tabIn: '转入待接收', tabOut: '转出',
    allStates: '全部', none: '暂无转接', route: '转出 → 转入', fromTo: '{from} → {to}', dates: '日期', askedOn: '{date} 申请',
    decidedOn: '{date} 处理', state: '状态', decisionIs: '理由：{reason}', accept: '接收', refuse: '退回', cancel: '撤回',
    refuseReason: '退回理由（对方可见）', history: '会籍转接记录',
    states: { requested: '待接收', accepted: '已接收', refused: '已退回', cancelled: '已撤回' },
    done: { accept: '已接收，会员已转入「{union}」', refuse: '已退回', cancel: '已撤回' },
    confirm: {
      accept: '接收 {name} 从「{from}」转入「{to}」？接收后会员即转入本工会，入会日期不变。',
      refuse: '退回 {name} 从「{from}」转入「{to}」的申请。', cancel: '撤回 {name} 转入「{to}」的申请？',
    },
  },
  import: {
    title: '花名册导入', union: '导入到工会', mode: '方式', store: '导入正确的行，报告错误的行', dryRun: '只检查，不导入', allOrNothing: '全部正确才导入',
    file: '花名册文件', choose: '选择文件（.csv 或 .xlsx）', start: '开始导入', running: '正在导入，已处理 {n} 行',
    runningOf: '正在导入，已处理 {n} 行，共约 {total} 行', done: '完成', rows: '读取行数', stored: '新增会员', unchanged: '已是本工会会员',
    refused: '错误行', report: '下载错误报告', format: '文件格式',
    hint: '表头须含「姓名」「身份证号」，可含「手机号」「工作单位」「职工类别」「入会日期」「工会编号」。支持 UTF-8 或 GBK 编码的 CSV 和 Excel .xlsx。',
    failed: '导入失败：{error}', nothingStored: '有错误行，整个文件未导入',
  },
  // An audit action (label('action', …)): a member's forgotten password, reset in the portal.
  action: { password_reset: '短信验证码重设密码' },
};
