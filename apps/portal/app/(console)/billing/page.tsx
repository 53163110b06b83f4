import { billingAbilities } from './abilities';
import { requireRoute } from '../../../src/console/require-route';
import { OverviewView } from './overview-view';

export default async function BillingOverviewPage() {
  const principal = await requireRoute('/billing');
  return <OverviewView can={billingAbilities(principal)} />;
}
