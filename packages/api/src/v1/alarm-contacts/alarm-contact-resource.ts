import type { AlarmContact as AlarmContactRow } from '@smshub/db';
import type { AlarmContact } from '../schemas.js';

export function alarmContactResource(contact: AlarmContactRow): AlarmContact {
  return {
    id: String(contact.id),
    name: contact.name,
    phone: contact.phone,
    enabled: contact.enabled,
    created_at: contact.createdAt.toISOString(),
  };
}
