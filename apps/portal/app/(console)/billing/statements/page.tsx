import { billingAbilities } from '../abilities';
import { requireRoute } from '../../../../src/console/require-route';
import { StatementsView } from './statements-view';

export default async function StatementsPage() {
  const principal = await requireRoute('/billing/statements');
  return <StatementsView can={billingAbilities(principal)} />;
}
