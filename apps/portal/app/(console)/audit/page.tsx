import { requireRoute } from '../../../src/console/require-route';
import { AuditView } from './audit-view';

export default async function AuditPage() {
  await requireRoute('/audit');
  return <AuditView />;
}
