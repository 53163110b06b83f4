import { quoteMessagesEndpoint, sharedApiDeps } from '@smshub/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = (request: Request) => quoteMessagesEndpoint(request, sharedApiDeps());
