// 「hardship」在会员服务中用到的文字（简体中文），控制台的 messages.zh-CN.js 也引用它们：t('hardship.…')。
export default {
  field: {
    causes: '致困原因', name: '姓名', relation: '关系', age: '年龄', health: '健康状况', schooling: '就学情况',
    personIncome: '年收入（元）', personId: '身份证号（选填）', incomeSource: '收入来源', monthly: '月收入（元）',
    medical: '自付医疗支出（年）', school: '自付就学支出（年）', notice: '公示期',
  },
  form: {
    household: '家庭成员', income: '月收入来源', addIncome: '添加收入来源', spending: '刚性支出',
    accident: '意外事故、重大疾病或灾害（近 12 个月）', accidentDate: '发生日期', loss: '造成损失（元）', compensation: '已获赔偿、保险和其他救助（元）',
    description: '情况说明', yuanInvalid: '请输入金额，最多两位小数', causesRequired: '至少选择一项致困原因', remove: '移除',
  },
  level: { deep: '深度困难', relative: '相对困难', accidental: '意外致困', none: '不困难' },
  cause: {
    illness: '因病', disability: '因残', accident: '因意外事故', unemployment: '因失业', single_parent: '单亲家庭',
    schooling: '因子女就学', disaster: '因灾',
  },
  relation: { self: '本人', spouse: '配偶', child: '子女', parent: '父母', other: '其他' },
  health: { healthy: '健康', chronic: '慢性病', serious: '大病', disabled: '残疾' },
  schooling: {
    none: '无', preschool: '学前', primary: '小学', junior: '初中', senior: '高中', vocational: '中职', university: '大学',
  },
  incomeSource: { wages: '工资', pension: '养老金', allowance: '补贴', business: '经营', other: '其他' },
  grantState: {
    submitted: '待县级审核', reviewed: '待市级审批', approved: '已批准', returned: '已退回', cancelled: '已作废', paying: '发放中',
    paid: '已发放', given: '已实物发放',
  },
  method: { card: '一卡通', in_kind: '实物' },
  categoryName: {
    living: '生活救助', schooling: '助学救助', medical: '医疗救助', legal: '法律援助', training: '培训就业帮扶', temporary: '临时救助',
  },
  campaignKind: { spring_warmth: '送温暖', autumn_schooling: '金秋助学', summer_cooling: '夏送清凉', spring_jobs: '春送岗位' },
  targetState: { listed: '待发放', removed: '已移出', paying: '发放中', paid: '已发放', given: '已发放（实物）' },
  portalAidGrants: { title: '我获得的帮扶', none: '暂无帮扶记录', campaign: '专项活动' },
  // The portal's own pages. The state as the member sees it: an application the member sent is
  // with the union (待审核, member_state 'sent'), never a 草稿; a draft the union opened itself is
  // 工会建档中 (filing).
  portal: {
    tab: '困难帮扶', title: '困难帮扶', apply: '申请困难帮扶', applyHint: '如实填写家庭情况，提交后由所在工会核实、入户核查后建档',
    mine: '我的困难档案', none: '您还没有困难职工档案', notices: '本工会困难职工公示', noNotices: '暂无公示',
    submit: '提交申请', sent: '申请已提交给您的工会，工会核实后将与您联系',
    state: {
      sent: '待审核', filing: '工会建档中', submitted: '县级审核中', county_reviewed: '市级审批中', returned: '已退回', notice: '公示中',
      active: '在档', exited: '已脱困',
    },
    stateHint: {
      sent: '申请已提交，所在工会正在核实', filing: '工会正在为您建档，报送审核后可在此查看进度', submitted: '工会已核实，县级总工会审核中',
      county_reviewed: '县级审核通过，市总工会审批中', returned: '已退回所在工会补充材料，工会可能与您联系', notice: '审批通过，正在公示', active: '已建档，可享受相应帮扶',
      exited: '已解困脱困',
    },
    appliedOn: '申请日期', filedOn: '建档日期', exitedOn: '脱困日期',
    person: '第 {n} 位家庭成员', addPerson: '添加家庭成员', personError: '{who}：{error}', fixFields: '请按提示修改标红的项目', amountRange: '金额应在 0 至 100 亿元之间，最多两位小数',
    level: '困难等级', objection: '对公示有异议的，请在公示期内向工会反映',
  },
};
