import { operatorSms } from '@smshub/core';
import { raiseAlarm } from '@smshub/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmList, listAlarms } from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';

describe('GET /api/v1/alarms', () => {
  let fx: ApiFixture;
  let key: string;
  beforeAll(async () => {
    fx = await createApiFixture();
    key = await fx.key(fx.platform.id, { scopes: ['operations'] });
  });
  afterAll(() => fx?.close());

  const list = (query = '') => fx.call(listAlarms, { path: `/api/v1/alarms${query}`, key });
  const page = async (query = '') => {
    const response = await list(query);
    expect(response.status).toBe(200);
    return AlarmList.parse(response.body);
  };

  it('is an empty page before any alarm', async () => {
    expect(await page()).toEqual({ data: [], next_cursor: null });
  });

  describe('with alarms', () => {
    let channelId: bigint;
    /** Reasons, oldest first. */
    const reasons = ['down 1', 'up 1', 'unreachable', 'down 2', 'reachable', 'down 3'];

    beforeAll(async () => {
      const channel = await fx.channel({ name: 'cmcc-cmpp-bj' });
      channelId = channel.id;
      const base = Date.parse('2026-11-21T08:00:00.000Z');
      for (const [i, reason] of reasons.entries()) {
        const carrierAlarm = reason.includes('reachable');
        await fx.prisma.channelAlarm.create({
          data: {
            kind: reason.startsWith('down')
              ? 'channel_down'
              : reason.startsWith('up')
                ? 'channel_up'
                : reason === 'unreachable'
                  ? 'carrier_unreachable'
                  : 'carrier_reachable',
            channelId: carrierAlarm ? null : channelId,
            carrierCode: carrierAlarm ? 'CMCC' : null,
            reason,
            raisedAt: new Date(base + i * 60_000),
          },
        });
      }
      // The newest one the way the workers raise them.
      await raiseAlarm(
        fx.pool,
        { kind: 'carrier_unreachable', channelId: null, carrierCode: 'CTCC', reason: 'every CTCC channel is down' },
        operatorSms,
      );
    });

    it('shows each alarm, newest first: kind, the channel or the carrier, reason, time', async () => {
      const alarms = await page();
      expect(alarms.next_cursor).toBeNull();
      expect(alarms.data.map((alarm) => alarm.reason)).toEqual([
        'every CTCC channel is down',
        ...[...reasons].reverse(),
      ]);
      expect(alarms.data[0]).toMatchObject({ kind: 'carrier_unreachable', channel: null, carrier: 'CTCC' });
      expect(Date.now() - Date.parse(alarms.data[0]?.raised_at ?? '')).toBeLessThan(60_000);
      expect(alarms.data[1]).toEqual({
        id: expect.stringMatching(/^[1-9][0-9]*$/),
        kind: 'channel_down',
        channel: { id: String(channelId), name: 'cmcc-cmpp-bj' },
        carrier: null,
        reason: 'down 3',
        raised_at: '2026-11-21T08:05:00.000Z',
      });
      expect(alarms.data[2]).toMatchObject({
        kind: 'carrier_reachable',
        channel: null,
        carrier: 'CMCC',
        raised_at: '2026-11-21T08:04:00.000Z',
      });
      expect(alarms.data[5]).toMatchObject({ kind: 'channel_up', channel: { name: 'cmcc-cmpp-bj' }, reason: 'up 1' });
    });

    it('pages with a cursor, never skipping or repeating an alarm, while new ones arrive', async () => {
      const all = (await page()).data.map((alarm) => alarm.id);
      const seen: string[] = [];
      const pageSizes: number[] = [];
      let cursor: string | null = null;
      do {
        const next: AlarmList = await page(`?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
        seen.push(...next.data.map((alarm) => alarm.id));
        pageSizes.push(next.data.length);
        cursor = next.next_cursor;
        // Raised after the first page: it belongs before it, not in the pages that follow.
        if (pageSizes.length === 1)
          await raiseAlarm(
            fx.pool,
            { kind: 'channel_down', channelId, carrierCode: null, reason: 'late' },
            operatorSms,
          );
      } while (cursor !== null);
      expect(seen).toEqual(all);
      expect(pageSizes).toEqual([2, 2, 2, 1]);
      expect((await page('?limit=1')).data[0]?.reason).toBe('late');
    });

    it('gives no cursor when the page ends exactly at the last alarm', async () => {
      const count = (await page()).data.length;
      expect((await page(`?limit=${count}`)).next_cursor).toBeNull();
      expect((await page(`?limit=${count - 1}`)).next_cursor).not.toBeNull();
    });

    const invalid = [
      { name: 'a cursor it did not give out', query: '?cursor=bm90LWFuLWlk', code: 'invalid_cursor' },
      { name: 'limit 0', query: '?limit=0', code: 'validation_error' },
      { name: 'limit 501', query: '?limit=501', code: 'validation_error' },
      { name: 'a limit that is not a number', query: '?limit=ten', code: 'validation_error' },
      { name: 'an unknown parameter', query: '?kind=channel_down', code: 'validation_error' },
      { name: 'a repeated parameter', query: '?limit=1&limit=2', code: 'validation_error' },
    ];
    it.each(invalid)('refuses $name with 400 $code', async ({ query, code }) => {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe(code);
    });
  });
});
