import { ResetPasswordForm } from './reset-password-form';

export default function ResetPasswordPage() {
  return <ResetPasswordForm />;
}
