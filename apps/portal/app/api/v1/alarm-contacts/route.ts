import { createAlarmContact, listAlarmContacts, sharedApiDeps } from '@smshub/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = (request: Request) => createAlarmContact(request, sharedApiDeps());
export const GET = (request: Request) => listAlarmContacts(request, sharedApiDeps());
