// 「stats」模块的界面文字（简体中文）：t('stats.…')。
export default {
  menu: { dashboard: '首页' },
  dashboard: {
    members: '会员总数', unions: '基层工会', enterpriseUnions: '企业工会', enterprises: '覆盖企业', newForm: '新就业形态会员', byCategory: '会员类别构成',
    byMonth: '近 12 个月新入会会员', byKind: '基层工会类型', unit: { people: '人', unions: '家' }, scope: '统计范围', drill: '点击查看明细',
  },
  todo: {
    title: '我的待办', note: '按您的全部管辖范围统计，点击查看名单',
    decide: '待我审批的申请', batches: '待我审核的发放批次', claims: '待核对的理赔', archives: '待复核的帮扶档案',
    overdue: '超过 30 天未办结的理赔', terms: '半年内届满的委员会', no_committee: '无在册委员会的工会', more: '{n}+',
  },
};
