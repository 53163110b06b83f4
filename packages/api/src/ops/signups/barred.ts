import type { BarredKind, PrismaClient } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import { requireCreditCode, requireResidentId } from './identity-input.js';

export interface BarredPartyView {
  readonly id: string;
  readonly kind: BarredKind;
  readonly identifier: string;
  readonly name: string;
  readonly reason: string;
  readonly createdAt: Date;
}

type BarredRow = { id: bigint; kind: BarredKind; identifier: string; name: string; reason: string; createdAt: Date };

function view(row: BarredRow): BarredPartyView {
  return { ...row, id: String(row.id) };
}

/** The barred entries matching a sign-up's person or company (empty: none). */
export async function findBarredHits(
  prisma: Pick<PrismaClient, 'barredParty'>,
  identity: { readonly creditCode: string; readonly contactIdNumber: string },
): Promise<BarredPartyView[]> {
  const rows = await prisma.barredParty.findMany({
    where: {
      OR: [
        { kind: 'company', identifier: identity.creditCode },
        { kind: 'person', identifier: identity.contactIdNumber },
      ],
    },
    orderBy: { id: 'asc' },
  });
  return rows.map(view);
}

/** "company 91350100M000100Y43 (某公司): reason" — what org_identities.barred_hit keeps. */
export function describeHits(hits: readonly BarredPartyView[]): string {
  return hits
    .map((hit) => `${hit.kind} ${hit.identifier} (${hit.name}): ${hit.reason}`)
    .join('; ')
    .slice(0, 300);
}

export interface ListBarredInput {
  readonly kind?: BarredKind | undefined;
  /** Part of the identifier or the name. */
  readonly search?: string | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export async function listBarred(deps: ApiDeps, principal: Principal, input: ListBarredInput) {
  requirePermission(principal, 'signups:review');
  const search = input.search?.trim() ?? '';
  const where = {
    ...(input.kind === undefined ? {} : { kind: input.kind }),
    ...(search === ''
      ? {}
      : { OR: [{ identifier: { contains: search.toUpperCase() } }, { name: { contains: search } }] }),
  };
  const [total, rows] = await Promise.all([
    deps.prisma.barredParty.count({ where }),
    deps.prisma.barredParty.findMany({
      where,
      orderBy: { id: 'desc' },
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
  ]);
  return { total, items: rows.map(view) };
}

export interface AddBarredInput {
  readonly kind: BarredKind;
  readonly identifier: string;
  readonly name: string;
  readonly reason: string;
}

/** Adds a person (by identity number) or a company (by credit code); both checked as sign-up checks them. */
export async function addBarred(deps: ApiDeps, principal: Principal, input: AddBarredInput): Promise<BarredPartyView> {
  requirePermission(principal, 'signups:review');
  const identifier =
    input.kind === 'company'
      ? requireCreditCode(input.identifier, 'identifier')
      : requireResidentId(input.identifier, deps.now(), 'identifier');
  const name = input.name.trim();
  const reason = input.reason.trim();
  if (name === '' || reason === '') {
    throw new ApiError('validation_error', 'a barred entry needs a name and a reason', {
      part: 'body',
      issues: [{ path: name === '' ? 'name' : 'reason', code: 'too_small', message: 'required' }],
      issue_count: 1,
    });
  }
  return deps.prisma.$transaction(async (tx) => {
    const existing = await tx.barredParty.findUnique({ where: { kind_identifier: { kind: input.kind, identifier } } });
    if (existing !== null) {
      throw new ApiError('already_exists', `${input.kind} ${identifier} is already on the barred list`, {
        field: 'identifier',
        id: String(existing.id),
      });
    }
    const row = await tx.barredParty.create({ data: { kind: input.kind, identifier, name, reason } });
    await recordAudit(tx, principal, {
      orgId: principal.orgId,
      action: 'barred.add',
      targetType: 'barred_party',
      targetId: row.id,
      details: { kind: row.kind, identifier, name, reason },
    });
    return view(row);
  });
}

export async function removeBarred(deps: ApiDeps, principal: Principal, input: { readonly id: bigint }): Promise<void> {
  requirePermission(principal, 'signups:review');
  await deps.prisma.$transaction(async (tx) => {
    const row = await tx.barredParty.findUnique({ where: { id: input.id } });
    if (row === null) throw ApiError.notFound('barred entry', String(input.id));
    await tx.barredParty.delete({ where: { id: input.id } });
    await recordAudit(tx, principal, {
      orgId: principal.orgId,
      action: 'barred.remove',
      targetType: 'barred_party',
      targetId: row.id,
      details: { kind: row.kind, identifier: row.identifier, name: row.name },
    });
  });
}
