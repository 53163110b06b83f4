import type { Org } from '@smshub/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  issueApiKey,
  listApiKeys,
  listMessages,
  revokeApiKey,
  updateApiKey,
  type Principal,
} from '../../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from '../api-fixture.js';
import { reload, userPrincipal } from './principals.js';

describe('API keys (operations)', () => {
  let fx: ApiFixture;
  let parent: Org;
  let child: Org;
  let sibling: Org;
  let admin: Principal;
  beforeAll(async () => {
    fx = await createApiFixture();
    parent = await reload(fx, await fx.org({ ipAllowList: ['203.0.113.0/24', '2001:db8::/32'] }));
    child = await reload(fx, await fx.org({ parentId: parent.id }));
    sibling = await reload(fx, await fx.org());
    admin = await userPrincipal(fx, parent, 'admin');
  });
  afterAll(() => fx?.close());

  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  };

  it('issues a key whose secret works once shown, stores only its hash, and audits the issue', async () => {
    const issued = await issueApiKey(fx.deps, admin, {
      name: 'billing system',
      scopes: ['messages:read'],
      ipAllowList: ['203.0.113.7', '203.0.113.128/25'],
      rateLimit: 5,
    });
    expect(issued.secret).toMatch(new RegExp(`^sk_${issued.key.prefix}_[0-9A-Za-z]{32}$`));
    const row = await fx.prisma.apiKey.findUniqueOrThrow({ where: { id: BigInt(issued.key.id) } });
    expect(row.secretHash).not.toContain(issued.secret.slice(12));
    expect(
      JSON.stringify(await fx.prisma.apiKey.findMany(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
    ).not.toContain(issued.secret.slice(12));
    expect(row).toMatchObject({
      orgId: parent.id,
      scopes: ['messages:read'],
      rateLimit: 5,
      createdById: (admin.actor as { userId: bigint }).userId,
    });
    const audit = await fx.prisma.auditEntry.findMany({ where: { action: 'api_key.issue', targetId: issued.key.id } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.details)).not.toContain(issued.secret.slice(12));
    // The key works on the REST API from an allowed address, and not from another.
    const ok = await fx.call(listMessages, { path: '/api/v1/messages', key: issued.secret, ip: '203.0.113.7' });
    expect(ok.status).toBe(200);
    const elsewhere = await fx.call(listMessages, { path: '/api/v1/messages', key: issued.secret, ip: '203.0.113.8' });
    expect(errorOf(elsewhere).code).toBe('ip_not_allowed');
  });

  it('refuses an allow-list outside the org’s own, bad addresses, platform-only scopes and past expiry', async () => {
    const outside = await refusal(
      issueApiKey(fx.deps, admin, { name: 'x', scopes: ['messages:send'], ipAllowList: ['203.0.112.0/23'] }),
    );
    expect(outside.code).toBe('validation_error');
    expect(outside.message).toContain('203.0.112.0/23');
    const v6 = await issueApiKey(fx.deps, admin, {
      name: 'v6',
      scopes: ['messages:send'],
      ipAllowList: ['2001:db8:1::/48'],
    });
    expect(v6.key.ipAllowList).toEqual(['2001:db8:1::/48']);
    await expect(
      issueApiKey(fx.deps, admin, { name: 'x', scopes: ['messages:send'], ipAllowList: ['300.1.1.1'] }),
    ).rejects.toThrow();
    expect((await refusal(issueApiKey(fx.deps, admin, { name: 'x', scopes: ['operations'] }))).message).toContain(
      'platform',
    );
    const past = await refusal(
      issueApiKey(fx.deps, admin, { name: 'x', scopes: ['messages:send'], expiresAt: new Date(Date.now() - 1000) }),
    );
    expect(past.message).toContain('future');
    await expect(issueApiKey(fx.deps, admin, { name: 'x', scopes: [] })).rejects.toThrow();
  });

  it('lists keys of the org and the orgs below it, never of a sibling; issues for a child, not for a sibling', async () => {
    const forChild = await issueApiKey(fx.deps, admin, {
      orgId: String(child.id),
      name: 'child',
      scopes: ['messages:send'],
    });
    const siblingAdmin = await userPrincipal(fx, sibling, 'admin');
    const siblings = await issueApiKey(fx.deps, siblingAdmin, { name: 'sibling', scopes: ['messages:send'] });
    const listed = await listApiKeys(fx.deps, admin);
    expect(listed.map((k) => k.id)).toContain(forChild.key.id);
    expect(listed.map((k) => k.id)).not.toContain(siblings.key.id);
    expect(JSON.stringify(listed)).not.toMatch(/secretHash|secret_hash/);
    expect((await listApiKeys(fx.deps, admin, { orgId: String(child.id) })).map((k) => k.id)).toEqual([
      forChild.key.id,
    ]);
    const childAdmin = await userPrincipal(fx, child, 'admin');
    expect((await listApiKeys(fx.deps, childAdmin)).map((k) => k.orgId)).toEqual([String(child.id)]);
    expect(
      (await refusal(issueApiKey(fx.deps, admin, { orgId: String(sibling.id), name: 'x', scopes: ['messages:send'] })))
        .code,
    ).toBe('not_found');
    expect(
      (
        await refusal(
          issueApiKey(fx.deps, childAdmin, { orgId: String(parent.id), name: 'x', scopes: ['messages:send'] }),
        )
      ).code,
    ).toBe('not_found');
  });

  it('refuses roles without api_keys:manage, and keys of other orgs as not found', async () => {
    const operator = await userPrincipal(fx, parent, 'operator');
    expect((await refusal(listApiKeys(fx.deps, operator))).code).toBe('permission_denied');
    expect((await refusal(issueApiKey(fx.deps, operator, { name: 'x', scopes: ['messages:send'] }))).code).toBe(
      'permission_denied',
    );
    const developer = await userPrincipal(fx, parent, 'developer');
    const own = await issueApiKey(fx.deps, developer, { name: 'dev', scopes: ['messages:send'] });
    const siblingAdmin = await userPrincipal(fx, sibling, 'admin');
    expect((await refusal(revokeApiKey(fx.deps, siblingAdmin, { id: own.key.id }))).code).toBe('not_found');
    expect((await refusal(updateApiKey(fx.deps, siblingAdmin, { id: own.key.id, name: 'mine now' }))).code).toBe(
      'not_found',
    );
    const childAdmin = await userPrincipal(fx, child, 'admin');
    expect((await refusal(revokeApiKey(fx.deps, childAdmin, { id: own.key.id }))).code).toBe('not_found');
    const row = await fx.prisma.apiKey.findUniqueOrThrow({ where: { id: BigInt(own.key.id) } });
    expect(row).toMatchObject({ name: 'dev', revokedAt: null });
  });

  it('updates name, allow-list and rate; a change holds in this process at once', async () => {
    const issued = await issueApiKey(fx.deps, admin, { name: 'old', scopes: ['messages:read'] });
    const list = () => fx.call(listMessages, { path: '/api/v1/messages', key: issued.secret, ip: '203.0.113.9' });
    expect((await list()).status).toBe(200);
    const updated = await updateApiKey(fx.deps, admin, {
      id: issued.key.id,
      name: 'new',
      ipAllowList: ['203.0.113.10'],
      rateLimit: 50,
    });
    expect(updated).toMatchObject({ name: 'new', ipAllowList: ['203.0.113.10'], rateLimit: 50 });
    expect(errorOf(await list()).code).toBe('ip_not_allowed');
    expect(
      (await refusal(updateApiKey(fx.deps, admin, { id: issued.key.id, ipAllowList: ['198.51.100.1'] }))).code,
    ).toBe('validation_error');
    const audit = await fx.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'api_key.update', targetId: issued.key.id },
    });
    expect(audit.details).toMatchObject({ before: { name: 'old' }, after: { name: 'new', rateLimit: 50 } });
  });

  it('revokes: refused at once in this process, audited once, shown with its last use', async () => {
    const issued = await issueApiKey(fx.deps, admin, { name: 'to revoke', scopes: ['messages:read'] });
    const list = () => fx.call(listMessages, { path: '/api/v1/messages', key: issued.secret, ip: '203.0.113.9' });
    expect((await list()).status).toBe(200);
    await expect
      .poll(async () => (await listApiKeys(fx.deps, admin)).find((k) => k.id === issued.key.id)?.lastUsedAt)
      .not.toBeNull();
    const revoked = await revokeApiKey(fx.deps, admin, { id: issued.key.id });
    expect(revoked.revokedAt).not.toBeNull();
    // Cached a moment ago, yet refused now: the revoke dropped the entry.
    expect(errorOf(await list()).code).toBe('api_key_revoked');
    await revokeApiKey(fx.deps, admin, { id: issued.key.id });
    expect(await fx.prisma.auditEntry.count({ where: { action: 'api_key.revoke', targetId: issued.key.id } })).toBe(1);
    expect((await listApiKeys(fx.deps, admin)).map((k) => k.id)).not.toContain(issued.key.id);
    expect((await listApiKeys(fx.deps, admin, { includeRevoked: true })).map((k) => k.id)).toContain(issued.key.id);
    expect((await refusal(updateApiKey(fx.deps, admin, { id: issued.key.id, name: 'again' }))).message).toContain(
      'revoked',
    );
  });
});
