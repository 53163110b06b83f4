import { listLedgerEndpoint, sharedApiDeps } from '@smshub/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = (request: Request) => listLedgerEndpoint(request, sharedApiDeps());
