import { deleteWebhook, sharedApiDeps } from '@smshub/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const DELETE = (request: Request) => deleteWebhook(request, sharedApiDeps());
