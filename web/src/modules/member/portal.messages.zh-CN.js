// 「member」在会员服务中用到的文字（简体中文），控制台的 messages.zh-CN.js 也引用它们：t('member.…')。
export default {
  name: '姓名', idNumber: '身份证号', phone: '手机号', employer: '工作单位', category: '职工类别', status: '会籍状态', employment: '就业状态',
  categories: {
    front_line: '一线职工', management: '管理人员', technical: '专业技术人员', courier: '快递员', delivery_rider: '外卖骑手',
    ride_hailing_driver: '网约车司机', truck_driver: '货车司机', other: '其他', new_form: '新就业形态（全部）',
  },
  statuses: { active: '正常', suspended: '暂停', exited: '已退会', deceased: '已故' },
  employments: { employed: '在职', retired: '退休', unemployed: '失业' },
};
