import type { OrgKind, OrgStatus } from '@smshub/db';

/**
 * Which kinds of org may hang below which: the hierarchy platform → province → city → county →
 * department, with enterprise customers and partners (resellers) below any government level.
 * A department may have departments of its own (offices, sections); an enterprise opens
 * departments as sub-accounts; a partner serves enterprises. Nothing is ever created below
 * as a platform: there is one root.
 */
export const CHILD_KINDS: Readonly<Record<OrgKind, readonly OrgKind[]>> = {
  platform: ['province', 'department', 'enterprise', 'partner'],
  province: ['city', 'department', 'enterprise', 'partner'],
  city: ['county', 'department', 'enterprise', 'partner'],
  county: ['department', 'enterprise', 'partner'],
  department: ['department'],
  enterprise: ['department'],
  partner: ['enterprise', 'department'],
};

export function isChildKindAllowed(parent: OrgKind, child: OrgKind): boolean {
  return CHILD_KINDS[parent].includes(child);
}

/** What an admin does to an org below its own; pending/refused belong to the sign-up review. */
export type OrgStatusAction = 'disable' | 'enable' | 'close';

/**
 * From which statuses each action goes, and where to. Closing is final: a closed org's numbers
 * and history stay, but it is never enabled again.
 */
export const ORG_STATUS_TRANSITIONS: Readonly<
  Record<OrgStatusAction, { readonly from: readonly OrgStatus[]; readonly to: OrgStatus }>
> = {
  disable: { from: ['active'], to: 'suspended' },
  enable: { from: ['suspended'], to: 'active' },
  close: { from: ['active', 'suspended'], to: 'closed' },
};

/** The status after `action`, or null when the action does not apply to an org in `status`. */
export function nextOrgStatus(status: OrgStatus, action: OrgStatusAction): OrgStatus | null {
  const transition = ORG_STATUS_TRANSITIONS[action];
  return transition.from.includes(status) ? transition.to : null;
}
