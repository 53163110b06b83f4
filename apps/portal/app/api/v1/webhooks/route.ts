import { createWebhook, listWebhooks, sharedApiDeps } from '@smshub/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = (request: Request) => createWebhook(request, sharedApiDeps());
export const GET = (request: Request) => listWebhooks(request, sharedApiDeps());
