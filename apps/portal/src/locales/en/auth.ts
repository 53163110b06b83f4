import type { Mirror } from '../mirror';
import type zh from '../zh-CN/auth';

export default {
  signInTitle: 'Sign in to the console',
  login: 'E-mail or mobile number',
  loginPlaceholder: 'e.g. admin@example.com or 13800138000',
  loginRequired: 'Enter your e-mail or mobile number',
  password: 'Password',
  passwordRequired: 'Enter your password',
  signIn: 'Sign in',
  toSignUp: 'Sign up your organisation',
  forgotPassword: 'Forgot your password?',
} as const satisfies Mirror<typeof zh>;
