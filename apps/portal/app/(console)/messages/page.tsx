import { requireRoute } from '../../../src/console/require-route';
import { MessagesView } from './messages-view';

export default async function MessagesPage() {
  const principal = await requireRoute('/messages');
  return <MessagesView masked={!principal.permissions.has('messages:send')} />;
}
