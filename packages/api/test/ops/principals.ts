import type { Org, UserRole } from '@smshub/db';
import { permissionsOfRole, type Principal } from '../../src/index.js';
import type { ApiFixture } from '../api-fixture.js';

let userSequence = 0;

/** A signed-in user of `org` with `role`, as the console's session would make the principal. */
export async function userPrincipal(fx: ApiFixture, org: Org, role: UserRole): Promise<Principal> {
  const user = await fx.prisma.user.create({
    data: {
      orgId: org.id,
      email: `ops-${++userSequence}-${org.id}@smshub.test`,
      name: `user ${userSequence}`,
      passwordHash: 'not-used',
      role,
    },
  });
  return {
    orgId: org.id,
    orgPath: org.path,
    orgKind: org.kind,
    extensionCode: org.extensionCode,
    actor: { kind: 'user', userId: user.id, role, sessionId: `session-${userSequence}` },
    permissions: permissionsOfRole(role, org.kind),
    address: '198.51.100.20',
  };
}

/** Orgs re-read after creation: path is the database's (trigger), not known to create(). */
export async function reload(fx: ApiFixture, org: Org): Promise<Org> {
  return fx.prisma.org.findUniqueOrThrow({ where: { id: org.id } });
}
