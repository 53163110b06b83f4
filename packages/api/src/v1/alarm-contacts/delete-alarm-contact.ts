import { ApiError } from '../api-error.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { emptyResponse } from '../http/responses.js';

/** DELETE /api/v1/alarm-contacts/{id}: the next alarm is no longer sent to that number. */
export const deleteAlarmContact = endpoint(contract.deleteAlarmContact, async ({ deps, params, log }) => {
  const id = params['id'] ?? '';
  const deleted = await deps.prisma.alarmContact.deleteMany({ where: { id: BigInt(id) } });
  if (deleted.count === 0) throw ApiError.notFound('alarm contact', id);
  log.info({ alarmContact: id }, 'alarm contact removed');
  return emptyResponse(204);
});
