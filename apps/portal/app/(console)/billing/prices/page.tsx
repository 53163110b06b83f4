import { billingAbilities } from '../abilities';
import { requireRoute } from '../../../../src/console/require-route';
import { PricesView } from './prices-view';

export default async function PricesPage() {
  const principal = await requireRoute('/billing/prices');
  return <PricesView can={billingAbilities(principal)} />;
}
