// 「org」模块的界面文字（简体中文）：t('org.…')。
export default {
  menu: { orgs: '组织管理', enterprises: '企业', committees: '换届提醒' }, close: '撤销（单位关闭）',
  closeConfirm: '「{name}」的单位已关闭？撤销后其会员由上级工会代管，直到转接到新单位。', closeReason: '原因，如：企业注销', closed: '已撤销，{n} 名会员转由上级工会代管',
  closedTag: '已撤销：{reason}', searchTree: '搜索组织名称', children: '下级组织', childrenCount: '下级组织（{n}）', name: '名称',
  kind: '类型', division: '行政区划代码', members: '会员数（含下级）', contactName: '联系人', contactPhone: '联系电话', address: '地址',
  create: '新建下级组织', edit: '编辑组织', move: '移动', newParent: '新的上级组织',
  deleteConfirm: '确定删除「{name}」？只有没有下级、会员和用户的组织可以删除。', byCategory: '本级及下级会员类别', pickOne: '请在左侧选择一个组织',
  searchHint: '输入名称搜索，繁体亦可',
  kinds: {
    national_federation: '全国总工会', province_federation: '省总工会', city_federation: '市总工会', county_federation: '县级总工会',
    township_federation: '乡镇（街道）总工会', union_federation: '工会联合会', industry_union: '行业工会', joint_union: '联合工会',
    enterprise_union: '企业工会', village_union: '村级工会',
  },
  permission: { 'org:read': '查看组织', 'org:write': '维护组织', 'org:apply': '提交申请、登记企业' }, entity: { org: '组织' },
  appKind: { establish: '组建', reelect: '换届' },
  seat: {
    chair: '主席', vice_chair: '副主席', funds_audit_chair: '经审委主任', women_chair: '女职委主任', member: '委员',
    organiser: '组织员',
  },
  enterprise: {
    title: '企业', register: '登记企业', creditCode: '统一社会信用代码', name: '企业名称', industry: '行业', employees: '职工人数',
    union: '覆盖工会', none: '未建会', covered: '已建会', uncovered: '未建会', all: '全部', coverage: '建会情况', total: '企业总数',
    workers: '覆盖职工', override: '校验位不符时的理由（确为早期代码）', saved: '企业已登记', checkShould: '校验位应为 {c}',
  },
  committee: {
    title: '换届提醒', within: '届满时间', days: '{n} 天内', endsOn: '届满日期', electedOn: '选举日期', term: '任期', method: '选举方式',
    daysLeft: '剩余天数', expired: '已届满', reelect: '申请换届', votes: '投票人数', current: '本届委员会', none: '无在册委员会',
    direct: '直接选举', indirect: '间接选举', founding: '组建时产生', ratings: '年度评级', year: '年度', total: '总分', grade: '类别',
    stars: '星级', gradeName: { '1': '一类', '2': '二类', '3': '三类' }, filed: '换届申请已提交',
  },
  unions: {
    title: '基层工会名单', scope: '统计范围', allKinds: '全部类型', noCommittee: '只看无在册委员会的', totalCapped: '超过 {n} 家',
  },
};
