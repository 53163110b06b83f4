import { requireRoute } from '../../src/console/require-route';
import { HomeView } from './home-view';

export default async function HomePage() {
  await requireRoute('/');
  return <HomeView />;
}
