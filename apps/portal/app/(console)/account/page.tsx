import { requireRoute } from '../../../src/console/require-route';
import { AccountView } from './account-view';

export default async function AccountPage() {
  await requireRoute('/account');
  return <AccountView />;
}
