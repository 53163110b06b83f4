import { SignUpForm } from './sign-up-form';

export default function SignUpPage() {
  return <SignUpForm />;
}
