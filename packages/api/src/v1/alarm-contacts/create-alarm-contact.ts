import { Prisma } from '@smshub/db';
import { ApiError } from '../api-error.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { parseInput } from '../http/parse-input.js';
import { readJsonBody } from '../http/read-json-body.js';
import { jsonResponse } from '../http/responses.js';
import { CreateAlarmContactRequest } from '../schemas.js';
import { alarmContactResource } from './alarm-contact-resource.js';

/** A name and a phone number. */
const MAX_CONTACT_BODY_BYTES = 16 * 1024;

/**
 * POST /api/v1/alarm-contacts: the schema has already turned the number into its stored form, so
 * "+86 138 0013 8000" and "13800138000" are the same contact; the unique index on the stored
 * number decides a race between two requests adding it.
 */
export const createAlarmContact = endpoint(contract.createAlarmContact, async ({ request, deps, log }) => {
  const input = parseInput(CreateAlarmContactRequest, await readJsonBody(request, MAX_CONTACT_BODY_BYTES), 'body');
  try {
    const created = await deps.prisma.alarmContact.create({ data: { name: input.name, phone: input.phone } });
    log.info({ alarmContact: String(created.id) }, 'alarm contact added');
    return jsonResponse(201, alarmContactResource(created));
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error;
    const existing = await deps.prisma.alarmContact.findUnique({
      where: { phone: input.phone },
      select: { id: true, name: true },
    });
    throw new ApiError(
      'already_exists',
      `${input.phone} is already an alarm contact${existing === null ? '' : ` (${existing.name}, id ${existing.id})`}`,
      {
        phone: input.phone,
        id: existing === null ? null : String(existing.id),
      },
    );
  }
});
