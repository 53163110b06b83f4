import { requireRoute } from '../../../src/console/require-route';
import { ApiKeysView } from './api-keys-view';

export default async function ApiKeysPage() {
  const principal = await requireRoute('/api-keys');
  return <ApiKeysView platform={principal.orgKind === 'platform'} />;
}
