import { permissionsOfRole, type ApiError, type Principal } from '@smshub/api';
import type { Org, UserRole } from '@smshub/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiFixture, type ApiFixture } from '../../api/test/api-fixture.js';
import { appRouter, createCallerFactory } from '../src/index.js';

/**
 * The billing procedures over tRPC: every answer crosses as JSON (ids and li as strings, no
 * bigint left, which JSON cannot carry), workbooks as base64, refusals as their API codes.
 */
describe('billing procedures', () => {
  let fx: ApiFixture;
  let province: Org;
  let city: Org;
  let platformAdmin: Principal;
  let provinceAdmin: Principal;
  const createCaller = createCallerFactory(appRouter);
  const caller = (principal: Principal) =>
    createCaller({ deps: fx.deps, principal, address: null, userAgent: null }).billing;

  const principal = async (org: Org, role: UserRole): Promise<Principal> => {
    const user = await fx.prisma.user.create({
      data: { orgId: org.id, email: `${role}-${org.id}@billing.test`, name: role, role, passwordHash: 'x' },
    });
    const row = await fx.prisma.org.findUniqueOrThrow({ where: { id: org.id } });
    return {
      orgId: row.id,
      orgPath: row.path,
      orgKind: row.kind,
      extensionCode: row.extensionCode,
      actor: { kind: 'user', userId: user.id, role, sessionId: 's' },
      permissions: permissionsOfRole(role, row.kind),
      address: null,
    };
  };

  beforeAll(async () => {
    fx = await createApiFixture();
    province = await fx.prisma.org.create({ data: { kind: 'province', name: '省', parentId: fx.platform.id } });
    city = await fx.prisma.org.create({ data: { kind: 'city', name: '市', parentId: province.id } });
    platformAdmin = await principal(fx.platform, 'admin');
    provinceAdmin = await principal(province, 'admin');
  });
  afterAll(() => fx?.close());

  /** The answer as the browser gets it: JSON.stringify throws on a bigint. */
  const wire = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

  it('books and reads with li as digit strings', async () => {
    const booked = await caller(platformAdmin).manualRecharge({
      orgId: String(province.id),
      amountLi: '50000',
      receiptNumber: 'R-1',
    });
    expect(wire(booked)).toMatchObject({ orgId: String(province.id), balanceAfterLi: '50000', duplicate: false });
    const sent = await caller(provinceAdmin).transferToOrg({ toOrgId: String(city.id), amountLi: '12345' });
    expect(wire(sent)).toMatchObject({ fromBalanceAfterLi: '37655', toBalanceAfterLi: '12345', thawed: false });

    const overview = await caller(provinceAdmin).getBillingOverview({ orgId: String(city.id) });
    expect(wire(overview)).toMatchObject({ balanceLi: '12345', spendableLi: '12345', frozen: false });
    const ledger = await caller(provinceAdmin).listLedger({ orgId: String(city.id) });
    expect(wire(ledger)).toMatchObject({
      total: 1,
      items: [{ kind: 'transfer_in', amountLi: '12345', counterpartyOrgId: String(province.id) }],
      totals: { netLi: '12345' },
    });
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const statement = await caller(provinceAdmin).getStatement({ orgId: String(city.id), month });
    expect(wire(statement)).toMatchObject({ openingLi: '0', closingLi: '12345', transfersInLi: '12345' });
    const prices = await caller(provinceAdmin).listPrices({ orgId: String(city.id) });
    expect(wire(prices)).toMatchObject({ orgId: String(city.id), manageable: true });
    const plans = await caller(provinceAdmin).getBillingPlans({ orgId: String(city.id) });
    expect(wire(plans)).toMatchObject({ orgId: String(city.id), manageable: true });
    expect(wire(await caller(provinceAdmin).listInvoices({}))).toMatchObject({ total: 0, invoiceableLi: '50000' });
  });

  it('sends workbooks as base64', async () => {
    const file = await caller(provinceAdmin).exportLedgerXlsx({ orgId: String(city.id) });
    expect(file).toMatchObject({ filename: `ledger-${city.id}.xlsx`, rows: 1 });
    expect(Buffer.from(file.contentBase64, 'base64').subarray(0, 2).toString()).toBe('PK');
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const statement = await caller(provinceAdmin).exportStatementXlsx({ orgId: String(city.id), month });
    expect(Buffer.from(statement.contentBase64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses with the operation’s code and validates inputs', async () => {
    const error = await caller(provinceAdmin)
      .transferToOrg({ toOrgId: String(city.id), amountLi: '999999999' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('PAYMENT_REQUIRED');
    expect(((error as TRPCError).cause as ApiError).code).toBe('insufficient_balance');
    await expect(
      caller(provinceAdmin).transferToOrg({ toOrgId: String(city.id), amountLi: '-5' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(caller(provinceAdmin).getStatement({ month: '2026-13' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
