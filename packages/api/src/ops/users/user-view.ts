import type { Prisma, UserRole, UserStatus } from '@smshub/db';

export interface UserView {
  readonly id: bigint;
  readonly orgId: bigint;
  readonly orgName: string;
  readonly email: string;
  readonly name: string;
  readonly phone: string | null;
  readonly role: UserRole;
  readonly status: UserStatus;
  readonly lastLoginAt: Date | null;
  readonly createdAt: Date;
}

export const USER_VIEW_SELECT = {
  id: true,
  orgId: true,
  org: { select: { name: true } },
  email: true,
  name: true,
  phone: true,
  role: true,
  status: true,
  lastLoginAt: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export function toUserView(row: Prisma.UserGetPayload<{ select: typeof USER_VIEW_SELECT }>): UserView {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.org.name,
    email: row.email,
    name: row.name,
    phone: row.phone,
    role: row.role,
    status: row.status,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
  };
}
