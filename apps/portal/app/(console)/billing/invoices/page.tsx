import { billingAbilities } from '../abilities';
import { requireRoute } from '../../../../src/console/require-route';
import { InvoicesView } from './invoices-view';

export default async function InvoicesPage() {
  const principal = await requireRoute('/billing/invoices');
  return <InvoicesView can={billingAbilities(principal)} />;
}
