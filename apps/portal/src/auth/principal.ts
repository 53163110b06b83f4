import { principalOfSession, sharedApiDeps, type Principal } from '@smshub/api';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { cache } from 'react';
import { authOptions } from './options';
import { clientOfHeaders } from './client';

/** The signed-in principal of this request, or null; read once per request. */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await getServerSession(authOptions);
  const sid = (session as { sid?: string | null } | null)?.sid;
  if (typeof sid !== 'string') return null;
  return principalOfSession(sharedApiDeps(), sid, clientOfHeaders(await headers()));
});
