import { requireRoute } from '../../../src/console/require-route';
import { OrgsView } from './orgs-view';

export default async function OrgsPage() {
  await requireRoute('/orgs');
  return <OrgsView />;
}
