import { ApiError, endSession, sharedApiDeps, signInWithPassword } from '@smshub/api';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { clientOfHeaders } from './client';

/**
 * next-auth keeps only our session id in its signed cookie (JWT strategy): the user_sessions row
 * is the truth, read on every request (principalOfSession), so ending a session ends it at once
 * in every portal process, and the console can list and end sessions.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/sign-in' },
  secret: process.env['NEXTAUTH_SECRET'] ?? process.env['AUTH_SECRET'],
  useSecureCookies: process.env['NODE_ENV'] === 'production' && process.env['SMSHUB_INSECURE_COOKIES'] !== '1',
  providers: [
    CredentialsProvider({
      id: 'password',
      name: 'password',
      credentials: { login: { type: 'text' }, password: { type: 'password' } },
      async authorize(credentials, request) {
        try {
          const { sessionId } = await signInWithPassword(
            sharedApiDeps(),
            { login: credentials?.login ?? '', password: credentials?.password ?? '' },
            clientOfHeaders(request.headers ?? {}),
          );
          return { id: sessionId };
        } catch (error) {
          // next-auth passes the message to the sign-in page as `error`: the code, translated there.
          if (error instanceof ApiError) throw new Error(error.code);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user !== undefined) token['sid'] = user.id;
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: typeof token['sid'] === 'string' ? token['sid'] : null };
    },
  },
  events: {
    async signOut({ token }) {
      const sid = token['sid'];
      if (typeof sid === 'string') await endSession(sharedApiDeps(), sid);
    },
  },
};
