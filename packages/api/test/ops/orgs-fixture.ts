import type { Org, OrgKind, User, UserRole } from '@smshub/db';
import { permissionsOfRole, permissionsOfScopes, type Principal } from '../../src/index.js';
import { createApiFixture, type ApiFixture } from '../api-fixture.js';

/**
 * A small org tree for the console's operations, and principals acting in it:
 *
 *   platform
 *   ├── province            (provinceAdmin)
 *   │   ├── city            (cityAdmin, cityViewer)  ← the usual actor
 *   │   │   └── county
 *   │   │       └── department
 *   │   └── sibling         (a city beside it)
 *   └── other               (an unrelated province)
 */
export interface ConsoleTree {
  readonly fx: ApiFixture;
  readonly province: Org;
  readonly city: Org;
  readonly county: Org;
  readonly department: Org;
  readonly sibling: Org;
  readonly other: Org;
  /** A user in each org, role admin unless named otherwise. */
  readonly users: {
    readonly provinceAdmin: User;
    readonly cityAdmin: User;
    readonly cityOwner: User;
    readonly cityViewer: User;
    readonly countyOperator: User;
    readonly siblingAdmin: User;
    readonly otherAdmin: User;
  };
  /** The principal of a console user (its role's permissions in its org). */
  as(user: User): Promise<Principal>;
  /** The principal of an API key of `org` with these scopes (none: every scope). */
  asKey(org: Org, scopes?: string[]): Principal;
  /** Another user in `org`. */
  user(org: Org, role: UserRole, name?: string): Promise<User>;
  close(): Promise<void>;
}

let userSequence = 0;

export async function createConsoleTree(): Promise<ConsoleTree> {
  const fx = await createApiFixture();
  const org = (kind: OrgKind, name: string, parent: Org | null) =>
    fx.prisma.org.create({
      data: { kind, name, parentId: (parent ?? fx.platform).id, billingMode: 'prepaid', balance: 500_000n },
    });
  const province = await org('province', '某省', null);
  const city = await org('city', '某市', province);
  const county = await org('county', '某县', city);
  const department = await org('department', '某局', county);
  const sibling = await org('city', '邻市', province);
  const other = await org('province', '他省', null);
  const user = (at: Org, role: UserRole, name = `${role} of ${at.name}`) =>
    fx.prisma.user.create({
      data: { orgId: at.id, email: `user${++userSequence}-${Date.now()}@example.cn`, name, role, passwordHash: 'x' },
    });
  const users = {
    provinceAdmin: await user(province, 'admin'),
    cityAdmin: await user(city, 'admin'),
    cityOwner: await user(city, 'owner'),
    cityViewer: await user(city, 'viewer'),
    countyOperator: await user(county, 'operator'),
    siblingAdmin: await user(sibling, 'admin'),
    otherAdmin: await user(other, 'admin'),
  };
  return {
    fx,
    province,
    city,
    county,
    department,
    sibling,
    other,
    users,
    user,
    async as(u) {
      const [current, at] = await Promise.all([
        fx.prisma.user.findUniqueOrThrow({ where: { id: u.id } }),
        fx.prisma.org.findUniqueOrThrow({ where: { id: u.orgId } }),
      ]);
      return {
        orgId: at.id,
        orgPath: at.path,
        orgKind: at.kind,
        extensionCode: at.extensionCode,
        actor: { kind: 'user', userId: current.id, role: current.role, sessionId: `test-${current.id}` },
        permissions: permissionsOfRole(current.role, at.kind),
        address: '198.51.100.10',
      };
    },
    asKey(at, scopes = []) {
      return {
        orgId: at.id,
        orgPath: at.path,
        orgKind: at.kind,
        extensionCode: at.extensionCode,
        actor: { kind: 'api_key', keyId: 0n },
        permissions: permissionsOfScopes(scopes, at.kind),
        address: '198.51.100.10',
      };
    },
    close: () => fx.close(),
  };
}

/** Everything an operation could have changed, to compare before and after a refusal. */
export async function snapshot(fx: ApiFixture) {
  const [orgs, users, orgTypes, userTypes, sessions, audit] = await Promise.all([
    fx.prisma.org.findMany({ orderBy: { id: 'asc' } }),
    fx.prisma.user.findMany({ orderBy: { id: 'asc' } }),
    fx.prisma.orgBusinessType.findMany({ orderBy: [{ orgId: 'asc' }, { businessTypeId: 'asc' }] }),
    fx.prisma.userBusinessType.findMany({ orderBy: [{ userId: 'asc' }, { businessTypeId: 'asc' }] }),
    fx.prisma.userSession.findMany({ orderBy: { id: 'asc' } }),
    fx.prisma.auditEntry.count(),
  ]);
  return { orgs, users, orgTypes, userTypes, sessions, audit };
}
