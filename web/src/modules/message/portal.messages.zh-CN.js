// 消息中心与找回密码（会员服务）的界面文字（简体中文）：t('message.…')。只在会员服务中加载。
// 消息按代码和参数在此成文，服务器只存代码和参数。
export default {
  tab: '消息',
  title: '我的消息',
  empty: '暂无消息',
  readAll: '全部已读',
  allRead: '已全部标为已读',
  unread: '未读',
  fallback: {title: '新消息', body: ''},
  codes: {
    payout: {
      paid: {title: '款项已发放', body: '{purpose} {amount} 已发放到您的银行卡，请留意到账。'},
      failed: {
        title: '款项发放失败',
        body: '{purpose} {amount} 发放失败：{reason}。请核对银行卡信息，工会将重新发放。'
      },
    },
    claim: {
      approved: {
        title: '理赔已通过',
        body: '{plan}（出院 {date}）核定互助金 {amount}，将发放到您的银行卡。'
      },
      rejected: {title: '理赔未通过', body: '{plan}（出院 {date}）未予赔付：{reason}'},
    },
    transfer: {
      accepted: {title: '会籍已转入', body: '「{to}」已接收您的转会申请，会籍已转入。'},
      refused: {title: '转会申请被退回', body: '「{to}」退回了您的转会申请：{reason}'},
    },
    application: {
      approved: {title: '申请已通过', body: '{title}'},
      returned: {title: '申请被退回', body: '{title}：{reason}'},
    },
  },
  forgot: {
    link: '忘记密码？',
    title: '找回密码',
    hint: '验证码将发送到您在工会登记的手机号',
    send: '获取验证码',
    resend: '{n} 秒后重新获取',
    sent: '验证码已发送，10 分钟内有效',
    code: '验证码',
    codeHint: '6 位数字',
    password: '新密码',
    passwordHint: '至少 8 个字符',
    confirm: '确认新密码',
    submit: '重设密码并登录',
    done: '密码已重设',
  },
};
