// 「payout」在会员服务中用到的文字（简体中文），控制台的 messages.zh-CN.js 也引用它们：t('payout.…')。
export default {
  itemState: { pending: '待发放', batched: '发放中', paid: '已发放', cancelled: '已撤回', failed: '银行退回' },
  portalCard: {
    title: '我的收款银行卡', bind: '绑定银行卡', change: '更换', none: '尚未绑定银行卡：工会的发放款项需要绑定本人银行卡后才能到账',
    endsWith: '尾号 {last4}', bank: '开户行', bankPick: '请选择开户行', number: '卡号', holder: '户名', holderHint: '须为本人姓名',
    save: '保存', saved: '银行卡已绑定', fixHint: '银行退回了这笔款项：请在上方更换本人银行卡，工会将重新发放',
  },
  // Words of the portal's pages only.
  me: {
    payments: '我的发放', bankCard: '我的银行卡', unbound: '未绑定', hint: '工会通过一卡通发放给您的款项，最新的在前',
    end: '没有更多了', retry: '加载失败，点击重试', none: '暂无发放记录',
    paidTo: '已发放至', inPayment: '银行正在办理，请留意到账', waiting: '等待工会发放', failed: '发放失败：{reason}',
    fixHint: '银行退回了这笔款项：请更换本人银行卡，工会将重新发放',
    cardHint: '工会的发放款项打入此卡。卡号只显示后四位；更换后，银行退回的款项将重新发放。',
    changeCard: '更换银行卡', required: '请填写', cancel: '取消',
    number: { digits: '卡号应为 8–30 位数字', luhn: '卡号校验位不符，请核对卡号' },
  },
};
