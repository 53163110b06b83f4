import { getCampaign, sharedApiDeps } from '@smshub/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = (request: Request) => getCampaign(request, sharedApiDeps());
