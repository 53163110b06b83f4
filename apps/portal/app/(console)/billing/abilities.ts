import type { Principal } from '@smshub/api';

/** What the billing pages offer beyond reading, by the viewer's permissions (the server checks again). */
export interface BillingAbilities {
  /** Pay online, transfer to an org below, ask for invoices. */
  readonly recharge: boolean;
  /** Prices and billing plans of orgs below. */
  readonly manage: boolean;
  /** The platform's bookkeeping: manual recharge, adjustments, invoices issued. */
  readonly operate: boolean;
  /** The low-balance threshold of the caller's own org (billing:manage and an administrator of it). */
  readonly ownThreshold: boolean;
}

export function billingAbilities(principal: Principal): BillingAbilities {
  return {
    recharge: principal.permissions.has('billing:recharge'),
    manage: principal.permissions.has('billing:manage'),
    operate: principal.permissions.has('billing:operate'),
    ownThreshold:
      principal.permissions.has('billing:manage') &&
      principal.actor.kind === 'user' &&
      (principal.actor.role === 'admin' || principal.actor.role === 'owner'),
  };
}
