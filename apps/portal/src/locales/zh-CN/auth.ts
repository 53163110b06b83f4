/** Strings of sign-in, sign-up and password reset (zh-CN, the source). */
export default {
  signInTitle: '登录控制台',
  login: '邮箱或手机号',
  loginPlaceholder: '例如 admin@example.com 或 13800138000',
  loginRequired: '请输入邮箱或手机号',
  password: '密码',
  passwordRequired: '请输入密码',
  signIn: '登录',
  toSignUp: '企业注册',
  forgotPassword: '忘记密码？',
} as const;
