import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { jsonResponse } from '../http/responses.js';
import type { AlarmContactList } from '../schemas.js';
import { alarmContactResource } from './alarm-contact-resource.js';

/** GET /api/v1/alarm-contacts: every operator alarms are sent to (a handful), oldest first. */
export const listAlarmContacts = endpoint(contract.listAlarmContacts, async ({ deps }) => {
  const contacts = await deps.prisma.alarmContact.findMany({ orderBy: { id: 'asc' } });
  const body: AlarmContactList = { data: contacts.map(alarmContactResource) };
  return jsonResponse(200, body);
});
