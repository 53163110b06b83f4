import { jobPriority, type DispatchJob } from '@smshub/queue';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendMessagesResponse, sendMessages } from '../src/index.js';
import { createApiFixture, errorOf, storedRows, type ApiFixture } from './api-fixture.js';

const CHINESE_70 = '【测试】'.padEnd(70, '验');
const EMOJI_10000 = '😀'.repeat(10_000);

describe('POST /api/v1/messages', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await createApiFixture();
  });
  afterAll(() => fx?.close());
  beforeEach(() => {
    fx.clockOffsetMs = 0;
  });

  const send = (key: string, body: unknown) => fx.call(sendMessages, { path: '/api/v1/messages', key, body });
  const sender = async (options: Parameters<ApiFixture['org']>[0] = {}) => {
    const org = await fx.org(options);
    return { org, key: await fx.key(org.id) };
  };
  const jobsOf = async (messageIds: readonly string[]) => {
    const wanted = new Set(messageIds);
    const jobs = await fx.queue.getJobs(['prioritized', 'waiting', 'delayed']);
    return jobs.filter((job) => (job.data as DispatchJob).ids.some((id) => wanted.has(id)));
  };

  describe('accepting', () => {
    it('one text to many recipients: stored as given, charged per segment, answered per recipient', async () => {
      const { org, key } = await sender({ balance: 1_000n, extensionCode: '7301' });
      const text = '【测试】您的验证码是 583920。';
      const response = await send(key, {
        business_type: 'verification',
        to: ['13800138000', '+86 130-0013-0000', '008618900189000', '+447400123456'],
        text,
        client_ref: 'first',
        extension: '9',
      });
      expect(response.status).toBe(201);
      const body = SendMessagesResponse.parse(response.body);
      expect(body).toMatchObject({
        client_ref: 'first',
        business_type: 'verification',
        accepted: 4,
        rejected: 0,
        segments: 4,
        amount: '0.160',
        amount_li: 160,
      });
      expect(
        body.results.map((r) =>
          r.status === 'accepted' ? [r.index, r.to, r.carrier, r.encoding, r.segments, r.price, r.price_li] : r,
        ),
      ).toEqual([
        [0, '13800138000', 'CMCC', 'ucs2', 1, '0.040', 40],
        [1, '13000130000', 'CUCC', 'ucs2', 1, '0.040', 40],
        [2, '18900189000', 'CTCC', 'ucs2', 1, '0.040', 40],
        [3, '447400123456', 'INTL', 'ucs2', 1, '0.040', 40],
      ]);

      const messages = await fx.prisma.message.findMany({ where: { orgId: org.id }, orderBy: { id: 'asc' } });
      expect(messages.map((m) => String(m.id))).toEqual(
        body.results.map((r) => (r.status === 'accepted' ? r.message_id : null)),
      );
      const verification = fx.businessTypes.get('verification');
      for (const message of messages) {
        expect(message).toMatchObject({
          text,
          status: 'accepted',
          extension: '73019',
          businessTypeId: verification?.id,
          campaignId: BigInt(body.campaign_id),
        });
        expect(message.expiresAt.getTime() - message.sendAt.getTime()).toBe(
          (verification?.validitySeconds ?? 0) * 1000,
        );
      }
      const campaign = await fx.prisma.campaign.findUniqueOrThrow({ where: { id: BigInt(body.campaign_id) } });
      expect(campaign).toMatchObject({
        kind: 'api',
        clientRef: 'first',
        text,
        recipientCount: 4,
        segmentCount: 4,
        amount: 160n,
        status: 'sending',
      });
      expect(await fx.prisma.ledgerEntry.findMany({ where: { orgId: org.id } })).toEqual([
        expect.objectContaining({ kind: 'charge', amount: -160n, balanceAfter: 840n, campaignId: campaign.id }),
      ]);
      expect((await storedRows(fx.prisma, org.id)).balance).toBe(840n);
    });

    // Chinese carriers: UCS2 always, 70 a message, 67 a part. Abroad: GSM 7-bit when it fits (160/153).
    const segmentCases = [
      { name: '70 Chinese characters, China', to: '13800138000', text: CHINESE_70, encoding: 'ucs2', segments: 1 },
      {
        name: '71 Chinese characters, China',
        to: '13800138000',
        text: `${CHINESE_70}验`,
        encoding: 'ucs2',
        segments: 2,
      },
      {
        name: '134 characters, China (2 × 67)',
        to: '13800138000',
        text: 'a'.repeat(134),
        encoding: 'ucs2',
        segments: 2,
      },
      { name: '135 characters, China', to: '13800138000', text: 'a'.repeat(135), encoding: 'ucs2', segments: 3 },
      {
        name: '160 Latin letters, China: still UCS2',
        to: '13800138000',
        text: 'a'.repeat(160),
        encoding: 'ucs2',
        segments: 3,
      },
      { name: '160 Latin letters, abroad', to: '+447400123456', text: 'a'.repeat(160), encoding: 'gsm7', segments: 1 },
      {
        name: '161 Latin letters, abroad (153 a part)',
        to: '+447400123456',
        text: 'a'.repeat(161),
        encoding: 'gsm7',
        segments: 2,
      },
      {
        name: '80 € abroad: two septets each',
        to: '+447400123456',
        text: '€'.repeat(80),
        encoding: 'gsm7',
        segments: 1,
      },
      { name: 'Chinese abroad', to: '+447400123456', text: CHINESE_70, encoding: 'ucs2', segments: 1 },
    ] as const;
    it('measures each recipient’s text for its carrier', async () => {
      const { key } = await sender();
      const response = await send(key, {
        business_type: 'notification',
        messages: segmentCases.map(({ to, text }) => ({ to, text })),
      });
      expect(response.status).toBe(201);
      const body = SendMessagesResponse.parse(response.body);
      const got = body.results.map((r) =>
        r.status === 'accepted' ? { encoding: r.encoding, segments: r.segments, price_li: r.price_li } : r,
      );
      expect(got).toEqual(
        segmentCases.map((c) => ({ encoding: c.encoding, segments: c.segments, price_li: 35 * c.segments })),
      );
      const stored = await fx.prisma.message.findMany({
        where: { campaignId: BigInt(body.campaign_id) },
        orderBy: { id: 'asc' },
      });
      expect(stored.map((m) => [m.text, m.encoding, m.segmentCount, m.price])).toEqual(
        segmentCases.map((c) => [c.text, c.encoding, c.segments, BigInt(35 * c.segments)]),
      );
    });

    it('takes the carrier from the portability table over the number segment', async () => {
      const { key } = await sender();
      await fx.prisma.numberPortability.create({ data: { number: '13800000077', carrierCode: 'CTCC' } });
      const body = SendMessagesResponse.parse(
        (await send(key, { business_type: 'notification', to: ['13800000077', '13800000078'], text: 'hi' })).body,
      );
      expect(body.results.map((r) => (r.status === 'accepted' ? r.carrier : r.reason))).toEqual(['CTCC', 'CMCC']);
    });

    it('charges the org’s contract price over the list price', async () => {
      const { org, key } = await sender();
      await fx.prisma.orgPrice.create({
        data: { orgId: org.id, businessTypeId: fx.businessTypes.get('notification')?.id ?? 0n, pricePerSegment: 28n },
      });
      const body = SendMessagesResponse.parse(
        (await send(key, { business_type: 'notification', to: ['13800138000'], text: `${CHINESE_70}多` })).body,
      );
      expect(body).toMatchObject({ segments: 2, amount: '0.056', amount_li: 56 });
    });
  });

  describe('rejecting recipients', () => {
    const reasons = [
      { reason: 'invalid_number', to: '12345', text: 'hi', message: /11 digits/ },
      { reason: 'invalid_number', to: 'call me', text: 'hi', message: /unexpected/ },
      { reason: 'invalid_number', to: '+0123456789', text: 'hi', message: /country code/ },
      { reason: 'invalid_number', to: '', text: 'hi', message: /no number/ },
      // An unassigned country code is not charged (numbering plans from libphonenumber).
      { reason: 'invalid_number', to: '+999 1234 5678', text: 'hi', message: /no country calling code/ },
      { reason: 'invalid_number', to: '+44 7700 900123', text: 'hi', message: /no number range/ },
      { reason: 'unknown_carrier', to: '17490001234', text: 'hi', message: /no carrier/ },
      { reason: 'blacklisted', to: '13900000001', text: 'hi', message: /blacklist/ },
      { reason: 'empty_text', to: '13800138000', text: '', message: /empty/ },
      { reason: 'empty_text', to: '13800138000', text: ' \u3000\n', message: /empty/ },
      { reason: 'too_long', to: '13800138000', text: EMOJI_10000, message: /304 segments in ucs2/ },
      { reason: 'too_long', to: '+447400123456', text: EMOJI_10000, message: /304 segments/ },
    ] as const;

    it.each(reasons)('$reason: $to', async ({ reason, to, text, message }) => {
      const { org, key } = await sender();
      await fx.prisma.blacklistEntry.upsert({
        where: { number_orgId: { number: '13900000001', orgId: org.id } },
        create: { number: '13900000001', orgId: org.id },
        update: {},
      });
      const response = await send(key, {
        business_type: 'notification',
        messages: [
          { to: '13800138000', text: 'fine' },
          { to, text },
        ],
      });
      expect(response.status).toBe(201);
      const body = SendMessagesResponse.parse(response.body);
      expect(body).toMatchObject({ accepted: 1, rejected: 1, segments: 1, amount_li: 35 });
      const rejected = body.results[1];
      expect(rejected).toMatchObject({ index: 1, to, status: 'rejected', reason });
      expect(rejected?.status === 'rejected' ? rejected.message : '').toMatch(message);
      // Only the accepted one is a message; the campaign remembers both.
      expect(await storedRows(fx.prisma, org.id)).toMatchObject({ campaigns: 1, messages: 1, ledger: 1 });
      const campaign = await fx.prisma.campaign.findUniqueOrThrow({ where: { id: BigInt(body.campaign_id) } });
      expect(campaign.recipientCount).toBe(2);
      expect(campaign.rejections).toEqual([expect.objectContaining({ index: 1, to, reason })]);
    });

    it('applies blacklist entries of the platform, the org and its ancestors, not of siblings', async () => {
      const parent = await fx.org();
      const child = await fx.org({ parentId: parent.id });
      const sibling = await fx.org({ parentId: parent.id });
      await fx.prisma.blacklistEntry.createMany({
        data: [
          { number: '13900000011', orgId: null },
          { number: '13900000012', orgId: parent.id },
          { number: '13900000013', orgId: child.id },
          { number: '13900000014', orgId: sibling.id },
          { number: '447400123099', orgId: null },
          // An entry written in E.164 digits still catches the national form.
          { number: '8613900000015', orgId: null },
        ],
      });
      const key = await fx.key(child.id);
      const to = ['13900000011', '13900000012', '13900000013', '13900000014', '+447400123099', '13900000015'];
      const body = SendMessagesResponse.parse(
        (await send(key, { business_type: 'notification', to, text: 'hi' })).body,
      );
      expect(body.results.map((r) => (r.status === 'accepted' ? 'accepted' : r.reason))).toEqual([
        'blacklisted',
        'blacklisted',
        'blacklisted',
        'accepted',
        'blacklisted',
        'blacklisted',
      ]);
    });

    it('refuses a request whose every recipient is rejected with 422 and stores nothing', async () => {
      const { org, key } = await sender();
      const response = await send(key, {
        business_type: 'notification',
        to: ['123', '17490001234'],
        text: 'hi',
        client_ref: 'nothing',
      });
      expect(response.status).toBe(422);
      const error = errorOf(response);
      expect(error.code).toBe('all_recipients_rejected');
      expect(error.details?.['results']).toEqual([
        expect.objectContaining({ index: 0, reason: 'invalid_number' }),
        expect.objectContaining({ index: 1, reason: 'unknown_carrier' }),
      ]);
      expect(await storedRows(fx.prisma, org.id)).toEqual({
        campaigns: 0,
        messages: 0,
        ledger: 0,
        balance: org.balance,
      });
    });

    it('refuses an unknown or disabled business type with 400 and stores nothing', async () => {
      const { org, key } = await sender();
      await fx.prisma.businessType.create({
        data: {
          code: 'retired',
          name: 'retired',
          priority: 1,
          pricePerSegment: 1n,
          maxQueueWaitSeconds: 1,
          validitySeconds: 60,
          enabled: false,
        },
      });
      for (const business_type of ['nope', 'retired']) {
        const response = await send(key, { business_type, to: ['13800138000'], text: 'hi' });
        expect(response.status).toBe(400);
        expect(errorOf(response).code).toBe('unknown_business_type');
      }
      expect(await storedRows(fx.prisma, org.id)).toMatchObject({ campaigns: 0, messages: 0 });
    });
  });

  describe('balance', () => {
    it('refuses a prepaid request the balance cannot cover, whole, with 402, and stores nothing', async () => {
      const { org, key } = await sender({ balance: 79n });
      const response = await send(key, {
        business_type: 'verification',
        to: ['13800138000', '13800138001'],
        text: 'hi',
        client_ref: 'poor',
      });
      expect(response.status).toBe(402);
      const error = errorOf(response);
      expect(error).toMatchObject({
        code: 'insufficient_balance',
        details: { needed: '0.080', needed_li: 80, balance: '0.079', balance_li: 79 },
      });
      expect(error.message).toMatch(/0\.079 yuan does not cover 0\.080 yuan/);
      expect(await storedRows(fx.prisma, org.id)).toEqual({ campaigns: 0, messages: 0, ledger: 0, balance: 79n });
      // The client_ref is still free once the balance is topped up.
      await fx.prisma.org.update({ where: { id: org.id }, data: { balance: 80n } });
      const retry = await send(key, {
        business_type: 'verification',
        to: ['13800138000', '13800138001'],
        text: 'hi',
        client_ref: 'poor',
      });
      expect(retry.status).toBe(201);
      expect(await storedRows(fx.prisma, org.id)).toEqual({ campaigns: 1, messages: 2, ledger: 1, balance: 0n });
    });

    it('lets a postpaid org owe up to its credit limit, and no further', async () => {
      const { org, key } = await sender({ billingMode: 'postpaid', balance: 0n, creditLimit: 100n });
      expect(
        (await send(key, { business_type: 'verification', to: ['13800138000', '13800138001'], text: 'hi' })).status,
      ).toBe(201);
      const refused = await send(key, { business_type: 'verification', to: ['13800138000'], text: 'hi' });
      expect(refused.status).toBe(402);
      expect(errorOf(refused)).toMatchObject({
        code: 'credit_limit_exceeded',
        details: { balance_li: -80, needed_li: 40, credit_limit_li: 100 },
      });
      expect(await storedRows(fx.prisma, org.id)).toEqual({ campaigns: 1, messages: 2, ledger: 1, balance: -80n });
    });
  });

  describe('volume', () => {
    it('stores 10,000 recipients with the same statements as one: one multi-row INSERT', async () => {
      const { org, key } = await sender({ balance: 10_000_000n });
      const one = await countStatements(() =>
        send(key, { business_type: 'notification', to: ['13800138000'], text: 'hi' }),
      );
      const to = Array.from({ length: 10_000 }, (_, i) => `136${String(i).padStart(8, '0')}`);
      let response: Awaited<ReturnType<typeof send>> | undefined;
      const many = await countStatements(async () => {
        response = await send(key, { business_type: 'notification', to, text: 'hi' });
      });
      expect(response?.status).toBe(201);
      expect(SendMessagesResponse.parse(response?.body)).toMatchObject({ accepted: 10_000, amount_li: 350_000 });
      expect(many).toEqual(one);
      expect(many.filter((sql) => /INSERT INTO messages/.test(sql))).toHaveLength(1);
      expect(await storedRows(fx.prisma, org.id)).toMatchObject({
        campaigns: 2,
        messages: 10_001,
        ledger: 2,
        balance: 10_000_000n - 35n - 350_000n,
      });
    });

    /**
     * The SQL a call sends (first line of each, sorted: the reference lookups run side by side),
     * without the once-a-minute last_used_at write.
     */
    async function countStatements(run: () => Promise<unknown>): Promise<string[]> {
      fx.statements.length = 0;
      await run();
      return fx.statements
        .map((sql) => sql.trim().split('\n')[0] ?? '')
        .filter((sql) => !sql.startsWith('UPDATE api_keys'))
        .sort();
    }
  });

  describe('idempotency', () => {
    it('answers a repeated client_ref with the first result, 200 and Idempotent-Replayed, charging once', async () => {
      const { org, key } = await sender({ balance: 1_000n });
      const request = {
        business_type: 'notification',
        to: ['13800138000', 'bad', '+447400123456'],
        text: 'hello',
        client_ref: 'order-7',
      };
      const first = await send(key, request);
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const again = await send(key, request);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      // The same instant spelled another way, and a reordering of keys, is the same request.
      const respelled = await send(key, {
        text: 'hello',
        client_ref: 'order-7',
        to: request.to,
        business_type: 'notification',
      });
      expect(respelled.status).toBe(200);
      expect(await storedRows(fx.prisma, org.id)).toEqual({ campaigns: 1, messages: 2, ledger: 1, balance: 930n });
    });

    it('refuses a client_ref reused for a different request with 409', async () => {
      const { org, key } = await sender();
      const first = SendMessagesResponse.parse(
        (await send(key, { business_type: 'notification', to: ['13800138000'], text: 'a', client_ref: 'r' })).body,
      );
      const changes = [
        { business_type: 'notification', to: ['13800138000'], text: 'b', client_ref: 'r' },
        { business_type: 'notification', to: ['13800138001'], text: 'a', client_ref: 'r' },
        { business_type: 'verification', to: ['13800138000'], text: 'a', client_ref: 'r' },
        { business_type: 'notification', messages: [{ to: '13800138000', text: 'a' }], client_ref: 'r' },
        {
          business_type: 'notification',
          to: ['13800138000'],
          text: 'a',
          client_ref: 'r',
          send_at: new Date(Date.now() + 86_400_000).toISOString(),
        },
        { business_type: 'notification', to: ['13800138000'], text: 'a', client_ref: 'r', extension: '1' },
      ];
      for (const change of changes) {
        const response = await send(key, change);
        expect(response.status).toBe(409);
        expect(errorOf(response)).toMatchObject({
          code: 'client_ref_conflict',
          details: { campaign_id: first.campaign_id },
        });
      }
      expect(await storedRows(fx.prisma, org.id)).toMatchObject({ campaigns: 1, messages: 1 });
    });

    it('lets only one of concurrent duplicates store; the others get its result', async () => {
      const { org, key } = await sender({ balance: 1_000n });
      const request = {
        business_type: 'notification',
        to: ['13800138000', '13800138001'],
        text: 'race',
        client_ref: 'race',
      };
      const responses = await Promise.all(Array.from({ length: 6 }, () => send(key, request)));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      const bodies = responses.map((r) => SendMessagesResponse.parse(r.body));
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(await storedRows(fx.prisma, org.id)).toEqual({ campaigns: 1, messages: 2, ledger: 1, balance: 930n });
    });

    it('keeps client_refs apart per org', async () => {
      const a = await sender();
      const b = await sender();
      const request = { business_type: 'notification', to: ['13800138000'], text: 'x', client_ref: 'shared' };
      expect((await send(a.key, request)).status).toBe(201);
      expect((await send(b.key, request)).status).toBe(201);
    });
  });

  describe('scheduling and dispatch', () => {
    it('enqueues due messages after COMMIT, in jobs of 500, at the business type’s priority', async () => {
      const { key } = await sender({ balance: 10_000_000n });
      const seenCommitted: number[] = [];
      fx.enqueue = async (jobs, priority, prefix) => {
        // Another connection sees every message a job names: the transaction had committed.
        const ids = jobs.flatMap((job) => job.ids.map(BigInt));
        seenCommitted.push(await fx.prisma.message.count({ where: { id: { in: ids }, status: 'accepted' } }));
        await fx.queue.addBulk(
          jobs.map((data, i) => ({ name: data.reason, data, opts: { priority, jobId: `${prefix}-${i}` } })),
        );
      };
      try {
        const to = Array.from({ length: 1_200 }, (_, i) => `137${String(i).padStart(8, '0')}`);
        const body = SendMessagesResponse.parse(
          (await send(key, { business_type: 'verification', to, text: 'due' })).body,
        );
        const ids = body.results.map((r) => (r.status === 'accepted' ? r.message_id : ''));
        expect(seenCommitted).toEqual([1_200]);
        const jobs = await jobsOf(ids);
        expect(jobs.map((job) => (job.data as DispatchJob).ids.length).sort()).toEqual([200, 500, 500]);
        expect(jobs.flatMap((job) => (job.data as DispatchJob).ids).sort()).toEqual([...ids].sort());
        for (const job of jobs) {
          expect(job.data).toMatchObject({ reason: 'intake' });
          expect(job.opts.priority).toBe(jobPriority(fx.businessTypes.get('verification')?.priority ?? -1));
        }
      } finally {
        fx.enqueue = defaultEnqueue;
      }
    });

    it('stores future messages with their send_at and expiry and leaves them to the scheduler', async () => {
      const { key } = await sender();
      const sendAt = new Date(Date.now() + 3 * 86_400_000);
      const response = await send(key, {
        business_type: 'marketing',
        to: ['13800138000'],
        text: 'later',
        send_at: sendAt.toISOString().replace('Z', '+00:00'),
      });
      const body = SendMessagesResponse.parse(response.body);
      expect(body.send_at).toBe(sendAt.toISOString());
      const message = await fx.prisma.message.findFirstOrThrow({ where: { campaignId: BigInt(body.campaign_id) } });
      expect(message.sendAt).toEqual(sendAt);
      expect(message.expiresAt.getTime() - sendAt.getTime()).toBe(
        (fx.businessTypes.get('marketing')?.validitySeconds ?? 0) * 1000,
      );
      expect(await jobsOf(body.results.map((r) => (r.status === 'accepted' ? r.message_id : '')))).toEqual([]);
    });

    it('sends a past send_at now, and refuses one more than 30 days ahead', async () => {
      const { org, key } = await sender();
      const past = SendMessagesResponse.parse(
        (
          await send(key, {
            business_type: 'notification',
            to: ['13800138000'],
            text: 'late',
            send_at: '2020-01-01T08:00:00+08:00',
          })
        ).body,
      );
      expect(Math.abs(new Date(past.send_at).getTime() - Date.now())).toBeLessThan(60_000);
      expect(await jobsOf(past.results.map((r) => (r.status === 'accepted' ? r.message_id : '')))).toHaveLength(1);

      const far = await send(key, {
        business_type: 'notification',
        to: ['13800138000'],
        text: 'x',
        send_at: new Date(Date.now() + 31 * 86_400_000).toISOString(),
      });
      expect(far.status).toBe(400);
      expect(errorOf(far).message).toMatch(/send_at: at most 30 days ahead/);
      expect(await storedRows(fx.prisma, org.id)).toMatchObject({ campaigns: 1 });
    });

    it('still answers success when enqueueing fails after commit (the resume sweep sends them)', async () => {
      const { org, key } = await sender();
      fx.enqueue = () => Promise.reject(new Error('redis down'));
      try {
        const response = await send(key, { business_type: 'notification', to: ['13800138000'], text: 'stored anyway' });
        expect(response.status).toBe(201);
        expect(await fx.prisma.message.count({ where: { orgId: org.id, status: 'accepted' } })).toBe(1);
      } finally {
        fx.enqueue = defaultEnqueue;
      }
    });

    it('does not hold the answer while Redis does not answer', async () => {
      const { org, key } = await sender();
      fx.enqueue = () => new Promise(() => undefined);
      try {
        // Were the answer held until Redis answered, this would run into the test timeout.
        const response = await send(key, { business_type: 'notification', to: ['13800138000'], text: 'redis away' });
        expect(response.status).toBe(201);
        expect(await fx.prisma.message.count({ where: { orgId: org.id, status: 'accepted' } })).toBe(1);
      } finally {
        fx.enqueue = defaultEnqueue;
      }
    });

    let defaultEnqueue: ApiFixture['enqueue'];
    beforeAll(() => {
      defaultEnqueue = fx.enqueue;
    });
  });

  describe('concurrent requests', () => {
    it('share transactions and dispatch jobs; each answer has its own ids, in request order', async () => {
      const senders = await Promise.all([sender(), sender(), sender()]);
      const enqueues: { ids: string[]; priority: number; committed: number }[] = [];
      const defaultEnqueue = fx.enqueue;
      fx.enqueue = async (jobs, priority, prefix) => {
        const ids = jobs.flatMap((job) => [...job.ids]);
        // Another connection sees every message a job names: the transaction had committed.
        const committed = await fx.prisma.message.count({ where: { id: { in: ids.map(BigInt) } } });
        enqueues.push({ ids, priority, committed });
        await defaultEnqueue(jobs, priority, prefix);
      };
      const calls = Array.from({ length: 24 }, (_, i) => ({
        key: (senders[i % 3] as { key: string }).key,
        body: {
          business_type: i % 4 === 0 ? 'alarm' : 'verification',
          // Mostly one recipient, as integrators send; some calls more.
          to: Array.from({ length: i % 5 === 0 ? 3 : 1 }, (_, n) => `1390000${String(i * 10 + n).padStart(4, '0')}`),
          text: `【测试】验证码 ${i}`,
        },
      }));
      fx.statements.length = 0;
      let responses: Awaited<ReturnType<typeof send>>[];
      try {
        responses = await Promise.all(calls.map((call) => send(call.key, call.body)));
      } finally {
        fx.enqueue = defaultEnqueue;
      }
      expect(responses.map((r) => r.status)).toEqual(Array(24).fill(201));
      // Each call alone would be a transaction (and a COMMIT) of its own.
      const commits = fx.statements.filter((sql) => sql === 'COMMIT').length;
      expect(commits).toBeGreaterThan(0);
      expect(commits).toBeLessThan(calls.length / 2);

      const bodies = responses.map((r) => SendMessagesResponse.parse(r.body));
      const ids: string[] = [];
      for (const [i, body] of bodies.entries()) {
        const mine = body.results.map((r) => (r.status === 'accepted' ? r.message_id : ''));
        const stored = await fx.prisma.message.findMany({
          where: { campaignId: BigInt(body.campaign_id) },
          orderBy: { id: 'asc' },
        });
        expect(stored.map((m) => [String(m.id), m.recipient, m.text])).toEqual(
          calls[i]?.body.to.map((to, n) => [mine[n], to, calls[i]?.body.text]),
        );
        ids.push(...mine);
      }

      // Every due message in exactly one enqueue, at its type's priority, all after COMMIT.
      const enqueued = enqueues.flatMap((e) => e.ids);
      expect([...enqueued].sort()).toEqual([...ids].sort());
      expect(enqueues.every((e) => e.committed === e.ids.length)).toBe(true);
      const priorityOf = new Map(
        bodies.flatMap((body) =>
          body.results.map((r) => [
            r.status === 'accepted' ? r.message_id : '',
            jobPriority(fx.businessTypes.get(body.business_type)?.priority ?? -1),
          ]),
        ),
      );
      for (const e of enqueues) expect(new Set(e.ids.map((id) => priorityOf.get(id)))).toEqual(new Set([e.priority]));
      const jobs = await jobsOf(ids);
      expect(jobs.flatMap((job) => (job.data as DispatchJob).ids).sort()).toEqual([...ids].sort());
      expect(jobs.length).toBeLessThan(calls.length / 2);
    });

    it('refuse exactly the calls an org cannot pay for among its concurrent ones', async () => {
      const { org, key } = await sender({ balance: 80n });
      const responses = await Promise.all(
        Array.from({ length: 3 }, (_, i) =>
          send(key, { business_type: 'verification', to: [`1380000000${i}`], text: 'hi' }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 402]);
      const refused = responses.find((r) => r.status === 402);
      expect(refused === undefined ? undefined : errorOf(refused)).toMatchObject({
        code: 'insufficient_balance',
        details: { needed_li: 40, balance_li: 0 },
      });
      expect(await storedRows(fx.prisma, org.id)).toEqual({ campaigns: 2, messages: 2, ledger: 2, balance: 0n });
      const ledger = await fx.prisma.ledgerEntry.findMany({ where: { orgId: org.id }, orderBy: { id: 'asc' } });
      expect(ledger.map((entry) => [entry.amount, entry.balanceAfter])).toEqual([
        [-40n, 40n],
        [-40n, 0n],
      ]);
    });
  });
});
