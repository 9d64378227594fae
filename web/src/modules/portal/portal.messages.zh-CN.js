// 会员服务（portal）的界面文字（简体中文）：t('portal.…')。只在会员服务中加载。
export default {
  offline: '离线 — 显示的是上次的数据', signedOutOffline: '已在本机退出并清除会员数据；当前离线，服务器上的登录到期后失效',
  end: '没有更多了', retry: '加载失败，点击重试',
  submitSignIn: '登录', services: '服务', mine: '我的', language: '语言 / Language', qrText: '工会会员 {card}\n{union}',
  signIn: '会员登录', activate: '首次使用？激活账号', activateTitle: '激活会员服务', phone: '手机号', password: '密码', idNumber: '身份证号',
  newPassword: '设置密码', confirmPassword: '确认密码', mismatch: '两次输入的密码不一致', submitActivate: '激活并登录',
  backToSignIn: '已有账号，去登录', card: '会员卡', myCard: '我的会员卡', held: '原单位工会「{from}」已撤销，您的会籍由「{union}」代管；到新单位后可申请会籍转接。',
  cardTitle: '工会会员卡', cardNo: '会员编号', union: '所属工会', joined: '入会日期', myUnion: '我的工会', contact: '联系人', address: '地址',
  parents: '上级工会', hotline: '职工维权服务热线', signOut: '退出', showQr: '出示二维码办理业务', hint: '在册会员首次使用，请用登记的手机号和身份证号激活',
  contactPhone: '联系电话', notOnRecord: '未登记',
  pick: { title: '选择工会', search: '输入工会名称', none: '没有找到名称相符的工会', typeMore: '输入工会名称的一部分来搜索', choose: '请选择' },
  changePassword: '修改密码',
  pw: {
    current: '当前密码', fresh: '新密码', again: '确认新密码', save: '保存新密码', done: '密码已修改',
    hint: '至少 8 位；修改后，其他手机上的登录会退出', same: '新密码不能与当前密码相同',
  },
  apps: {
    title: '我的申请', none: '您还没有提交过申请', filedOn: '提交日期', union: '工会', state: '状态', reason: '原因',
    kinds: { join: '申请入会', transfer: '会籍转接', hardship: '困难帮扶' },
    states: {
      submitted: '已提交，待工会处理', preparing: '工会正在建档', in_review: '审核中', returned: '已退回', approved: '已通过',
      on_notice: '审批通过，公示中', refused: '未通过', withdrawn: '已撤回', closed: '已结束',
    },
  },
  progress: {
    title: '查询申请进度', number: '申请编号', idNumber: '身份证号', query: '查询', yourNumber: '您的申请编号：{n}（请记下，用于查询进度）',
    union: '申请加入', state: '当前状态', card: '会员编号', returnedHint: '请按退回原因准备后重新申请',
    states: { submitted: '待工会审核', approved: '已通过', returned: '已退回', draft: '未提交' },
    actions: { create: '提交申请', submit: '重新提交', update: '修改申请', review: '初审通过', approve: '审核通过', return: '退回' },
    steps: '办理过程',
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
