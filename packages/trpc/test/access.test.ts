import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createSession,
  permissionsOfRole,
  PLATFORM_PERMISSIONS,
  ROLE_PERMISSIONS,
  sendMessages,
  type Principal,
} from '@smshub/api';
import type { Org, OrgKind, UserRole } from '@smshub/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiFixture, type ApiFixture } from '../../api/test/api-fixture.js';
import { appRouter, createCallerFactory, type Context, type ProcedureMeta } from '../src/index.js';
import { VICTIM_MARKER, type AccessFixture } from './access-samples/fixture.js';
import { SAMPLES } from './access-samples/index.js';

/**
 * Walks every procedure of the console's router (so a new one cannot go untested) and calls it
 * as each attacker of the victim org: its sibling, its child, an unrelated org — each as the
 * org's owner, so only visibility can refuse it — every role of the victim's own org that lacks
 * the procedure's permission, and nobody at all. Each call must be refused, or, for a read
 * without a target, answer nothing of the victim's; and no table may change. Last, the victim's
 * parent-org administrator makes the same call, which must not be refused: a sample that misses
 * its target would make the test vacuous.
 */

const REFUSALS: ReadonlySet<TRPCError['code']> = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED']);
const ROLES = Object.keys(ROLE_PERMISSIONS) as UserRole[];

interface Procedure {
  readonly path: string;
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly meta: ProcedureMeta | undefined;
}

const procedures: Procedure[] = Object.entries(appRouter._def.procedures as Record<string, unknown>).map(
  ([path, procedure]) => {
    const def = (procedure as { _def: { type: Procedure['type']; meta?: ProcedureMeta } })._def;
    return { path, type: def.type, meta: def.meta };
  },
);

let fx: ApiFixture;
let uploads: string | undefined;
let access: AccessFixture;
const principals = new Map<string, Principal>();
const createCaller = createCallerFactory(appRouter);

function principalOf(org: Org, userId: bigint, role: UserRole): Principal {
  return {
    orgId: org.id,
    orgPath: org.path,
    orgKind: org.kind,
    extensionCode: org.extensionCode,
    actor: { kind: 'user', userId, role, sessionId: 'access-test' },
    permissions: permissionsOfRole(role, org.kind),
    address: '198.51.100.7',
  };
}

