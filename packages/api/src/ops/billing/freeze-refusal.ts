import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';

/**
 * Intake's word for a frozen org (decision 0186: nothing to spend for longer than the platform
 * allows). Asked only once intake has refused a request for want of money — a frozen org has
 * nothing to spend by definition, so every charged send of it ends there — which keeps the check
 * off the hot path: an org that can pay never pays this read. 402, like insufficient_balance:
 * what lifts it is money, and a recharge or a transfer thaws the org in the same statement that
 * books it (bookLedgerEntry), so the next send is accepted.
 */
export async function refuseFrozenOrg(deps: Pick<ApiDeps, 'pool'>, orgId: bigint): Promise<void> {
  const result = await deps.pool.query<{ status: string; frozen_at: Date | null }>(
    'SELECT status, frozen_at FROM orgs WHERE id = $1',
    [orgId],
  );
  const org = result.rows[0];
  if (org === undefined || org.status !== 'frozen') return;
  throw new ApiError(
    'account_frozen',
    `your org's account is frozen${org.frozen_at === null ? '' : ` since ${org.frozen_at.toISOString()}`}: it had nothing to spend (balance and message packs at zero) for longer than the platform allows, so it cannot send. ` +
      'Recharge online in the console (Billing → Recharge) or ask your superior org for a transfer; the account thaws as soon as the money is booked. Nothing was sent or charged.',
    { frozen_at: org.frozen_at?.toISOString() ?? null },
  );
}
