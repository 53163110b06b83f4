import { deleteAlarmContact, sharedApiDeps } from '@smshub/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const DELETE = (request: Request) => deleteAlarmContact(request, sharedApiDeps());
