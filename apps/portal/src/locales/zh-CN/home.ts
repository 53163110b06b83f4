/** Strings of the home area (zh-CN, the source). */
export default {
  balance: '账户余额',
  reserved: '冻结 {amount}',
  todayMessages: '今日发送（北京时间）',
  todayFinal: '已有结果 {count} 条',
  successRate: '今日成功率',
  successRateHint: '成功送达 ÷ 已有结果',
  recentCampaigns: '最近的发送批次',
  noCampaigns: '还没有发送过短信',
  campaignSummary: '{recipients} 个号码 · 成功 {delivered} · 失败 {failed}',
  alarms: '通道告警（最近 24 小时未恢复）',
  noAlarms: '没有未恢复的告警',
  alarmKind: {
    channel_down: '通道中断',
    channel_up: '通道恢复',
    carrier_unreachable: '运营商不可达',
    carrier_reachable: '运营商恢复',
  },
  campaignStatus: {
    draft: '草稿',
    scheduled: '已排期',
    sending: '发送中',
    completed: '已完成',
    canceled: '已取消',
    pending_review: '待审核',
  },
} as const;
