import type { ApiDeps } from '../../v1/deps.js';
import type { Principal } from '../principal.js';

export interface WhoAmI {
  readonly orgId: string;
  readonly orgName: string;
  readonly orgKind: Principal['orgKind'];
  readonly orgStatus: string;
  /** The signed-in person, or the API key's name. */
  readonly name: string;
  readonly email: string | null;
  readonly role: string | null;
  readonly permissions: readonly string[];
}

/** What the console's header shows about who is signed in. */
export async function whoAmI(deps: Pick<ApiDeps, 'prisma'>, principal: Principal): Promise<WhoAmI> {
  const org = await deps.prisma.org.findUniqueOrThrow({
    where: { id: principal.orgId },
    select: { name: true, status: true },
  });
  const person =
    principal.actor.kind === 'user'
      ? await deps.prisma.user.findUniqueOrThrow({
          where: { id: principal.actor.userId },
          select: { name: true, email: true },
        })
      : await deps.prisma.apiKey
          .findUniqueOrThrow({ where: { id: principal.actor.keyId }, select: { name: true } })
          .then((key) => ({ name: key.name, email: null }));
  return {
    orgId: String(principal.orgId),
    orgName: org.name,
    orgKind: principal.orgKind,
    orgStatus: org.status,
    name: person.name,
    email: person.email,
    role: principal.actor.kind === 'user' ? principal.actor.role : null,
    permissions: [...principal.permissions],
  };
}
