import NextAuth from 'next-auth';
import { authOptions } from '../../../../src/auth/options';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const handler = NextAuth(authOptions) as (request: Request, context: unknown) => Promise<Response>;
export { handler as GET, handler as POST };
