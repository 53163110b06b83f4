import { listChannels, sharedApiDeps } from '@smshub/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = (request: Request) => listChannels(request, sharedApiDeps());
