// 「approval」模块的界面文字（简体中文）：t('approval.…')。
export default {
  canDecideOnly: '只看我现在可以审批的',
  menu: { approvals: '审批' }, title: '审批', toReview: '待我审核', all: '全部申请', kind: '类型', org: '申报单位', reviewer: '审核单位',
  state: '状态', updated: '更新时间', titleCol: '事项', approve: '通过', return: '退回', submit: '提交', reason: '意见',
  approveReason: '意见（可选）', returnReason: '退回理由（必填）', history: '办理记录', result: '结果', newEstablish: '新建组建申请',
  establish: '组建工会申请', name: '拟建工会名称', unionKind: '工会类型', division: '行政区划代码', enterprise: '所在企业（可选）',
  parent: '上级工会', parentProposed: '按行政区划 {code} 建议的上级工会，可另选',
  founding: '入会人数', term: '任期（年）', seats: '委员会 / 组织员', seatName: '姓名', seatRole: '职务', addSeat: '添加成员',
  submitNow: '立即提交审核', saveDraft: '存为草稿', none: '暂无申请', approved: '已通过', returned: '已退回', submitted: '已提交',
  seatsHint: '入会 25 人以上选举委员会（须有一名主席），不足 25 人选举一名组织员',
  appState: { draft: '草稿', submitted: '待审核', approved: '已通过', returned: '已退回' },
  any: '全部', level: '审核层级', filed: '申报日期', from: '开始日期', to: '结束日期', filedAt: '申报时间', openRecord: '查看原始记录',
  levels: { city: '市级及以上', county: '县级', township: '乡镇（街道）', grassroots: '基层工会' },
};
