import { requireRoute } from '../../../src/console/require-route';
import { SignupsView } from './signups-view';

export default async function SignupsPage() {
  await requireRoute('/signups');
  return <SignupsView />;
}