async function call(principal: Principal | null, path: string, input: unknown): Promise<unknown> {
  const ctx: Context = { deps: fx.deps, principal, address: '198.51.100.7', userAgent: 'access-test' };
  let target: unknown = createCaller(ctx);
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

/** One digest per table: any row added, removed or changed shows. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await fx.pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_%' ORDER BY 1`,
  );
  const digests: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const result = await fx.pool.query<{ digest: string }>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${name}" t`,
    );
    digests[name] = result.rows[0]!.digest;
  }
  return digests;
}

/** The victim org's users and their sessions: what a self-scoped procedure must not touch. */
async function victimFingerprint(): Promise<string> {
  const result = await fx.pool.query<{ digest: string }>(
    `SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS digest FROM (
       SELECT u::text AS x FROM users u WHERE u.org_id = $1
       UNION ALL SELECT s::text FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.org_id = $1) t`,
    [access.victim.orgId],
  );
  return result.rows[0]!.digest;
}

/** Refused, or (a read without a target) nothing of the victim's in the answer. */
async function expectRefused(principal: Principal | null, procedure: Procedure): Promise<void> {
  const sample = SAMPLES[procedure.path]!;
  const input = sample(access);
  const before = await fingerprint();
  const victimBefore = await victimFingerprint();
  let outcome: unknown;
  try {
    outcome = await call(principal, procedure.path, input);
  } catch (error) {
    expect(error, `${procedure.path}: refused with a refusal, not a fault`).toBeInstanceOf(TRPCError);
    // A self-scoped procedure may refuse for its own reasons (a rate limit); never a fault.
    const code = (error as TRPCError).code;
    const allowed = procedure.meta?.self === true ? code !== 'INTERNAL_SERVER_ERROR' : REFUSALS.has(code);
    expect(allowed, `${procedure.path}: ${code}`).toBe(true);
    expect(await fingerprint(), `${procedure.path}: changed nothing`).toEqual(before);
    return;
  }
  // Not refused: only a read, or a change to the caller's own account, and nothing of the victim's.
  if (procedure.meta?.self === true) {
    expect(JSON.stringify(outcome ?? null)).not.toContain(VICTIM_MARKER);
    expect(await victimFingerprint(), `${procedure.path}: left the victim's accounts alone`).toEqual(victimBefore);
    return;
  }
  expect(procedure.type, `${procedure.path} (a mutation) was not refused`).toBe('query');
  expect(JSON.stringify(outcome, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? '').not.toContain(
    VICTIM_MARKER,
  );
  expect(await fingerprint(), `${procedure.path}: changed nothing`).toEqual(before);
}

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), 'access-uploads-'));
  process.env['SMSHUB_UPLOAD_DIR'] = uploads;
  await mkdir(path.join(uploads, 'access-test'));
  await writeFile(path.join(uploads, 'access-test', 'licence.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  fx = await createApiFixture();
  const { prisma, platform } = fx;
  // The platform sends codes and notices through its own intake: it needs credit to.
  await prisma.org.update({ where: { id: platform.id }, data: { creditLimit: 1_000_000_000n } });
  const org = (name: string, kind: OrgKind, parent: Org, status: Org['status'] = 'active') =>
    prisma.org.create({ data: { name, kind, parentId: parent.id, status, balance: 1_000_000_000n } });
  const user = (o: Org, role: UserRole, name: string) =>
    prisma.user.create({
      data: { orgId: o.id, role, name, email: `${name}-${role}@access.test`.toLowerCase(), passwordHash: 'x' },
    });

  const x = await org('province X', 'province', platform);
  const v = await org(`city V ${VICTIM_MARKER}`, 'city', x);
  const k = await org('county K', 'county', v);
  const v2 = await org(`department V2 ${VICTIM_MARKER}`, 'department', v);
  const s = await org('city S', 'city', x);
  const y = await org('province Y', 'province', platform);
  const u = await org('city U', 'city', y);
  const pending = await org(`enterprise P ${VICTIM_MARKER}`, 'enterprise', platform, 'pending');
  // Paths are written by the database's trigger: read them back.
  const reread = async (o: Org) => prisma.org.findUniqueOrThrow({ where: { id: o.id } });

  for (const [name, o] of [
    ['sibling', s],
    ['child', k],
    ['unrelated', u],
    ['parent', x],
  ] as const) {
    const owner = await user(o, name === 'parent' ? 'admin' : 'owner', name);
    principals.set(name, principalOf(await reread(o), owner.id, owner.role));
  }
  const platformAdmin = await user(platform, 'admin', 'platform');
  principals.set('platform', principalOf(platform, platformAdmin.id, 'admin'));
  const vRead = await reread(v);
  let victimOwner = 0n;
  let victimOperator = 0n;
  for (const role of ROLES) {
    const row = await user(v, role, `victim ${VICTIM_MARKER}`.replace(/ /g, '-'));
    principals.set(`victim ${role}`, principalOf(vRead, row.id, role));
    if (role === 'owner') victimOwner = row.id;
    if (role === 'operator') victimOperator = row.id;
  }

  const key = await fx.key(v.id);
  const keyRow = await prisma.apiKey.findFirstOrThrow({ where: { orgId: v.id } });
  await prisma.apiKey.update({ where: { id: keyRow.id }, data: { name: `key ${VICTIM_MARKER}` } });
  const sessionId = await createSession(fx.deps, victimOwner, 'password', { address: null, userAgent: null });
  const audit = await prisma.auditEntry.create({
    data: {
      orgId: v.id,
      actorOrgId: v.id,
      userId: victimOwner,
      action: 'org.update',
      targetType: 'org',
      targetId: String(v.id),
      details: { note: VICTIM_MARKER },
    },
  });
  const sent = await fx.call(sendMessages, {
    path: '/api/v1/messages',
    key,
    body: { to: ['13800138000'], text: `hello ${VICTIM_MARKER}`, business_type: 'notification' },
  });
  expect(sent.status).toBe(201);
  const message = await prisma.message.findFirstOrThrow({ where: { orgId: v.id } });
  await prisma.orgIdentity.create({
    data: {
      orgId: pending.id,
      companyName: `P ${VICTIM_MARKER}`,
      creditCode: '91350100M000100Y43',
      contactName: VICTIM_MARKER,
      contactIdNumber: '11010519491231002X',
      contactPhone: '13900139000',
      licencePath: 'access-test/licence.png',
      licenceType: 'image/png',
      licenceBytes: 1,
      licenceSha256: '0'.repeat(64),
    },
  });
  const invoice = await prisma.invoiceRequest.create({
    data: {
      orgId: v.id,
      amount: 1000n,
      title: `V ${VICTIM_MARKER}`,
      taxNumber: '91350100M000100Y43',
      sendTo: VICTIM_MARKER,
    },
  });
  const rechargeOrder = await prisma.rechargeOrder.create({ data: { orgId: v.id, amount: 10_000n } });
  const barred = await prisma.barredParty.create({
    data: { kind: 'person', identifier: '110105194912310037', name: VICTIM_MARKER, reason: VICTIM_MARKER },
  });
  access = {
    victim: {
      orgId: String(v.id),
      childOrgId: String(v2.id),
      userId: String(victimOwner),
      operatorUserId: String(victimOperator),
      apiKeyId: String(keyRow.id),
      sessionId,
      auditId: String(audit.id),
      messageId: String(message.id),
      campaignId: String(message.campaignId),
      businessTypeId: String(message.businessTypeId),
      invoiceId: String(invoice.id),
      rechargeOrderId: String(rechargeOrder.id),
    },
    platform: { pendingOrgId: String(pending.id), barredPartyId: String(barred.id) },
  };
});

