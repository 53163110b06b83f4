import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from '../src/signature.js';

// Known answers computed outside this code base, with
//   printf '%s' '<t>.<body>' | openssl dgst -sha256 -hmac '<secret>'
// (and checked with Python's hmac module): HMAC-SHA256(secret, "<t>.<raw body>") as lower hex.
const T = 1767225600; // 2026-01-01T00:00:00Z
const BODY =
  '{"id":"42","event":"message.status","created_at":"2026-01-01T00:00:00.000Z","data":{"message_id":"7","status":"delivered"}}';
const knownAnswers = [
  {
    name: 'ASCII secret and body',
    secret: 'whsec_3f9a1c',
    body: BODY,
    header: 't=1767225600,v1=bb5946a39b7ccb2909125d4106cb860048bd2eb3459dbc42bf093dbab44086e4',
  },
  {
    name: 'UTF-8 secret and body',
    secret: '密钥',
    body: '{"text":"退订"}',
    header: 't=1767225600,v1=2ab48d4e6fb5767179df3b3c318cba8101050e345b530bd69c473633e263946f',
  },
  {
    name: 'the example in README.md',
    secret: 'whsec_example',
    body: '{"id":"1234","event":"mo.received","created_at":"2026-01-01T00:00:00.000Z","data":{"id":"77","to":"106900018001","from":"13900139000","text":"TD","org_id":"5","keyword":"TD","received_at":"2026-01-01T00:00:00.000Z"}}',
    header: 't=1767225600,v1=122f14a55dc6d785b95d51a0a571961a32668e2c7befb2a7bdb602b102925ee4',
  },
];

/** The scheme written out again with node:crypto alone, as a customer would. */
function independentHeader(secret: string, body: Buffer, t: number): string {
  const mac = createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${t}.`), body]))
    .digest('hex');
  return `t=${t},v1=${mac}`;
}

const at = (seconds: number) => new Date(seconds * 1000);

describe('signWebhookBody', () => {
  it.each(knownAnswers)('matches the known answer: $name', ({ secret, body, header }) => {
    expect(signWebhookBody(secret, body, T)).toBe(header);
    expect(signWebhookBody(secret, Buffer.from(body, 'utf8'), T)).toBe(header);
  });

  it('agrees with an independent node:crypto implementation on any secret, body and time', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.uint8Array(),
        fc.integer({ min: 0, max: 4_102_444_800 }),
        (secret, bytes, t) => {
          const body = Buffer.from(bytes);
          expect(signWebhookBody(secret, body, t)).toBe(independentHeader(secret, body, t));
        },
      ),
    );
  });

  it.each([-1, 1.5, Number.NaN])('refuses timestamp %s', (t) => {
    expect(() => signWebhookBody('s', 'b', t)).toThrow(/not whole non-negative seconds/);
  });
});

describe('verifyWebhookSignature', () => {
  const { secret, body, header } = knownAnswers[0]!;
  const v1 = header.slice(header.indexOf('v1='));

  it.each(knownAnswers)('accepts the known answer: $name', (vector) => {
    expect(verifyWebhookSignature(vector.secret, vector.header, vector.body, { now: at(T) })).toStrictEqual({
      valid: true,
      timestampSeconds: T,
    });
  });

  const rejected: {
    name: string;
    secret?: string;
    header: string | null | undefined;
    body?: string;
    now?: number;
    tolerance?: number;
    reason: string;
  }[] = [
    { name: 'a tampered body', header, body: BODY.replace('delivered', 'undelivered'), reason: 'signature-mismatch' },
    { name: 'one byte more', header, body: `${BODY} `, reason: 'signature-mismatch' },
    { name: 'the wrong secret', secret: 'whsec_3f9a1d', header, reason: 'signature-mismatch' },
    {
      name: 'a changed timestamp (signed with the body)',
      header: `t=${T + 1},${v1}`,
      now: T,
      reason: 'signature-mismatch',
    },
    { name: 'a timestamp 301 s old', header, now: T + 301, reason: 'timestamp-outside-tolerance' },
    { name: 'a timestamp 301 s ahead', header, now: T - 301, reason: 'timestamp-outside-tolerance' },
    {
      name: 'a timestamp 11 s old with a 10 s tolerance',
      header,
      now: T + 11,
      tolerance: 10,
      reason: 'timestamp-outside-tolerance',
    },
    { name: 'no header', header: undefined, reason: 'malformed-header' },
    { name: 'a null header', header: null, reason: 'malformed-header' },
    { name: 'an empty header', header: '', reason: 'malformed-header' },
    { name: 'no timestamp', header: v1, reason: 'malformed-header' },
    { name: 'no v1', header: `t=${T}`, reason: 'malformed-header' },
    { name: 'two timestamps', header: `t=${T},t=${T},${v1}`, reason: 'malformed-header' },
    { name: 'a non-numeric timestamp', header: `t=12a4,${v1}`, reason: 'malformed-header' },
    { name: 'a negative timestamp', header: `t=-5,${v1}`, reason: 'malformed-header' },
    { name: 'a short v1', header: `t=${T},v1=bb5946a3`, reason: 'malformed-header' },
    { name: 'upper-case hex', header: `t=${T},${v1.toUpperCase().replace('V1', 'v1')}`, reason: 'malformed-header' },
    { name: 'a part without =', header: `t=${T},${v1},junk`, reason: 'malformed-header' },
  ];
  it.each(rejected)('rejects $name', (row) => {
    const check = verifyWebhookSignature(row.secret ?? secret, row.header, row.body ?? body, {
      now: at(row.now ?? T),
      ...(row.tolerance === undefined ? {} : { toleranceSeconds: row.tolerance }),
    });
    expect(check).toStrictEqual({ valid: false, reason: row.reason });
  });

  const accepted = [
    { name: 'exactly 300 s old', header, now: T + 300 },
    { name: 'exactly 300 s ahead', header, now: T - 300 },
    { name: 'a second v1 for a rolled secret', header: `t=${T},v1=${'0'.repeat(64)},${v1}`, now: T },
    { name: 'an unknown scheme beside v1', header: `t=${T},v0=abc,${v1}`, now: T },
    { name: 'spaces after the commas', header: `t=${T}, ${v1}`, now: T },
  ];
  it.each(accepted)('accepts $name', (row) => {
    expect(verifyWebhookSignature(secret, row.header, body, { now: at(row.now) }).valid).toBe(true);
  });

  it('accepts what signWebhookBody makes and rejects any single flipped body byte', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.uint8Array({ minLength: 1 }), fc.nat(), (key, bytes, position) => {
        const bodyBytes = Buffer.from(bytes);
        const signed = signWebhookBody(key, bodyBytes, T);
        expect(verifyWebhookSignature(key, signed, bodyBytes, { now: at(T) }).valid).toBe(true);
        const tampered = Buffer.from(bodyBytes);
        const index = position % tampered.length;
        tampered[index] = tampered[index]! ^ 0x01;
        expect(verifyWebhookSignature(key, signed, tampered, { now: at(T) })).toStrictEqual({
          valid: false,
          reason: 'signature-mismatch',
        });
      }),
    );
  });

  it('uses the current time when none is given', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(verifyWebhookSignature('k', signWebhookBody('k', 'x', now), 'x').valid).toBe(true);
    expect(verifyWebhookSignature('k', signWebhookBody('k', 'x', now - 3600), 'x')).toStrictEqual({
      valid: false,
      reason: 'timestamp-outside-tolerance',
    });
  });
});
