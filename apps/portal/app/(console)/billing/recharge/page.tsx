import { billingAbilities } from '../abilities';
import { requireRoute } from '../../../../src/console/require-route';
import { RechargeView } from './recharge-view';

/** Stripe Checkout comes back here with ?order=<id> (the recharge order it paid, or not). */
export default async function RechargePage({ searchParams }: { searchParams: Promise<{ order?: string | string[] }> }) {
  const principal = await requireRoute('/billing/recharge');
  const { order } = await searchParams;
  const orderId = typeof order === 'string' && /^[1-9][0-9]{0,18}$/.test(order) ? order : null;
  return <RechargeView can={billingAbilities(principal)} orderId={orderId} />;
}