afterAll(async () => {
  await fx?.close();
  if (uploads !== undefined) await rm(uploads, { recursive: true, force: true });
});

describe('every console procedure', () => {
  it('has a sample input and a declared permission', () => {
    expect(procedures.length).toBeGreaterThan(0);
    for (const procedure of procedures) {
      expect(SAMPLES[procedure.path], `${procedure.path} has no sample in test/access-samples`).toBeTypeOf('function');
      expect(procedure.meta, `${procedure.path} declares no meta.permission`).toBeDefined();
    }
  });

  for (const procedure of procedures) {
    describe(procedure.path, () => {
      // Sign-up and sending a code are for people not signed in; their own tests cover abuse.
      const isPublic = procedure.meta?.public === true;

      it('is refused to a sibling, a child and an unrelated org, and changes nothing', async () => {
        if (isPublic) return;
        for (const attacker of ['sibling', 'child', 'unrelated'])
          await expectRefused(principals.get(attacker)!, procedure);
      });

      it('is refused to every role of the victim that lacks its permission', async () => {
        const permission = procedure.meta?.permission ?? null;
        const lacking =
          permission === null
            ? []
            : ROLES.filter((role) => !principals.get(`victim ${role}`)!.permissions.has(permission));
        for (const role of lacking) await expectRefused(principals.get(`victim ${role}`)!, procedure);
        if (
          permission !== null &&
          !ROLES.some((role) => principals.get(`victim ${role}`)!.permissions.has(permission))
        ) {
          // Platform-only: no tenant role has it at all.
          expect(lacking).toHaveLength(ROLES.length);
        }
      });

      it('is refused to a caller who is not signed in', async () => {
        if (isPublic) return;
        await expect(call(null, procedure.path, SAMPLES[procedure.path]!(access))).rejects.toMatchObject({
          code: 'UNAUTHORIZED',
        });
      });
    });
  }

  // After every refusal above: these may change things.
  it('is not refused to the victim’s parent-org administrator or, for platform procedures, the platform', async () => {
    for (const procedure of procedures) {
      const permission = procedure.meta?.permission ?? null;
      // Public and self-scoped procedures have no victim's object to reach; their own tests cover them.
      if (procedure.meta?.public === true || procedure.meta?.self === true) continue;
      const caller = principals.get(
        permission !== null && PLATFORM_PERMISSIONS.has(permission) ? 'platform' : 'parent',
      )!;
      try {
        await call(caller, procedure.path, SAMPLES[procedure.path]!(access));
      } catch (error) {
        const code = error instanceof TRPCError ? error.code : 'INTERNAL_SERVER_ERROR';
        expect(
          REFUSALS.has(code) || code === 'INTERNAL_SERVER_ERROR',
          `${procedure.path}: ${code} ${String(error)}`,
        ).toBe(false);
      }
    }
  });
});
