import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addBarred,
  approveSignup,
  getSignup,
  getSignupLicence,
  listBarred,
  listSignups,
  MAX_LICENCE_BYTES,
  refuseSignup,
  removeBarred,
  sendCode,
  signUp,
  type Principal,
  type SignUpInput,
} from '../../src/index.js';
import { createApiFixture, type ApiFixture } from '../api-fixture.js';
import { freshPhone, lastCode, lastPlatformText, letPlatformSend, userPrincipal } from './auth-fixture.js';
import { refusal } from './refusal.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR…')]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

const ID_NUMBER = '11010519491231002X';

describe('sign-up and its review', () => {
  let fx: ApiFixture;
  let uploads: string;
  let operator: Principal;
  beforeAll(async () => {
    fx = await createApiFixture();
    await letPlatformSend(fx);
    uploads = await mkdtemp(path.join(tmpdir(), 'smshub-uploads-'));
    process.env['SMSHUB_UPLOAD_DIR'] = uploads;
    const reviewer = await fx.prisma.user.create({
      data: { orgId: fx.platform.id, email: 'ops@smshub.test', name: 'ops', passwordHash: 'x', role: 'admin' },
    });
    operator = userPrincipal(fx.platform, reviewer.id, 'admin');
  });
  afterAll(async () => {
    delete process.env['SMSHUB_UPLOAD_DIR'];
    await rm(uploads, { recursive: true, force: true });
    await fx?.close();
  });

  let codeIndex = 0;
  /** A complete application with a code really sent to its number. */
  async function application(overrides: Partial<SignUpInput> = {}): Promise<SignUpInput> {
    const phone = overrides.phone ?? freshPhone();
    await sendCode(fx.deps, null, { purpose: 'signup', phone, address: `192.0.2.${(codeIndex++ % 200) + 1}` });
    return {
      companyName: '福州某某科技有限公司',
      creditCode: await unusedCreditCode(),
      contactName: '张三',
      identityNumber: ID_NUMBER,
      phone,
      code: await lastCode(fx, phone),
      email: `${phone}@example.com`,
      password: 'open sesame 1',
      licence: { type: 'image/png', data: PNG.toString('base64') },
      // Each application from its own address, below the per-address sign-up limit.
      address: `198.18.${Math.floor(codeIndex / 200)}.${codeIndex % 200}`,
      ...overrides,
    };
  }

  /** Any valid credit code no org has signed up with yet (generated: 17 digits + the check character). */
  async function unusedCreditCode(): Promise<string> {
    const { creditCodeCheckCharacter } = await import('@smshub/core');
    for (;;) {
      const body = `91110000${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
      const code = body + creditCodeCheckCharacter(body);
      if ((await fx.prisma.orgIdentity.count({ where: { creditCode: code } })) === 0) return code;
    }
  }

  it('stores a pending enterprise under the platform with its identity, owner, licence and audit row', async () => {
    const input = await application({ email: ' Boss@Example.COM ', creditCode: ' 91350100m000100y43 ' });
    const result = await signUp(fx.deps, input);
    expect(result.status).toBe('pending');
    const orgId = BigInt(result.orgId);
    const org = await fx.prisma.org.findUniqueOrThrow({
      where: { id: orgId },
      include: { identity: true, users: true },
    });
    expect(org).toMatchObject({
      kind: 'enterprise',
      status: 'pending',
      parentId: fx.platform.id,
      name: input.companyName,
    });
    expect(org.identity).toMatchObject({
      creditCode: '91350100M000100Y43',
      contactIdNumber: ID_NUMBER,
      contactPhone: input.phone,
      contactEmail: 'boss@example.com',
      licenceType: 'image/png',
      licenceBytes: PNG.length,
      licenceSha256: createHash('sha256').update(PNG).digest('hex'),
    });
    expect(org.identity?.licencePath).toMatch(/^licences\/[0-9a-f]{32}\.png$/);
    expect(await readFile(path.join(uploads, org.identity?.licencePath ?? ''))).toEqual(PNG);
    expect(org.users).toHaveLength(1);
    expect(org.users[0]).toMatchObject({ role: 'owner', phone: input.phone, email: 'boss@example.com', name: '张三' });
    expect(org.users[0]?.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = await fx.prisma.auditEntry.findFirstOrThrow({ where: { orgId, action: 'signup.submit' } });
    expect(audit).toMatchObject({ targetType: 'org', targetId: String(orgId), address: input.address });
  });

  it('gives an applicant without e-mail an address that can never receive mail', async () => {
    const input = await application({ email: undefined });
    const { orgId } = await signUp(fx.deps, input);
    const owner = await fx.prisma.user.findFirstOrThrow({ where: { orgId: BigInt(orgId) } });
    expect(owner.email).toBe(`${input.phone}@no-email.invalid`);
  });

  it.each([
    ['creditCode', '91350100M000100Y44', 'invalid_credit_code', 'bad_check_character'],
    ['creditCode', '91350100M00010', 'invalid_credit_code', 'invalid_length'],
    ['creditCode', '91350100M000100I43', 'invalid_credit_code', 'invalid_character'],
    ['identityNumber', '110105194912310021', 'invalid_identity_number', 'bad_check_character'],
    ['identityNumber', '110105194902310023', 'invalid_identity_number', 'bad_birth_date'],
    ['identityNumber', '990105194912310025', 'invalid_identity_number', 'bad_region_code'],
  ] as const)('refuses %s %s: %s (%s)', async (field, value, code, reason) => {
    const input = await application();
    const error = await refusal(signUp(fx.deps, { ...input, [field]: value }));
    expect([error.code, error.details]).toEqual([code, { field, reason }]);
    // Nothing was stored, and the code is still good for a corrected application.
    expect(await fx.prisma.user.count({ where: { phone: input.phone } })).toBe(0);
    await signUp(fx.deps, input);
  });

  it.each([
    [{ phone: '010-88886666' }, 'validation_error'],
    [{ email: 'not-an-address' }, 'validation_error'],
    [{ password: 'short' }, 'weak_password'],
    [{ companyName: ' ' }, 'validation_error'],
    [{ contactName: 'x'.repeat(101) }, 'validation_error'],
    [{ code: '000000x' }, 'invalid_code'],
  ] as const)('refuses %j: %s', async (overrides, code) => {
    const input = await application();
    expect((await refusal(signUp(fx.deps, { ...input, ...overrides }))).code).toBe(code);
  });

  it('limits applications to 10 per address per hour', async () => {
    const address = '198.19.0.1';
    for (let i = 0; i < 10; i++) {
      // Refused for the wrong code, after the count: refused attempts still count.
      await refusal(signUp(fx.deps, { ...(await application()), address, code: '000000x' }));
    }
    const error = await refusal(signUp(fx.deps, { ...(await application()), address }));
    expect(error.details).toMatchObject({ limit: 'signup:address', max: 10 });
  });

  it('refuses a code that was never sent, or sent for another purpose', async () => {
    const phone = freshPhone();
    await sendCode(fx.deps, null, { purpose: 'signin', phone, address: null });
    const input = await application();
    expect((await refusal(signUp(fx.deps, { ...input, phone, code: '123456' }))).code).toBe('code_expired');
  });

  describe('the licence', () => {
    it.each([
      ['application/pdf', PDF, 'pdf'],
      ['image/jpeg', JPEG, 'jpg'],
    ])('accepts %s by its bytes', async (type, bytes, extension) => {
      const { orgId } = await signUp(fx.deps, await application({ licence: { type, data: bytes.toString('base64') } }));
      const identity = await fx.prisma.orgIdentity.findUniqueOrThrow({ where: { orgId: BigInt(orgId) } });
      expect(identity.licencePath.endsWith(`.${extension}`)).toBe(true);
      expect(identity.licenceType).toBe(type);
    });

    it.each([
      ['a PNG declared as PDF', { type: 'application/pdf', data: PNG.toString('base64') }, 'unsupported_media_type'],
      [
        'an HTML page declared as PNG',
        { type: 'image/png', data: Buffer.from('<html>').toString('base64') },
        'unsupported_media_type',
      ],
      ['a GIF', { type: 'image/gif', data: Buffer.from('GIF89a....').toString('base64') }, 'unsupported_media_type'],
      ['an empty file', { type: 'image/png', data: '' }, 'validation_error'],
      ['not base64', { type: 'image/png', data: 'iVBORw0K!!!' }, 'validation_error'],
      [
        'more than 5 MiB',
        { type: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(MAX_LICENCE_BYTES)]).toString('base64') },
        'payload_too_large',
      ],
    ])('refuses %s, and keeps no file', async (_name, licence, code) => {
      const before = await readdir(path.join(uploads, 'licences')).catch(() => []);
      expect((await refusal(signUp(fx.deps, { ...(await application()), licence }))).code).toBe(code);
      expect(await readdir(path.join(uploads, 'licences')).catch(() => [])).toEqual(before);
    });
  });

  it('refuses duplicates by credit code, phone and e-mail with the field named', async () => {
    const first = await application();
    await signUp(fx.deps, first);
    const sameCode = await application({ creditCode: first.creditCode });
    expect((await refusal(signUp(fx.deps, sameCode))).details).toEqual({ field: 'creditCode' });
    const sameEmail = await application({ email: first.email });
    expect((await refusal(signUp(fx.deps, sameEmail))).details).toEqual({ field: 'email' });
    // The number is taken: no sign-up code is even sent to it.
    const error = await refusal(sendCode(fx.deps, null, { purpose: 'signup', phone: first.phone, address: null }));
    expect([error.code, error.details]).toEqual(['already_exists', { field: 'phone' }]);
  });

  it('refuses a barred company or person outright, and keeps the attempt in the platform audit log', async () => {
    const company = await application();
    await addBarred(fx.deps, operator, {
      kind: 'company',
      identifier: company.creditCode,
      name: '失信公司',
      reason: '列入严重违法失信名单',
    });
    const error = await refusal(signUp(fx.deps, company));
    expect([error.code, error.details]).toEqual(['signup_barred', { kinds: ['company'] }]);
    expect(await fx.prisma.orgIdentity.count({ where: { creditCode: company.creditCode } })).toBe(0);
    expect(await fx.prisma.user.count({ where: { phone: company.phone } })).toBe(0);
    const logged = await fx.prisma.auditEntry.findFirstOrThrow({
      where: { orgId: fx.platform.id, action: 'signup.barred' },
      orderBy: { id: 'desc' },
    });
    expect(logged.details).toMatchObject({ creditCode: company.creditCode, identityNumber: '110105********002X' });

    const personId = '11010519900307003X'.slice(0, 17);
    const { residentIdCheckCharacter } = await import('@smshub/core');
    const person = personId + residentIdCheckCharacter(personId);
    await addBarred(fx.deps, operator, { kind: 'person', identifier: person, name: '李四', reason: '失信被执行人' });
    const error2 = await refusal(signUp(fx.deps, await application({ identityNumber: person })));
    expect(error2.details).toEqual({ kinds: ['person'] });
  });

  describe('review', () => {
    it('lists pending applications oldest first with barred hits, and shows one with its licence', async () => {
      const input = await application();
      const { orgId } = await signUp(fx.deps, input);
      const page = await listSignups(fx.deps, operator, { status: 'pending', page: 1, pageSize: 100 });
      const item = page.items.find((i) => i.orgId === orgId);
      expect(item).toMatchObject({ creditCode: input.creditCode, contactPhone: input.phone, barredHits: [] });
      expect(page.total).toBeGreaterThanOrEqual(1);
      const detail = await getSignup(fx.deps, operator, { orgId: BigInt(orgId) });
      expect(detail).toMatchObject({ contactIdNumber: ID_NUMBER, licence: { type: 'image/png', bytes: PNG.length } });
      const licence = await getSignupLicence(fx.deps, operator, { orgId: BigInt(orgId) });
      expect(Buffer.from(licence.data, 'base64')).toEqual(PNG);
      expect(licence.fileName).toBe(`licence-${input.creditCode}.png`);

      // A party barred after applying shows as a hit, and blocks approval.
      const barred = await addBarred(fx.deps, operator, {
        kind: 'company',
        identifier: input.creditCode,
        name: 'x',
        reason: 'later',
      });
      expect((await getSignup(fx.deps, operator, { orgId: BigInt(orgId) })).barredHits).toHaveLength(1);
      expect((await refusal(approveSignup(fx.deps, operator, { orgId: BigInt(orgId) }))).code).toBe('signup_barred');
      await removeBarred(fx.deps, operator, { id: BigInt(barred.id) });
    });

    it('approves: the org becomes active, the review is recorded, audited, and the applicant told by SMS', async () => {
      const input = await application();
      const { orgId } = await signUp(fx.deps, input);
      const result = await approveSignup(fx.deps, operator, { orgId: BigInt(orgId) });
      expect(result).toEqual({ orgId, status: 'active', applicantNotified: true });
      const org = await fx.prisma.org.findUniqueOrThrow({ where: { id: BigInt(orgId) }, include: { identity: true } });
      expect(org.status).toBe('active');
      expect(org.identity?.reviewedById).toBe(operator.actor.kind === 'user' ? operator.actor.userId : null);
      expect(org.identity?.reviewedAt).not.toBeNull();
      expect(await lastPlatformText(fx, input.phone)).toContain('已通过审核');
      const audit = await fx.prisma.auditEntry.findFirstOrThrow({
        where: { orgId: BigInt(orgId), action: 'signup.approve' },
      });
      expect(audit.userId).toBe(org.identity?.reviewedById);
      // Once decided, never again.
      expect((await refusal(approveSignup(fx.deps, operator, { orgId: BigInt(orgId) }))).code).toBe('already_reviewed');
      expect((await refusal(refuseSignup(fx.deps, operator, { orgId: BigInt(orgId), reason: 'late' }))).code).toBe(
        'already_reviewed',
      );
    });

    it('refuses with a reason the applicant is told', async () => {
      const input = await application();
      const { orgId } = await signUp(fx.deps, input);
      expect((await refusal(refuseSignup(fx.deps, operator, { orgId: BigInt(orgId), reason: ' ' }))).code).toBe(
        'validation_error',
      );
      await refuseSignup(fx.deps, operator, { orgId: BigInt(orgId), reason: '营业执照不清晰' });
      const org = await fx.prisma.org.findUniqueOrThrow({ where: { id: BigInt(orgId) }, include: { identity: true } });
      expect([org.status, org.identity?.refusalReason]).toEqual(['refused', '营业执照不清晰']);
      expect(await lastPlatformText(fx, input.phone)).toContain('未通过审核，原因：营业执照不清晰');
      const refused = await listSignups(fx.deps, operator, { status: 'refused', page: 1, pageSize: 10 });
      expect(refused.items.map((i) => i.orgId)).toContain(orgId);
    });

    it('is nothing to anyone outside the platform, and refused to platform roles without the permission', async () => {
      const { orgId } = await signUp(fx.deps, await application());
      const tenant = await fx.org();
      const tenantAdmin = userPrincipal(tenant, 1n, 'owner');
      for (const call of [
        () => listSignups(fx.deps, tenantAdmin, { status: 'pending', page: 1, pageSize: 10 }),
        () => getSignup(fx.deps, tenantAdmin, { orgId: BigInt(orgId) }),
        () => approveSignup(fx.deps, tenantAdmin, { orgId: BigInt(orgId) }),
        () => listBarred(fx.deps, tenantAdmin, { page: 1, pageSize: 10 }),
      ]) {
        expect((await refusal(call())).code).toBe('not_found');
      }
      const platformViewer = userPrincipal(fx.platform, 2n, 'viewer');
      expect((await refusal(approveSignup(fx.deps, platformViewer, { orgId: BigInt(orgId) }))).code).toBe(
        'permission_denied',
      );
      expect((await fx.prisma.org.findUniqueOrThrow({ where: { id: BigInt(orgId) } })).status).toBe('pending');
      expect((await refusal(getSignup(fx.deps, operator, { orgId: 999_999n }))).code).toBe('not_found');
    });
  });

  describe('the barred list', () => {
    it('adds checked identifiers, refuses duplicates and bad ones, lists, searches and removes', async () => {
      const code = await unusedCreditCode();
      const added = await addBarred(fx.deps, operator, {
        kind: 'company',
        identifier: code.toLowerCase(),
        name: '某公司',
        reason: '违法',
      });
      expect(added.identifier).toBe(code);
      expect(
        (await refusal(addBarred(fx.deps, operator, { kind: 'company', identifier: code, name: 'x', reason: 'y' })))
          .code,
      ).toBe('already_exists');
      expect(
        (
          await refusal(
            addBarred(fx.deps, operator, { kind: 'company', identifier: ID_NUMBER, name: 'x', reason: 'y' }),
          )
        ).code,
      ).toBe('invalid_credit_code');
      expect(
        (await refusal(addBarred(fx.deps, operator, { kind: 'person', identifier: '123', name: 'x', reason: 'y' })))
          .code,
      ).toBe('invalid_identity_number');
      expect(
        (await refusal(addBarred(fx.deps, operator, { kind: 'person', identifier: ID_NUMBER, name: ' ', reason: 'y' })))
          .code,
      ).toBe('validation_error');
      const found = await listBarred(fx.deps, operator, {
        search: code.slice(0, 12).toLowerCase(),
        page: 1,
        pageSize: 10,
      });
      expect(found.items.map((i) => i.id)).toEqual([added.id]);
      await removeBarred(fx.deps, operator, { id: BigInt(added.id) });
      expect((await refusal(removeBarred(fx.deps, operator, { id: BigInt(added.id) }))).code).toBe('not_found');
      const actions = await fx.prisma.auditEntry.findMany({
        where: { targetType: 'barred_party', targetId: added.id },
        select: { action: true },
        orderBy: { id: 'asc' },
      });
      expect(actions.map((a) => a.action)).toEqual(['barred.add', 'barred.remove']);
    });
  });
});
