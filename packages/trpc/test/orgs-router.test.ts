import { permissionsOfRole, type ApiDeps, type Principal } from '@smshub/api';
import { createPrisma, seedBase, type Org, type PrismaClient, type UserRole } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCallerFactory } from '../src/index.js';
import { orgsSamples, type AccessSampleFixture } from './access-samples/orgs.js';

/**
 * The orgs, users and audit procedures over tRPC: ids and li as strings, refusals as their API
 * codes, and every sample of access-samples/orgs.ts refused for a sibling org with nothing changed
 * (the lead's access test runs them for every kind of outsider; this is the same check, local).
 */
describe('orgs, users and audit procedures', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let deps: ApiDeps;
  let platform: Org;
  let victim: Org;
  let victimChild: Org;
  let sibling: Org;
  let victimUserId: bigint;
  const createCaller = createCallerFactory(appRouter);

  const principal = async (org: Org, role: UserRole): Promise<Principal> => {
    const user = await prisma.user.create({
      data: {
        orgId: org.id,
        email: `${role}-${org.id}-${Math.random()}@example.cn`,
        name: role,
        role,
        passwordHash: 'x',
      },
    });
    return {
      orgId: org.id,
      orgPath: org.path,
      orgKind: org.kind,
      extensionCode: org.extensionCode,
      actor: { kind: 'user', userId: user.id, role, sessionId: 's' },
      permissions: permissionsOfRole(role, org.kind),
      address: '198.51.100.10',
    };
  };
  const caller = (p: Principal | null) => createCaller({ deps, principal: p, address: null, userAgent: null });

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
    platform = (await seedBase(prisma)).platform;
    // What these procedures use of the deps: Prisma, the clock, a logger for unexpected errors.
    const logger = { error: () => undefined, warn: () => undefined, info: () => undefined };
    deps = { prisma, logger, now: () => new Date() } as unknown as ApiDeps;
    const province = await prisma.org.create({ data: { kind: 'province', name: '省', parentId: platform.id } });
    victim = await prisma.org.create({
      data: { kind: 'city', name: '受害市', parentId: province.id, balance: 12_345n },
    });
    victimChild = await prisma.org.create({ data: { kind: 'county', name: '受害县', parentId: victim.id } });
    sibling = await prisma.org.create({ data: { kind: 'city', name: '邻市', parentId: province.id } });
    const victimUser = (await principal(victim, 'operator')).actor;
    victimUserId = victimUser.kind === 'user' ? victimUser.userId : 0n;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('sends ids and money as strings', async () => {
    const admin = caller(await principal(victim, 'admin'));
    const tree = await admin.orgs.tree();
    expect(tree).toMatchObject({ id: String(victim.id), balanceLi: '12345', kind: 'city' });
    expect(tree.children.map((child) => child.id)).toEqual([String(victimChild.id)]);
    const created = await admin.orgs.create({ parentId: String(victim.id), name: '新县', kind: 'county' });
    expect(created).toMatchObject({ parentId: String(victim.id), balanceLi: '0' });
    expect(typeof created.createdAt).toBe('string');
    const users = await admin.users.list({});
    expect(users.assignableRoles).not.toContain('owner');
    expect(users.items.every((user) => typeof user.id === 'string')).toBe(true);
    const audit = await admin.audit.list({ action: 'org.' });
    expect(audit.items[0]).toMatchObject({ action: 'org.create', targetId: created.id });
  });

  it('turns refusals into their API codes', async () => {
    const admin = caller(await principal(victim, 'admin'));
    const error = await admin.orgs
      .create({ parentId: String(victim.id), name: 'x', kind: 'province' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect(((error as TRPCError).cause as { code?: string }).code).toBe('org_kind_not_allowed');
    const invalid = await admin.orgs.get({ orgId: 'abc' }).catch((e: unknown) => e);
    expect((invalid as TRPCError).code).toBe('BAD_REQUEST');
    const anonymous = await caller(null)
      .orgs.tree()
      .catch((e: unknown) => e);
    expect((anonymous as TRPCError).code).toBe('UNAUTHORIZED');
  });

  it('refuses every sample for a sibling org’s admin, and a viewer where it needs more than orgs:read, changing nothing', async () => {
    const fixture: AccessSampleFixture = {
      victim: {
        orgId: String(victim.id),
        childOrgId: String(victimChild.id),
        userId: String(victimUserId),
        operatorUserId: String(victimUserId),
      },
    };
    const outsider = caller(await principal(sibling, 'admin'));
    const viewer = caller(await principal(victim, 'viewer'));
    const state = async () => ({
      orgs: await prisma.org.findMany({ orderBy: { id: 'asc' } }),
      users: await prisma.user.findMany({
        where: { orgId: { in: [victim.id, victimChild.id] } },
        orderBy: { id: 'asc' },
      }),
      entitlements: await prisma.orgBusinessType.count(),
      audit: await prisma.auditEntry.count(),
    });
    const before = await state();
    for (const [path, sample] of Object.entries(orgsSamples)) {
      const [domain, name] = path.split('.') as [string, string];
      const call = (c: ReturnType<typeof caller>) =>
        (c as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[domain]![name]!(
          sample(fixture),
        );
      const result = await call(outsider).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if ('value' in result) {
        // A read may answer, but with nothing of the victim's in it.
        expect(JSON.stringify(result.value), path).not.toContain(`"${victim.id}"`);
        expect(JSON.stringify(result.value), path).not.toContain(victim.name);
      } else {
        expect(result.error, path).toBeInstanceOf(TRPCError);
        expect((result.error as TRPCError).code, path).toBe('NOT_FOUND');
      }
      const meta = (
        appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { permission: string | null } } }>
      )[path]?._def.meta;
      if (meta?.permission !== 'orgs:read') {
        const refused = await call(viewer).catch((e: unknown) => e);
        expect((refused as TRPCError).code, `${path} as a viewer`).toBe('FORBIDDEN');
      }
    }
    expect(await state()).toEqual(before);
  });
});
