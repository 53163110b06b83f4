import { requireRoute } from '../../../src/console/require-route';
import { DeveloperView } from './developer-view';

export default async function DeveloperPage() {
  await requireRoute('/developer');
  return <DeveloperView />;
}
