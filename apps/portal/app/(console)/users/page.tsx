import { requireRoute } from '../../../src/console/require-route';
import { UsersView } from './users-view';

export default async function UsersPage() {
  await requireRoute('/users');
  return <UsersView />;
}
