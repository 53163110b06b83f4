import {
  ApiError,
  endSession,
  sharedApiDeps,
  signInWithCode,
  signInWithDirectory,
  signInWithPassword,
} from '@smshub/api';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { clientOfHeaders } from './client';

type Credentials = Record<string, string> | undefined;
type SignInRequest = { headers?: Readonly<Record<string, string | string[] | undefined>> };

/** One sign-in method as a next-auth credentials provider: its refusal code becomes `error`. */
function method(
  id: string,
  fields: readonly string[],
  run: (credentials: Record<string, string>, request: SignInRequest) => Promise<{ sessionId: string }>,
) {
  return CredentialsProvider({
    id,
    name: id,
    credentials: Object.fromEntries(fields.map((field) => [field, { type: 'text' }])),
    async authorize(credentials: Credentials, request: SignInRequest) {
      const given = Object.fromEntries(fields.map((field) => [field, credentials?.[field] ?? '']));
      try {
        const { sessionId } = await run(given, request);
        return { id: sessionId };
      } catch (error) {
        if (error instanceof ApiError) throw new Error(error.code);
        throw error;
      }
    },
  });
}

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
    method('sms', ['phone', 'code'], (c, request) =>
      signInWithCode(
        sharedApiDeps(),
        { phone: c['phone'] ?? '', code: c['code'] ?? '' },
        clientOfHeaders(request.headers ?? {}),
      ),
    ),
    method('directory', ['org', 'login', 'password'], (c, request) =>
      signInWithDirectory(
        sharedApiDeps(),
        { org: c['org'] ?? '', login: c['login'] ?? '', password: c['password'] ?? '' },
        clientOfHeaders(request.headers ?? {}),
      ),
    ),
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
