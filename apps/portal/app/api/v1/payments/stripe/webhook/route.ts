import { sharedApiDeps, stripeWebhook } from '@smshub/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// The body is read as bytes by the handler (the signature is over them); Next does not parse it.
export const POST = (request: Request) => stripeWebhook(request, sharedApiDeps());
