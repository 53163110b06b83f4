import { billingAbilities } from '../abilities';
import { requireRoute } from '../../../../src/console/require-route';
import { LedgerView } from './ledger-view';

export default async function LedgerPage() {
  const principal = await requireRoute('/billing/ledger');
  return <LedgerView can={billingAbilities(principal)} />;
}
