/** Menu labels, one per console route (src/console/routes.ts `key`). */
export default {
  home: '首页',
  messages: '短信记录',
  orgs: '组织机构',
  users: '用户管理',
  apiKeys: 'API 密钥',
  developer: '开发者文档',
  billing: '账户概览',
  billingRecharge: '充值',
  billingLedger: '收支明细',
  billingPrices: '资费',
  billingStatements: '月度账单',
  billingInvoices: '发票',
  audit: '操作日志',
  signups: '注册审核',
  account: '个人中心',
} as const;
