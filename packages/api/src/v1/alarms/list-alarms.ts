import { listAlarms as listAlarmRows } from '@smshub/db';
import { contract } from '../contract.js';
import { decodeIdCursor, encodeIdCursor } from '../http/cursor.js';
import { endpoint } from '../http/endpoint.js';
import { parseInput, queryObject } from '../http/parse-input.js';
import { jsonResponse } from '../http/responses.js';
import { ListAlarmsQuery, type AlarmList } from '../schemas.js';
import { alarmResource } from './alarm-resource.js';

/**
 * GET /api/v1/alarms?cursor=&limit=: channel and carrier alarms, newest first. Ids grow with
 * raising time, so the page is keyed on the id alone and stays stable while new alarms arrive.
 */
export const listAlarms = endpoint(contract.listAlarms, async ({ request, deps }) => {
  const query = parseInput(ListAlarmsQuery, queryObject(request), 'query');
  // One row more than the page tells whether another page follows.
  const rows = await listAlarmRows(deps.pool, {
    limit: query.limit + 1,
    ...(query.cursor === undefined ? {} : { before: decodeIdCursor(query.cursor) }),
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const body: AlarmList = {
    data: page.map(alarmResource),
    next_cursor: rows.length > query.limit && last !== undefined ? encodeIdCursor(last.id) : null,
  };
  return jsonResponse(200, body);
});
