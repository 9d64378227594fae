// 会员服务（portal）的界面文字（简体中文）：t('portal.…')。只在会员服务中加载。
export default {
  end: '没有更多了', retry: '加载失败，点击重试',
  submitSignIn: '登录', services: '服务', mine: '我的', language: '语言 / Language', qrText: '工会会员 {card}\n{union}',
  signIn: '会员登录', activate: '首次使用？激活账号', activateTitle: '激活会员服务', phone: '手机号', password: '密码', idNumber: '身份证号',
  newPassword: '设置密码', confirmPassword: '确认密码', mismatch: '两次输入的密码不一致', submitActivate: '激活并登录',
  backToSignIn: '已有账号，去登录', card: '会员卡', myCard: '我的会员卡', held: '原单位工会「{from}」已撤销，您的会籍由「{union}」代管；到新单位后可申请会籍转接。',
  cardTitle: '工会会员卡', cardNo: '会员编号', union: '所属工会', joined: '入会日期', myUnion: '我的工会', contact: '联系人', address: '地址',
  parents: '上级工会', hotline: '职工维权服务热线', signOut: '退出', showQr: '出示二维码办理业务', hint: '在册会员首次使用，请用登记的手机号和身份证号激活',
  payments: '发放', myPayments: '我的发放', paidTo: '{date} 已发放至 {account}', inPayment: '银行正在办理，请留意到账', waiting: '等待工会发放',
  failedAt: '{date} 发放失败：{reason}', noPayments: '暂无发放记录', paymentsHint: '工会通过一卡通发放给您的款项',
  progress: {
    title: '查询申请进度', number: '申请编号', idNumber: '身份证号', query: '查询', yourNumber: '您的申请编号：{n}（请记下，用于查询进度）',
    union: '申请加入', state: '当前状态', card: '会员编号', returnedHint: '请按退回原因准备后重新申请',
    states: { submitted: '待工会审核', approved: '已通过', returned: '已退回', draft: '草稿' },
    actions: { create: '提交申请', submit: '提交申请', approve: '审核通过', return: '退回' },
  },
  join: {
    title: '申请入会', name: '姓名', idNumber: '身份证号', phone: '手机号', employer: '工作单位', category: '职工类别', union: '加入的工会',
    searchUnion: '输入工会名称搜索（新就业形态劳动者可选所在地的联合工会或行业工会）', submit: '提交申请',
    sent: '申请已提交给「{union}」，审核通过后即可用手机号和身份证号激活会员服务', link: '还不是会员？申请入会',
  },
  transfer: {
    tile: '会籍转接',
    title: '我换工作了，申请转会', hint: '到新单位后，选择新单位的工会并说明原因；新工会接收后，会籍随即转入，入会日期不变（一次入会、动态接转）。',
    newUnion: '新单位的工会', pickUnion: '请选择新单位的工会', reason: '原因', reasonHint: '例如：已到新单位工作', submit: '提交转会申请',
    sent: '申请已提交，等待新工会接收', toUnion: '转入「{to}」', from: '转出工会', askedOn: '申请日期', state: '当前状态', decision: '处理意见',
    states: { requested: '等待新工会接收', accepted: '已转入', refused: '已退回', cancelled: '已撤回' },
  },
};
