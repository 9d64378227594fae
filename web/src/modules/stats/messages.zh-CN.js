// 「stats」模块的界面文字（简体中文）：t('stats.…')。
export default {
  menu: { dashboard: '首页' },
  dashboard: {
    members: '会员总数', unions: '基层工会', enterprises: '覆盖企业', newForm: '新就业形态会员', byCategory: '会员类别构成',
    byMonth: '近 12 个月新入会会员', byKind: '基层工会类型', unit: { people: '人', unions: '家' }, scope: '统计范围', drill: '点击查看明细',
  },
};
