import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/index.js';
import { decodeIdCursor, decodePositionCursor, encodeIdCursor, encodePositionCursor } from '../src/v1/http/cursor.js';
import { pathParams } from '../src/v1/http/path-params.js';
import { requestHash } from '../src/v1/messages/request-hash.js';
import { sendResult } from '../src/v1/messages/send-result.js';

/** The pure pieces of request handling, case by case. */
describe('pathParams', () => {
  const cases: [template: string, pathname: string, expected: Record<string, string> | null][] = [
    ['/api/v1/messages/{id}', '/api/v1/messages/42', { id: '42' }],
    ['/api/v1/messages/{id}', '/api/v1/messages/42/', { id: '42' }],
    ['/api/v1/messages/{id}', '/portal/api/v1/messages/42', { id: '42' }],
    ['/api/v1/webhooks/{id}/deliveries', '/api/v1/webhooks/7/deliveries', { id: '7' }],
    ['/api/v1/webhooks/{id}/deliveries', '/api/v1/webhooks/7/attempts', null],
    ['/api/v1/messages/{id}', '/api/v1/campaigns/42', null],
    ['/api/v1/messages/{id}', '/42', null],
    ['/api/v1/messages/{id}', '/api/v1/messages/%E4%BD%A0', { id: '你' }],
    ['/api/v1/messages/{id}', '/api/v1/messages/%E4', null],
  ];
  it.each(cases)('%s ← %s', (template, pathname, expected) => {
    expect(pathParams(template, pathname)).toEqual(expected);
  });
});

describe('cursors', () => {
  it('round-trip a position and an id', () => {
    const position = { createdAt: new Date('2026-11-21T08:30:00.123Z'), id: 9_223_372_036_854_775_807n };
    expect(decodePositionCursor(encodePositionCursor(position))).toEqual(position);
    expect(decodeIdCursor(encodeIdCursor(42n))).toBe(42n);
  });

  const bad = [
    '',
    '!!!',
    Buffer.from('1.2.3').toString('base64url'),
    Buffer.from('x.1').toString('base64url'),
    Buffer.from('1.-2').toString('base64url'),
    Buffer.from('1.9223372036854775808').toString('base64url'),
  ];
  it.each(bad)('refuses %j with invalid_cursor', (cursor) => {
    expect(() => decodePositionCursor(cursor)).toThrow(ApiError);
    expect(() => decodePositionCursor(cursor)).toThrow(/pass next_cursor from the previous page unchanged/);
  });
});

describe('requestHash', () => {
  const base = { business_type: 'notification', to: ['13800138000'], text: 'hi' };
  const hash = requestHash(base);

  it('ignores client_ref, key order and how an instant is spelled', () => {
    expect(requestHash({ ...base, client_ref: 'a' })).toBe(hash);
    expect(requestHash({ text: 'hi', to: ['13800138000'], business_type: 'notification' })).toBe(hash);
    expect(requestHash({ ...base, send_at: '2026-11-22T09:00:00+08:00' })).toBe(
      requestHash({ ...base, send_at: '2026-11-22T01:00:00.000Z' }),
    );
  });

  const changes = [
    { ...base, text: 'hi!' },
    { ...base, to: ['13800138001'] },
    { ...base, to: ['13800138000', '13800138000'] },
    { ...base, business_type: 'marketing' },
    { ...base, send_at: '2026-11-22T09:00:00+08:00' },
    { ...base, extension: '1' },
    { business_type: 'notification', messages: [{ to: '13800138000', text: 'hi' }] },
  ];
  it.each(changes)('changes with %j', (changed) => {
    expect(requestHash(changed)).not.toBe(hash);
  });
});

describe('sendResult', () => {
  const accepted = (id: bigint, recipient: string) => ({
    id,
    recipient,
    carrierCode: 'CMCC',
    encoding: 'ucs2',
    segmentCount: 2,
    price: 70n,
  });
  const rejection = (index: number) => ({ index, to: `bad${index}`, reason: 'invalid_number', message: 'no' });

  it('puts rejections at their positions and accepted messages, in id order, in the others', () => {
    const result = sendResult({
      campaignId: 5n,
      clientRef: null,
      businessType: 'notification',
      sendAt: new Date('2026-01-01T00:00:00Z'),
      recipientCount: 5,
      rejections: [rejection(0), rejection(3)],
      accepted: [accepted(10n, '13800000001'), accepted(11n, '13800000002'), accepted(12n, '13800000003')],
    });
    expect(result.results.map((r) => (r.status === 'accepted' ? r.message_id : r.to))).toEqual([
      'bad0',
      '10',
      '11',
      'bad3',
      '12',
    ]);
    expect(result.results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(result).toMatchObject({
      accepted: 3,
      rejected: 2,
      segments: 6,
      amount: '0.210',
      amount_li: 210,
      send_at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('refuses to invent results when the stored call does not add up', () => {
    expect(() =>
      sendResult({
        campaignId: 5n,
        clientRef: 'x',
        businessType: 'n',
        sendAt: new Date(),
        recipientCount: 3,
        rejections: [rejection(0)],
        accepted: [accepted(1n, '1')],
      }),
    ).toThrow(/campaign 5: 3 recipients/);
  });
});
