import { listMessages, sendMessages, sharedApiDeps } from '@smshub/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = (request: Request) => sendMessages(request, sharedApiDeps());
export const GET = (request: Request) => listMessages(request, sharedApiDeps());
