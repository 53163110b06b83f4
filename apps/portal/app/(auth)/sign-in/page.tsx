import { redirect } from 'next/navigation';
import { currentPrincipal } from '../../../src/auth/principal';
import { SignInForm } from './sign-in-form';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only paths of this site: never an open redirect to another origin.
  const target =
    typeof callbackUrl === 'string' && callbackUrl.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/';
  if ((await currentPrincipal()) !== null) redirect(target);
  return <SignInForm callbackUrl={target} />;
}
